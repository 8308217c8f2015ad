"""Reads for the public enquiry and interest forms."""

import re

from django.shortcuts import get_object_or_404

from contactpoints.models import ContactPoint
from groups.models import Topic
from groups.selectors import public_groups
from regions.models import Municipality, Postcode, Region

POSTCODE_RE = re.compile(r"^[0-9]{4}$")


def public_contact_point_get(*, slug):
    """An approved contact point, or 404: pending and suspended ones take no enquiries."""
    return get_object_or_404(ContactPoint, slug=slug, status=ContactPoint.Status.APPROVED)


def public_group_get(*, slug):
    """A group a resident can find (see ``public_groups``), with its contact point; or 404."""
    return get_object_or_404(public_groups().select_related("contact_point"), slug=slug)


def contact_point_name_get(*, contact_point_id):
    """The name of an approved contact point, or None: for the receipt page."""
    return (
        ContactPoint.objects.filter(pk=contact_point_id, status=ContactPoint.Status.APPROVED)
        .values("name", "response_days")
        .first()
    )


def enquiry_notification_recipients(*, contact_point):
    """Who is told that an enquiry waits: every member of the contact point with an
    address, so the news never rests on one inbox. Returns ``(key_suffix, email)`` pairs.

    With no member to tell, the contact point's public address; failing that, the admins
    of its region and the region's address. Nothing else of the enquiry leaves the portal.
    """
    members = [
        (str(user_id), email)
        for user_id, email in contact_point.memberships.filter(user__is_active=True)
        .exclude(user__email="")
        .order_by("user_id")
        .values_list("user_id", "user__email")
    ]
    if members:
        return members
    if contact_point.email:
        return [("contact-point", contact_point.email)]
    recipients = []
    for region in Region.objects.filter(
        region_counties__county_id=contact_point.municipality.county_id
    ).prefetch_related("admins"):
        if region.email:
            recipients.append((f"region-{region.pk}", region.email))
        recipients.extend(
            (str(admin.pk), admin.email)
            for admin in region.admins.all()
            if admin.is_active and admin.email
        )
    seen = set()
    unique = []
    for key_suffix, address in recipients:
        if address.lower() not in seen:
            seen.add(address.lower())
            unique.append((key_suffix, address))
    return unique


def topic_choices():
    return Topic.objects.order_by("position", "name")


def topic_by_slug(*, slug):
    return Topic.objects.filter(slug=slug).first() if slug else None


def municipality_by_number(*, number):
    if not number or not POSTCODE_RE.match(number):
        return None
    return Municipality.objects.filter(number=number).first()


def _casefold(text):
    return " ".join(text.casefold().split())


def _name_forms(name):
    """A municipality's official name and each of its language forms.

    "Oslo - Oslove" → ["oslo - oslove", "oslo", "oslove"];
    "Herøy (Nordland)" → ["herøy (nordland)", "herøy"].
    """
    full = _casefold(name)
    bare = re.sub(r"\s*\([^)]*\)", "", full).strip()
    forms = [full, bare, *(part.strip() for part in bare.split(" - "))]
    return {form for form in forms if form}


def municipalities_matching(*, text):
    """The current municipalities a resident means by ``text``: a postcode, a
    municipality's name (in any of its official language forms, ignoring case), or a
    postal town that lies in one municipality. An empty list means unknown; more than
    one means the name is ambiguous ("Herøy")."""
    text = " ".join((text or "").split())
    if not text:
        return []
    if POSTCODE_RE.match(text):
        postcode = (
            Postcode.objects.filter(code=text, municipality__isnull=False)
            .select_related("municipality")
            .first()
        )
        return [postcode.municipality] if postcode else []
    wanted = _casefold(text)
    municipalities = Municipality.objects.filter(is_current=True).only("number", "name")
    matches = [m for m in municipalities if wanted in _name_forms(m.name)]
    if matches:
        return matches
    # A postal town ("Stokmarknes") that is not a municipality of its own.
    return list(
        Municipality.objects.filter(is_current=True, postcodes__place=text.upper())
        .distinct()
        .order_by("name")
    )
