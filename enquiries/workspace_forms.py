"""Forms of the staff inbox: the list's filters, the changes on an enquiry's page, and
the access log's filter.

Each change form carries the enquiry's ``version`` (hidden) for
``selvhjelp.concurrency.version_claim``, and a prefix of its own: an enquiry's page shows
all of them at once, and a refused one is shown again with what was typed.
"""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from enquiries.models import Enquiry
from enquiries.selectors import (
    ASSIGNED_TO_ME,
    ASSIGNED_TO_NOBODY,
    INBOX_ALL,
    INBOX_OPEN,
    assignable_members,
    linkable_groups,
)
from enquiries.services import NOTE_MAX_LENGTH, REOPEN_STATUS


class InboxFilterForm(forms.Form):
    """The inbox's filters (GET). Anything it does not understand reads as "open ones,
    anyone's": a mistyped address still shows the inbox."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (INBOX_OPEN, _("Open (not closed)")),
            *[(value, capfirst(label)) for value, label in Enquiry.Status.choices],
            (INBOX_ALL, _("All, also closed")),
        ],
    )
    assigned = forms.ChoiceField(
        label=_("Assigned to"),
        required=False,
        choices=[
            ("", _("Anyone or nobody")),
            (ASSIGNED_TO_ME, _("Me")),
            (ASSIGNED_TO_NOBODY, _("Nobody yet")),
        ],
    )
    overdue = forms.BooleanField(label=_("Only overdue ones"), required=False)

    def filters(self):
        """The filters to apply: the valid ones, the defaults for the rest."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "status": data.get("status") or INBOX_OPEN,
            "assigned": data.get("assigned") or "",
            "overdue": bool(data.get("overdue")),
        }


class EnquiryChangeForm(forms.Form):
    """A change to an enquiry: carries the version the page was opened with."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, enquiry, **kwargs):
        self.enquiry = enquiry
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", enquiry.version)
        super().__init__(*args, **kwargs)


class EnquiryStatusForm(EnquiryChangeForm):
    prefix = "status"

    to_status = forms.ChoiceField(
        label=_("New status"),
        choices=[("", _("Choose a status"))]
        + [
            (value, capfirst(label))
            for value, label in Enquiry.Status.choices
            if value != Enquiry.Status.NEW
        ],
        error_messages={
            "required": _("Choose the enquiry's new status."),
            "invalid_choice": _("Choose a status from the list."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.enquiry.status == Enquiry.Status.CLOSED:
            # Closed: the only change is reopening (the service refuses anything else).
            self.fields["to_status"].widget = forms.HiddenInput()
            self.initial["to_status"] = REOPEN_STATUS
        else:
            self.fields["to_status"].widget.choices = [
                choice
                for choice in self.fields["to_status"].choices
                if choice[0] != self.enquiry.status
            ]


class EnquiryAssignForm(EnquiryChangeForm):
    prefix = "assign"

    assigned_to = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=None,
        required=False,
        empty_label=_("Nobody"),
        error_messages={
            "invalid_choice": _(
                "Only a member of this contact point's team can be assigned an enquiry."
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["assigned_to"]
        field.queryset = assignable_members(contact_point=self.enquiry.contact_point)
        field.label_from_instance = lambda user: (
            f"{user.full_name} ({user.email})" if user.full_name else user.email
        )
        self.initial.setdefault("assigned_to", self.enquiry.assigned_to_id)


class EnquiryNoteForm(EnquiryChangeForm):
    prefix = "note"

    body = forms.CharField(
        label=_("Internal note"),
        max_length=NOTE_MAX_LENGTH,
        help_text=_(
            "Only your colleagues see it, never the person who wrote. Write what was done "
            "or agreed, not more about their health than the work needs."
        ),
        error_messages={
            "required": _("Write the note."),
            "max_length": _(
                "The note is too long: write at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EnquiryGroupForm(EnquiryChangeForm):
    prefix = "group"

    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=None,
        required=False,
        empty_label=_("No group"),
        error_messages={
            "invalid_choice": _(
                "That group is not one of this contact point's open groups. Choose one "
                "from the list."
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = linkable_groups(
            contact_point=self.enquiry.contact_point, current=self.enquiry.group
        )
        self.initial.setdefault("group", self.enquiry.group_id)


class AccessLogFilterForm(forms.Form):
    enquiry = forms.IntegerField(
        label=_("Enquiry number"),
        required=False,
        min_value=1,
        help_text=_("Leave empty to see every reading."),
        error_messages={"invalid": _("Write the enquiry's number, for example 12.")},
    )
