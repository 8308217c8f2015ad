"""The public forms: an enquiry to a contact point, and a registration of interest.

Both ask for the minimum, keep what the person typed on an error, and carry the
honeypot and fill-time guard of ``selvhjelp.abuse``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from enquiries.models import Enquiry
from enquiries.selectors import municipalities_matching, topic_choices
from enquiries.services import MESSAGE_MAX_LENGTH, phone_normalise
from selvhjelp.abuse import PublicFormMixin

EMAIL_ERRORS = {"invalid": _("Write an email address like name@example.no.")}


class TelInput(forms.TextInput):
    input_type = "tel"


class PhoneField(forms.CharField):
    """A Norwegian phone number: spaces, dashes and +47 allowed; eight digits stored."""

    widget = TelInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["autocomplete"] = "tel"
        return attrs

    def clean(self, value):
        value = super().clean(value)
        return phone_normalise(value) if value else value


class EnquiryForm(PublicFormMixin, forms.Form):
    """What a resident sends a contact point. ``ask_kind`` adds "what is it about" (on a
    contact point's own form); ``ask_topic`` adds the topic of a group to start."""

    kind = forms.ChoiceField(
        label=_("What would you like?"),
        choices=[
            (Enquiry.Kind.JOIN_GROUP, _("I would like to join a group")),
            (Enquiry.Kind.START_GROUP, _("I want to start a group")),
            (Enquiry.Kind.QUESTION, _("I have a question, or want to know more")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you would like.")},
    )
    topic = forms.ModelChoiceField(
        label=_("What should the group be about? (optional)"),
        queryset=topic_choices(),
        required=False,
        empty_label=_("Not in the list, or not sure yet"),
    )
    name = forms.CharField(
        label=_("First name or alias"),
        max_length=100,
        help_text=_("An alias is fine. We only need something to call you."),
        error_messages={"required": _("Write a first name or an alias.")},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    preferred_channel = forms.ChoiceField(
        label=_("How would you like to be contacted?"),
        choices=[
            (Enquiry.Channel.EMAIL, _("Email")),
            (Enquiry.Channel.PHONE, _("Phone call")),
            (Enquiry.Channel.SMS, _("Text message (SMS)")),
        ],
        initial=Enquiry.Channel.EMAIL,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you would like to be contacted.")},
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("Needed if you chose email."),
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = PhoneField(
        label=_("Phone number"),
        required=False,
        help_text=_("Needed if you chose a phone call or a text message. 8 digits."),
    )
    preferred_time = forms.CharField(
        label=_("When is it best to contact you? (optional)"),
        max_length=100,
        required=False,
        help_text=_("For example: weekdays after 16."),
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        help_text=_(
            "You don't need to write anything about your health. The contact point will "
            "talk with you about what you want to share."
        ),
        error_messages={
            "max_length": _(
                "The message is too long: write at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            )
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the contact point may store and use what I write here, also about "
            "my health, to answer me"
        ),
        error_messages={"required": _("Tick the box to agree, so that we can send your enquiry.")},
    )

    def __init__(self, *args, ask_kind=False, ask_topic=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not ask_kind:
            del self.fields["kind"]
        if not ask_topic:
            del self.fields["topic"]

    def clean(self):
        cleaned = super().clean()
        missing = {
            Enquiry.Channel.EMAIL: ("email", _("Give your email address so we can write to you.")),
            Enquiry.Channel.PHONE: ("phone", _("Give your phone number so we can call you.")),
            Enquiry.Channel.SMS: (
                "phone",
                _("Give your mobile number so we can send you a text message."),
            ),
        }
        channel = cleaned.get("preferred_channel")
        if channel in missing:
            field, error = missing[channel]
            # An invalid address already has its own error; don't add a second one.
            if not cleaned.get(field) and field not in self.errors:
                self.add_error(field, error)
        return cleaned


class InterestForm(PublicFormMixin, forms.Form):
    """Topic and place, and optionally a way to be told once when a group starts."""

    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=topic_choices(),
        empty_label=_("Choose a topic"),
        error_messages={"required": _("Choose a topic.")},
    )
    place = forms.CharField(
        label=_("Municipality or postcode"),
        max_length=100,
        help_text=_("For example Bodø or 8006."),
        error_messages={"required": _("Write your municipality or postcode.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = PhoneField(label=_("Mobile number (optional)"), required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that my email address or phone number is kept to tell me when a group starts"
        ),
        required=False,
    )

    def clean_place(self):
        text = self.cleaned_data["place"]
        matches = municipalities_matching(text=text)
        if not matches:
            raise ValidationError(
                _("We did not find that place. Check the spelling, or write your postcode."),
                code="unknown",
            )
        if len(matches) > 1:
            names = ", ".join(municipality.name for municipality in matches)
            raise ValidationError(
                _(
                    "We did not find that place exactly: more than one municipality has "
                    "that name. Write one of these: %(names)s – or your postcode."
                ),
                code="ambiguous",
                params={"names": names},
            )
        self.cleaned_data["municipality"] = matches[0]
        return text

    def clean(self):
        cleaned = super().clean()
        has_contact = cleaned.get("email") or cleaned.get("phone")
        if has_contact and not cleaned.get("consent"):
            self.add_error(
                "consent",
                _(
                    "Tick the box if we may keep your contact details, or leave the email "
                    "and phone fields empty."
                ),
            )
        return cleaned
