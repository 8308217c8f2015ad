"""Reads of contact points for the public pages: approved ones only."""

from django.db.models import Q

from contactpoints.models import ContactPoint
from events.selectors import upcoming_public_events


def public_contact_points():
    """Contact points a resident can see: approved by their region."""
    return ContactPoint.objects.filter(status=ContactPoint.Status.APPROVED)


def contact_point_directory(*, county=None, place=None, text=""):
    """Approved contact points ordered by county, municipality and name.

    ``county`` is a ``regions.County``; ``place`` a ``regions.selectors.Place`` whose
    municipalities (or, for a county, whole counties) to show. ``text`` that is not a
    place is looked for in the contact point's name and organisation.
    """
    contact_points = public_contact_points().select_related(
        "municipality__county", "organisation_type"
    )
    if county is not None:
        contact_points = contact_points.filter(municipality__county=county)
    if place is not None:
        if place.whole_county:
            contact_points = contact_points.filter(municipality__county_id__in=place.county_numbers)
        else:
            contact_points = contact_points.filter(municipality_id__in=place.municipality_numbers)
    elif text:
        contact_points = contact_points.filter(
            Q(name__icontains=text) | Q(organisation__icontains=text)
        )
    return contact_points.order_by("municipality__county__number", "municipality__name", "name")


def public_contact_point_page(*, slug):
    """The approved contact point with this slug; DoesNotExist if there is none."""
    return (
        public_contact_points()
        .select_related("municipality__county", "organisation_type")
        .get(slug=slug)
    )


def contact_point_upcoming_events(*, contact_point):
    """Its upcoming public events, soonest first."""
    return upcoming_public_events().filter(contact_point=contact_point)
