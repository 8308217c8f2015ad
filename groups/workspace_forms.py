"""Forms of the staff workspace for groups and the starter roster.

They parse and check what staff type; the services in ``groups.services`` and
``contactpoints.roster`` check the rules again inside their transaction.
"""

import datetime
import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contactpoints.models import Starter
from contactpoints.roster import STARTER_FIELDS
from groups import lifecycle
from groups.models import SelfHelpGroup, Topic
from groups.selectors import STATUS_ALL, STATUS_CURRENT
from groups.services import GROUP_FIELDS, MAX_GENERATED_MEETINGS
from regions.models import Municipality

PHONE_ALLOWED = re.compile(r"^\+?[0-9 ]+$")


class TopicsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class MunicipalityField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.county.name})"


def _topics_field(help_text):
    return TopicsField(
        label=_("Topics"),
        queryset=Topic.objects.order_by("position", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class GroupForm(forms.ModelForm):
    """Creating or editing a group: everything about it that staff decide.

    When editing (``version`` given), the form carries the version it was opened with,
    so that a save over someone else's is noticed (``selvhjelp.concurrency``).
    """

    topics = _topics_field(_("Residents find the group by these in the group search."))
    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        choices=[("", _("Not decided yet")), *SelfHelpGroup.Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = SelfHelpGroup
        fields = [
            "title",
            "description",
            "topics",
            "kind",
            "format",
            "municipality",
            "venue_name",
            "venue_address",
            "show_venue_publicly",
            "weekday",
            "start_time",
            "frequency",
            "planned_start",
            "open_for_new_members",
        ]
        field_classes = {"municipality": MunicipalityField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "kind": forms.RadioSelect,
            "format": forms.RadioSelect,
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "planned_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "title": _("What residents see first, e.g. “Conversation group for relatives”."),
            "description": _(
                "What the group is, who it is for, and what joining means. Shown on the "
                "group's public page."
            ),
            "venue_name": _("Where the group meets, e.g. the library's meeting room."),
            "planned_start": _("When the first meeting is planned, if it is known."),
            "open_for_new_members": _("Untick when the group does not take new members."),
        }
        error_messages = {
            "title": {"required": _("Give the group a title.")},
            "municipality": {
                "required": _("Choose the municipality the group belongs to."),
                "invalid_choice": _("Choose a municipality from the list."),
            },
            "start_time": {"invalid": _("Write the time as hours and minutes, e.g. 18:00.")},
            "planned_start": {"invalid": _("Write a date, e.g. 15.01.2026.")},
        }

    def __init__(self, *args, contact_point, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.municipality_id if self.instance.pk else None
        self.fields["municipality"].queryset = (
            Municipality.objects.filter(Q(is_current=True) | Q(pk=current))
            .select_related("county")
            .order_by("name")
        )
        if not self.instance.pk:
            self.fields["municipality"].initial = contact_point.municipality_id
            del self.fields["version"]
        else:
            self.fields["version"].initial = self.instance.version
        self.fields["municipality"].empty_label = None

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Give the group a title."), code="required")
        return title

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("show_venue_publicly") and not cleaned.get("venue_name"):
            self.add_error(
                "venue_name",
                forms.ValidationError(
                    _("Name the venue before showing it publicly."), code="venue_required"
                ),
            )
        if (
            self.instance.pk
            and self.instance.status == SelfHelpGroup.Status.CLOSED
            and cleaned.get("open_for_new_members")
        ):
            self.add_error(
                "open_for_new_members",
                forms.ValidationError(
                    _(
                        "A closed group cannot be open for new members. Reopen it first "
                        "(change its status)."
                    ),
                    code="closed_group_open",
                ),
            )
        return cleaned

    def _post_clean(self):
        # The services check the model's rules inside their transaction, against the
        # saved group; checking them here too would report them twice.
        pass

    def group_fields(self):
        """The cleaned fields the services take (``groups.services.GROUP_FIELDS``)."""
        return {name: self.cleaned_data[name] for name in GROUP_FIELDS}


class GroupFilterForm(forms.Form):
    """The group list's filters, in the address: ``status`` and ``obs`` (attention)."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (STATUS_CURRENT, _("Current groups (not closed)")),
            *SelfHelpGroup.Status.choices,
            (STATUS_ALL, _("All groups, closed ones too")),
        ],
        required=False,
    )
    obs = forms.BooleanField(label=_("Only groups that need attention"), required=False)

    def filters(self):
        """``(status, attention)``; a value that does not parse shows the default."""
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("status", STATUS_CURRENT), bool(data.get("obs"))


class GroupStatusForm(forms.Form):
    """A step in the group's lifecycle. Only the allowed next statuses are offered;
    ``groups.services.group_status_change`` refuses any other with a message."""

    to_status = forms.ChoiceField(
        label=_("New status"),
        choices=SelfHelpGroup.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the new status."),
            "invalid_choice": _("Choose a status from the list."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why the status changes; kept in the group's history. When closing, this is "
            "the closing note, and it is required."
        ),
    )
    effective_on = forms.DateField(
        label=_("From date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Give the date the change applies from."),
            "invalid": _("Write a date, e.g. 15.01.2026."),
        },
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].initial = timezone.localdate()
        allowed = lifecycle.next_statuses(group.status)
        self.fields["to_status"].widget.choices = [
            (status, SelfHelpGroup.Status(status).label) for status in allowed
        ]


DURATION_CHOICES = [
    (60, _("1 hour")),
    (90, _("1½ hours")),
    (120, _("2 hours")),
    (150, _("2½ hours")),
    (180, _("3 hours")),
]
INTERVAL_CHOICES = [
    (SelfHelpGroup.Frequency.WEEKLY, SelfHelpGroup.Frequency.WEEKLY.label),
    (SelfHelpGroup.Frequency.BIWEEKLY, SelfHelpGroup.Frequency.BIWEEKLY.label),
    (SelfHelpGroup.Frequency.MONTHLY, SelfHelpGroup.Frequency.MONTHLY.label),
]


def first_meeting_suggestion(group, today=None):
    """When the first meeting probably is: the planned start, or else the next of the
    group's weekday from tomorrow, moved to the group's weekday if it has one."""
    today = today or timezone.localdate()
    start = group.planned_start if group.planned_start and group.planned_start > today else None
    start = start or today + datetime.timedelta(days=1)
    if group.weekday is not None:
        start += datetime.timedelta(days=(group.weekday - start.weekday()) % 7)
    return start


class MeetingsGenerateForm(forms.Form):
    """The first meetings of a group: from a date, at a time, how many, how often."""

    first_date = forms.DateField(
        label=_("Date of the first meeting"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The next meetings fall on the same weekday."),
        error_messages={
            "required": _("Give the date of the first meeting."),
            "invalid": _("Write a date, e.g. 15.01.2026."),
        },
    )
    start_time = forms.TimeField(
        label=_("Starts at"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Give the time the meetings start."),
            "invalid": _("Write the time as hours and minutes, e.g. 18:00."),
        },
    )
    duration = forms.TypedChoiceField(
        label=_("Each meeting lasts"), choices=DURATION_CHOICES, coerce=int, initial=120
    )
    interval = forms.ChoiceField(label=_("How often"), choices=INTERVAL_CHOICES)
    count = forms.IntegerField(
        label=_("Number of meetings"),
        min_value=1,
        max_value=MAX_GENERATED_MEETINGS,
        initial=3,
        help_text=_("Usually the first three, which a starter attends."),
        error_messages={
            "required": _("Give the number of meetings."),
            "min_value": _("Add at least one meeting."),
            "max_value": _("Add at most %(limit_value)s meetings at a time."),
        },
    )

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_date"].initial = first_meeting_suggestion(group)
        self.fields["start_time"].initial = group.start_time
        if group.frequency in dict(INTERVAL_CHOICES):
            self.fields["interval"].initial = group.frequency

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("first_date"), cleaned.get("start_time")
        if day and time:
            moment = timezone.make_aware(datetime.datetime.combine(day, time))
            if moment <= timezone.now():
                self.add_error(
                    "first_date",
                    forms.ValidationError(
                        _("The first meeting must be in the future."), code="meeting_past"
                    ),
                )
        return cleaned


class StarterForm(forms.ModelForm):
    """A starter on the roster: who, how to reach them, what they know, when they can."""

    topics = _topics_field(_("Topics the starter knows well or would like to start groups on."))

    class Meta:
        model = Starter
        fields = [
            "name",
            "email",
            "phone",
            "trained_on",
            "topics",
            "availability",
            "shared_in_region",
        ]
        widgets = {
            "trained_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }
        labels = {"trained_on": _("Starter training completed")}
        help_texts = {
            "email": _("Messages about meetings go here. Give an email address or a phone number."),
            "phone": _("Used for text messages when there is no email address."),
            "trained_on": _("When the starter took part in starter training, if known."),
            "shared_in_region": _(
                "The other contact points in your region may then ask this starter to come to "
                "their groups' first meetings. They see the name, topics, availability and "
                "training date, not the email address or phone number."
            ),
        }
        error_messages = {
            "name": {"required": _("Write the starter's name.")},
            "trained_on": {"invalid": _("Write a date, e.g. 15.01.2026.")},
        }

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Write the starter's name."), code="required")
        return name

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        if not phone:
            return ""
        digits = re.sub(r"\D", "", phone)
        if not PHONE_ALLOWED.match(phone) or not 8 <= len(digits) <= 15:
            raise forms.ValidationError(
                _("Write a phone number with 8 digits, or with a country code such as +47."),
                code="invalid",
            )
        return phone

    def clean_trained_on(self):
        trained_on = self.cleaned_data["trained_on"]
        if trained_on and trained_on > timezone.localdate():
            raise forms.ValidationError(
                _("The training date cannot be in the future."), code="future"
            )
        return trained_on

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("email")
            and not cleaned.get("phone")
            and "email" not in self.errors
            and "phone" not in self.errors
        ):
            self.add_error(
                "email",
                forms.ValidationError(
                    _("Give the starter's email address or phone number."), code="required"
                ),
            )
        return cleaned

    def _post_clean(self):
        # contactpoints.roster checks the model's rules when saving.
        pass

    def starter_fields(self):
        return {name: self.cleaned_data[name] for name in STARTER_FIELDS}
