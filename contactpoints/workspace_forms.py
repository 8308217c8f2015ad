"""Forms of the contact point's own workspace pages: registering, settings, the team,
the checklist. They parse and check input; the services in ``contactpoints.services``
write."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from contactpoints.models import ContactPoint, Membership, OrganisationType
from enquiries.forms import EMAIL_ERRORS, PhoneField
from regions.models import Municipality

# Role names as the choices of a select box: "Manager", not "manager".
ROLE_CHOICES = [(value, capfirst(label)) for value, label in Membership.Role.choices]

# Norwegian alphabetical order: æ, ø and å come after z, in that order.
_NORWEGIAN_ORDER = str.maketrans({"æ": "z{", "ø": "z|", "å": "z}"})


def norwegian_sort_key(name):
    return name.casefold().translate(_NORWEGIAN_ORDER)


class OrganisationTypeField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class MunicipalityField(forms.ChoiceField):
    """Today's municipalities, grouped by county in a select box that works without
    JavaScript (browsers jump to a name as you type it). Cleans to a Municipality."""

    def __init__(self, **kwargs):
        super().__init__(choices=self._choices_grouped, **kwargs)

    @staticmethod
    def _choices_grouped():
        municipalities = Municipality.objects.filter(is_current=True).select_related("county")
        counties = {}
        for municipality in municipalities:
            counties.setdefault(municipality.county, []).append(municipality)
        grouped = [("", _("Choose a municipality"))]
        for county in sorted(counties, key=lambda county: norwegian_sort_key(county.name)):
            members = sorted(counties[county], key=lambda m: norwegian_sort_key(m.name))
            grouped.append((county.name, [(m.number, m.name) for m in members]))
        return grouped

    def clean(self, value):
        number = super().clean(value)
        if not number:
            return None
        municipality = (
            Municipality.objects.filter(number=number, is_current=True)
            .select_related("county")
            .first()
        )
        if municipality is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return municipality

    def valid_value(self, value):
        return True  # checked against the database in clean()

    def prepare_value(self, value):
        return value.number if isinstance(value, Municipality) else value


PUBLIC_FIELDS = [
    "name",
    "organisation",
    "organisation_type",
    "municipality",
    "email",
    "phone",
    "website",
    "address",
    "opening_hours",
    "description",
    "responsible_person",
    "partners",
]

LABELS = {
    "name": _("Name of the contact point"),
    "organisation": _("Organisation it is part of"),
    "organisation_type": _("Type of organisation"),
    "email": _("Public email address"),
    "phone": _("Public phone number"),
    "website": _("Website (optional)"),
    "address": _("Visiting address (optional)"),
    "opening_hours": _("When people can reach you (optional)"),
    "description": _("What you offer (optional)"),
    "responsible_person": _("Responsible person"),
    "partners": _("Partners (optional)"),
}
HELP_TEXTS = {
    "name": _("As residents will see it, for example Frivilligsentralen i Bodø."),
    "organisation": _("For example Bodø kommune, or the name of your association."),
    "email": _("Shown on your public page. Use a shared address, not a personal one."),
    "phone": _(
        "Shown on your public page. 8 digits. Give an email address, a phone number or both."
    ),
    "website": _("Starting with https://"),
    "opening_hours": _("For example: weekdays 9–15."),
    "description": _(
        "A few sentences for residents: what you help with, and how to start. Shown on your "
        "public page."
    ),
    "responsible_person": _("Name and role, for example Kari Nordmann, daglig leder."),
    "partners": _(
        "Who you work with, for example the GP office, NAV, the library or a patient "
        "organisation. One per line."
    ),
}
ERRORS = {
    "name": {"required": _("Write the contact point's name.")},
    "organisation": {"required": _("Write the organisation the contact point is part of.")},
    "organisation_type": {
        "required": _("Choose the type of organisation."),
        "invalid_choice": _("Choose a type from the list."),
    },
    "municipality": {
        "required": _("Choose the municipality."),
        "invalid_choice": _("Choose a municipality from the list."),
    },
    "email": EMAIL_ERRORS,
    "website": {"invalid": _("Write a web address like https://example.no.")},
    "responsible_person": {"required": _("Write who is responsible.")},
}


class ContactPointDetailsForm(forms.ModelForm):
    """The public details of a contact point: what registering asks for."""

    organisation_type = OrganisationTypeField(
        label=LABELS["organisation_type"],
        queryset=OrganisationType.objects.order_by("position", "name"),
        empty_label=_("Choose a type"),
        error_messages=ERRORS["organisation_type"],
    )
    municipality = MunicipalityField(
        label=_("Municipality"),
        help_text=_("Where the contact point is. It decides which region approves it."),
        error_messages=ERRORS["municipality"],
    )
    phone = PhoneField(
        label=LABELS["phone"], required=False, help_text=HELP_TEXTS["phone"], max_length=30
    )
    website = forms.URLField(
        label=LABELS["website"],
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=HELP_TEXTS["website"],
        error_messages=ERRORS["website"],
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )

    class Meta:
        model = ContactPoint
        fields = PUBLIC_FIELDS
        labels = LABELS
        help_texts = HELP_TEXTS
        error_messages = ERRORS
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "partners": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        cleaned = super().clean()
        no_email = not cleaned.get("email") and "email" not in self.errors
        no_phone = not cleaned.get("phone") and "phone" not in self.errors
        if no_email and no_phone:
            # On the field, so the model's constraint (which names no field) is not
            # checked a second time.
            self.add_error(
                "email",
                _("Give a public email address or phone number, so residents can reach you."),
            )
        return cleaned

    def service_fields(self):
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


class ContactPointRegisterForm(ContactPointDetailsForm):
    """Registering a new contact point."""


class ContactPointSettingsForm(ContactPointDetailsForm):
    """A manager's settings: the public details (not the municipality, which decides the
    region) and how the contact point answers and reminds."""

    response_days = forms.IntegerField(
        label=_("Promised response time (working days)"),
        help_text=_("Shown to residents. Enquiries older than this are highlighted. 1 to 30."),
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        error_messages={"required": _("Write a number of working days from 1 to 30.")},
    )
    starter_reminder_hours = forms.IntegerField(
        label=_("Remind starters this many hours before a meeting"),
        help_text=_("0 for no reminder ahead. At most 336 (two weeks)."),
        validators=[MinValueValidator(0), MaxValueValidator(14 * 24)],
        error_messages={"required": _("Write a number of hours from 0 to 336.")},
    )
    loaded_at = forms.CharField(widget=forms.HiddenInput)

    class Meta(ContactPointDetailsForm.Meta):
        fields = [field for field in PUBLIC_FIELDS if field != "municipality"] + [
            "response_days",
            "starter_reminder_hours",
            "starter_reminder_morning",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["municipality"]
        self.fields["loaded_at"].initial = self.instance.updated_at.isoformat()
        self.fields["starter_reminder_morning"].label = _(
            "Remind starters on the morning of the meeting"
        )

    def clean_loaded_at(self):
        value = parse_datetime(self.cleaned_data["loaded_at"] or "")
        if not isinstance(value, datetime.datetime):
            raise ValidationError(_("Reload the page and try again."), code="invalid")
        return value

    def _post_clean(self):
        # The service saves; the form only checks. The model's own validation runs
        # there, on a fresh copy of the row.
        pass


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("The invitation goes to this address. The person signs in with it."),
        error_messages={**EMAIL_ERRORS, "required": _("Write the address to invite.")},
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=ROLE_CHOICES,
        initial=Membership.Role.STAFF,
        help_text=_("Managers can also invite people, change roles and edit the settings."),
        error_messages={"required": _("Choose a role."), "invalid_choice": _("Choose a role.")},
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=ROLE_CHOICES,
        error_messages={"required": _("Choose a role."), "invalid_choice": _("Choose a role.")},
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it not approved?"),
        help_text=_("The applicant gets this by email. Say what they can do next."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why, so the applicant knows what to do next.")},
    )


class OnboardingStepForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=300,
        required=False,
        error_messages={"max_length": _("Write at most 300 characters.")},
    )
