"""Forms of the workspace's event pages: an event, and a message to its registrants."""

import uuid

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from events.models import Event
from regions.models import Municipality

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
MESSAGE_MAX_LENGTH = 1000


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's own date and time picker; the value is typed in Oslo time."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


class EventForm(forms.ModelForm):
    """Creating or editing an event. The view hands ``cleaned_data`` to
    ``events.services.event_create`` / ``event_update``; the form never saves."""

    is_online = forms.TypedChoiceField(
        label=_("How does it take place?"),
        choices=[("False", _("In person")), ("True", _("Online"))],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (Event.Status.PUBLISHED, _("Published: shown on the website, people can register")),
            (Event.Status.DRAFT, _("Draft: only your team sees it")),
        ],
        widget=forms.RadioSelect,
    )
    online_url = forms.URLField(
        label=_("Link to the online meeting"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_(
            "Never shown on the website: it is sent to registered people only. You can add "
            "it later; they are told when it changes."
        ),
    )
    capacity = forms.IntegerField(
        label=_("Number of places"),
        required=False,
        min_value=1,
        help_text=_("Leave empty for no limit. When it is full, people join a waiting list."),
        error_messages={"min_value": _("Write 1 or more, or leave it empty for no limit.")},
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "audience",
            "intended_outcome",
            "description",
            "starts_at",
            "ends_at",
            "is_online",
            "municipality",
            "venue_name",
            "venue_address",
            "online_url",
            "capacity",
            "status",
        ]
        labels = {
            "kind": _("Kind of event"),
            "audience": _("For whom"),
            "intended_outcome": _("What it should lead to"),
            "starts_at": _("Starts"),
            "ends_at": _("Ends"),
            "venue_name": _("Venue"),
            "venue_address": _("Street address"),
        }
        help_texts = {
            "title": _("Shown on the website and in messages to registered people."),
            "intended_outcome": _("What you hope people do afterwards."),
            "description": _(
                "What happens, who speaks, what people may bring. Shown on the website."
            ),
            "starts_at": _("Date and time, Norwegian time."),
        }
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, contact_point, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("kind", "audience", "intended_outcome"):
            field = self.fields[name]
            field.choices = [(value, capfirst(label)) for value, label in field.choices]
        # Current municipalities, and the event's own even if it has since merged.
        self.fields["municipality"].queryset = Municipality.objects.filter(
            Q(is_current=True) | Q(pk=self.instance.municipality_id)
        ).order_by("name")
        self.fields["municipality"].required = False
        self.fields["municipality"].empty_label = _("Choose a municipality")
        self.fields["municipality"].help_text = _("Only for events in person.")
        self.fields["venue_name"].help_text = _(
            "For example the library, or the volunteer centre's meeting room. Only for "
            "events in person."
        )
        if not self.instance.municipality_id:
            # New, or online until now: in person would most likely be at home.
            self.initial["municipality"] = contact_point.municipality_id
        if self.instance.pk is None:
            self.initial.setdefault("status", Event.Status.PUBLISHED)
            self.initial.setdefault("is_online", False)

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error(
                "ends_at",
                forms.ValidationError(_("An event must end after it starts."), code="order"),
            )
        if cleaned.get("is_online") is False:
            if not cleaned.get("municipality") and "municipality" not in self.errors:
                self.add_error(
                    "municipality",
                    forms.ValidationError(
                        _("An event in person needs a municipality."), code="required"
                    ),
                )
            if not cleaned.get("venue_name", "").strip() and "venue_name" not in self.errors:
                self.add_error(
                    "venue_name",
                    forms.ValidationError(
                        _("Write where it takes place, so people can find it."), code="required"
                    ),
                )
        return cleaned

    def event_data(self):
        """What the services take: every field of the form."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class EventMessageForm(forms.Form):
    """A message to everyone registered for an event."""

    text = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "People without an email address get it as a text message, and a text message "
            "shows on a locked phone: do not name a problem, a topic or a person."
        ),
        error_messages={"required": _("Write the message.")},
    )
    include_waiting = forms.BooleanField(
        label=_("Also send it to the people on the waiting list"), required=False
    )
    # Made when the form is shown: the same form sent twice sends one message.
    key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4())

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write the message."), code="required")
        return text
