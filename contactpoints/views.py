"""The public contact point pages: the directory and a contact point's own page."""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from contactpoints.models import ContactPoint
from contactpoints.selectors import (
    contact_point_directory,
    contact_point_upcoming_events,
    public_contact_point_page,
)
from groups.selectors import contact_point_public_groups
from regions.selectors import county_choices, place_resolve


class CountyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class DirectoryFilterForm(forms.Form):
    """The directory's filters, as GET parameters: fylke (county number) and sted."""

    fylke = CountyChoiceField(
        label=_("County"),
        queryset=county_choices(),
        to_field_name="number",
        required=False,
        empty_label=_("All counties"),
        error_messages={"invalid_choice": _("Choose a county from the list.")},
    )
    sted = forms.CharField(
        label=_("Place or name"),
        max_length=100,
        required=False,
        help_text=_("A municipality, a postcode, or part of the contact point's name."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"max_length": _("Please write at most 100 characters.")},
    )

    def filters(self):
        data = getattr(self, "cleaned_data", {})
        text = " ".join(data.get("sted", "").split())
        place = place_resolve(query=text, contains=False) if text else None
        return {"county": data.get("fylke"), "place": place, "text": text}


def contact_point_list(request):
    form = DirectoryFilterForm(request.GET)
    form.is_valid()
    filters = form.filters()
    return render(
        request,
        "contactpoints/contact_point_list.html",
        {
            "form": form,
            "contact_points": list(contact_point_directory(**filters)),
            "place": filters["place"],
            "filtered": bool(filters["county"] or filters["text"]),
        },
    )


def contact_point_detail(request, slug):
    try:
        contact_point = public_contact_point_page(slug=slug)
    except ContactPoint.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "contactpoints/contact_point_detail.html",
        {
            "cp": contact_point,
            "groups": list(contact_point_public_groups(contact_point=contact_point)),
            "events": list(contact_point_upcoming_events(contact_point=contact_point)),
            "enquiry_url": f"/kontaktpunkter/{contact_point.slug}/henvendelse/",
            "poster_url": f"/kontaktpunkter/{contact_point.slug}/plakat/",
        },
    )
