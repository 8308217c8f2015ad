import re

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Event
from regions.models import County
from selvhjelp.abuse import PublicFormMixin

PHONE_ALLOWED = re.compile(r"^\+?[0-9 ]+$")


class RegistrationForm(PublicFormMixin):
    """Signing up for an event: a name or alias, one way to reach the person, consent."""

    name = forms.CharField(
        label=_("Name or alias"),
        max_length=150,
        help_text=_("You do not need to give your full name."),
        error_messages={"required": _("Write a name or an alias.")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        max_length=254,
        help_text=_("We send the confirmation and the link to cancel here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=20,
        help_text=_("If you have no email address, the organiser can reach you here."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that my registration is stored until 30 days after the event"),
        help_text=_(
            "Then it is deleted. Only the organiser sees it, and it is used for nothing "
            "but this event."
        ),
        error_messages={
            "required": _("Tick the box so we may store your registration."),
        },
    )

    field_order = ["name", "email", "phone", "consent"]

    def __init__(self, *args, event, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)
        if event.is_online:
            self.fields["email"].help_text = _(
                "This event is online: we send the link to the meeting to this address, "
                "with the confirmation and the link to cancel."
            )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Write a name or an alias."), code="required")
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

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        phone = cleaned.get("phone")
        if self.event.is_online and not email and "email" not in self.errors:
            self.add_error(
                "email",
                forms.ValidationError(
                    _("Write your email address, so we can send you the link to the meeting."),
                    code="required",
                ),
            )
        elif not email and not phone and "email" not in self.errors and "phone" not in self.errors:
            self.add_error(
                "email",
                forms.ValidationError(
                    _("Write an email address or a phone number, so we can reach you."),
                    code="required",
                ),
            )
        return cleaned


class EventFilterForm(forms.Form):
    """The list's filters, read from plain GET parameters (shareable links).

    Anything malformed is reported on its field and otherwise ignored.
    """

    type = forms.ChoiceField(label=_("Kind of event"), required=False)
    fylke = forms.ChoiceField(label=_("County"), required=False)
    sted = forms.CharField(
        label=_("Municipality or postcode"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "search"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All kinds")), *Event.Kind.choices]
        self.fields["fylke"].choices = [
            ("", _("All counties")),
            *County.objects.filter(municipalities__is_current=True)
            .distinct()
            .order_by("name")
            .values_list("number", "name"),
        ]

    def filters(self):
        """The valid filters as keyword arguments; invalid ones are left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "kind": data.get("type", ""),
            "county": data.get("fylke", ""),
            "place_text": " ".join((data.get("sted") or "").split()),
        }
