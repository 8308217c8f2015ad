"""The group search's filters: plain GET parameters, so a search is a shareable link.

Names are Norwegian because they appear in the address: sted (place), q (search words),
tema (topic), format, ukedag (weekday), apen (open for new members), naer (near me).
A value that does not parse is reported next to its field and left out of the search;
the other filters still apply.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from groups.models import SelfHelpGroup, Topic
from regions.selectors import place_resolve


class TopicChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class GroupSearchForm(forms.Form):
    sted = forms.CharField(
        label=_("Place"),
        max_length=100,
        required=False,
        help_text=_("Municipality, postcode or county."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "max_length": _("That is longer than any place name. Try a municipality or postcode.")
        },
    )
    q = forms.CharField(
        label=_("Search words"),
        max_length=200,
        required=False,
        help_text=_("For example grief, relatives or anxiety."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        error_messages={"max_length": _("Please use fewer words (at most 200 characters).")},
    )
    tema = TopicChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.order_by("position", "name"),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
        error_messages={
            "invalid_choice": _("We do not know that topic. Choose one from the list.")
        },
    )
    format = forms.ChoiceField(
        label=_("How the group meets"),
        choices=[("", _("In person, by phone or by video")), *SelfHelpGroup.Format.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose one of the ways to meet from the list.")},
    )
    ukedag = forms.TypedChoiceField(
        label=_("Weekday"),
        choices=[("", _("Any day")), *SelfHelpGroup.Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": _("Choose a weekday from the list.")},
    )
    apen = forms.BooleanField(label=_("Only groups open for new members"), required=False)
    naer = forms.BooleanField(
        label=_("Also nearby: the whole county"),
        required=False,
        help_text=_("Include groups in the other municipalities of the same county."),
    )

    ADVANCED = ("tema", "format", "ukedag", "apen")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = None

    def clean_sted(self):
        text = " ".join(self.cleaned_data["sted"].split())
        if text:
            self.place = place_resolve(query=text)
            if self.place is None:
                raise ValidationError(
                    _(
                        "We could not find a place called “%(place)s”. Try a municipality, "
                        "a four-digit postcode or a county."
                    ),
                    code="unknown_place",
                    params={"place": text},
                )
        return text

    def filters(self):
        """The filters that parsed, as keyword arguments for the search selector.

        Call after ``is_valid()``; a field with an error is simply left out.
        """
        data = getattr(self, "cleaned_data", {})
        return {
            "place": self.place if "sted" in data else None,
            "near": bool(data.get("naer")),
            "text": data.get("q", ""),
            "topic": data.get("tema"),
            "group_format": data.get("format", ""),
            "weekday": data.get("ukedag"),
            "open_only": bool(data.get("apen")),
        }

    def has_advanced_filters(self):
        """Whether any of the less used filters is set, so their section starts open."""
        return any(self.data.get(name) for name in self.ADVANCED)
