"""Reads for the public enquiry and interest forms, and for the staff workspace (the
inbox, the access log, interest by topic)."""

import re

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Max, OuterRef, Q
from django.shortcuts import get_object_or_404

from accounts.models import User
from contactpoints.models import ContactPoint
from enquiries.models import Enquiry
from groups.models import SelfHelpGroup, Topic
from groups.selectors import REMOTE_FORMATS, public_groups
from notifications.workdays import add_working_days, latest_start_due
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


# --- The staff workspace ------------------------------------------------------------
# Every read below starts from the contact point (the wall: contactpoints.access).

INBOX_OPEN = "open"
INBOX_ALL = "all"
ASSIGNED_TO_ME = "me"
ASSIGNED_TO_NOBODY = "nobody"


def inbox_overdue_q(*, contact_point, now):
    """Enquiries past the promised response time, by the overdue scanner's own rule
    (``notifications.scanners.enquiries``): still new, no first answer, and
    ``response_days`` working days gone since they came in."""
    return Q(
        status=Enquiry.Status.NEW,
        first_response_at__isnull=True,
        created_at__lte=latest_start_due(now, contact_point.response_days),
    )


def inbox_enquiries(*, contact_point, user, now, status=INBOX_OPEN, assigned="", overdue=False):
    """The inbox's rows: the contact point's enquiries, newest first, filtered.

    ``status`` is ``INBOX_OPEN`` (all but closed), ``INBOX_ALL`` or one status;
    ``assigned`` is ``ASSIGNED_TO_ME``, ``ASSIGNED_TO_NOBODY`` or "" (anyone). Each row
    has ``is_overdue``; what the list shows of it comes with it (group, topic, assignee).
    """
    overdue_q = inbox_overdue_q(contact_point=contact_point, now=now)
    enquiries = contact_point.enquiries.select_related("group", "topic", "assigned_to").annotate(
        is_overdue=ExpressionWrapper(overdue_q, output_field=BooleanField())
    )
    if status == INBOX_OPEN:
        enquiries = enquiries.exclude(status=Enquiry.Status.CLOSED)
    elif status != INBOX_ALL:
        enquiries = enquiries.filter(status=status)
    if assigned == ASSIGNED_TO_ME:
        enquiries = enquiries.filter(assigned_to=user)
    elif assigned == ASSIGNED_TO_NOBODY:
        enquiries = enquiries.filter(assigned_to__isnull=True)
    if overdue:
        enquiries = enquiries.filter(overdue_q)
    return enquiries.order_by("-created_at", "-pk")


def inbox_counts(*, contact_point, user, now):
    """The inbox's figures at a glance, in one query: open, new, overdue, assigned to
    ``user`` (open ones), and open ones assigned to nobody."""
    is_open = ~Q(status=Enquiry.Status.CLOSED)
    return contact_point.enquiries.aggregate(
        open=Count("pk", filter=is_open),
        new=Count("pk", filter=Q(status=Enquiry.Status.NEW)),
        overdue=Count("pk", filter=inbox_overdue_q(contact_point=contact_point, now=now)),
        mine=Count("pk", filter=is_open & Q(assigned_to_id=user.pk)),
        unassigned=Count("pk", filter=is_open & Q(assigned_to__isnull=True)),
    )


def enquiry_due_at(enquiry, *, response_days):
    """When the promised first answer is due (``response_days`` working days after the
    enquiry came in), as the overdue scanner counts."""
    return add_working_days(enquiry.created_at, response_days)


def enquiry_answered_in_time(enquiry, *, response_days):
    """True or False once answered; None while there is no first answer."""
    if enquiry.first_response_at is None:
        return None
    return enquiry.first_response_at <= enquiry_due_at(enquiry, response_days=response_days)


def enquiry_history(*, enquiry):
    """Status changes and internal notes of an enquiry, oldest first, as
    ``{"kind": "status"|"note", "at": datetime, "item": object}``: two queries."""
    entries = [
        {"kind": "status", "at": change.changed_at, "item": change}
        for change in enquiry.status_changes.select_related("changed_by")
    ]
    entries += [
        {"kind": "note", "at": note.created_at, "item": note}
        for note in enquiry.notes.select_related("author")
    ]
    return sorted(entries, key=lambda entry: (entry["at"], entry["kind"], entry["item"].pk))


def assignable_members(*, contact_point):
    """Who an enquiry can be assigned to: the contact point's active members (staff and
    managers), not the region or national admins who work on its behalf."""
    return User.objects.filter(memberships__contact_point=contact_point, is_active=True).order_by(
        "full_name", "email"
    )


def linkable_groups(*, contact_point, current=None):
    """The contact point's groups an enquiry can be linked to: all but closed ones
    (and the enquiry's own group, whatever its status), by title."""
    groups = contact_point.groups.exclude(status=SelfHelpGroup.Status.CLOSED)
    if current is not None:
        groups = contact_point.groups.filter(
            ~Q(status=SelfHelpGroup.Status.CLOSED) | Q(pk=current.pk)
        )
    return groups.order_by("title", "pk")


def access_log_entries(*, contact_point, enquiry_number=None):
    """Who read which of the contact point's enquiries when, newest first."""
    entries = contact_point.enquiry_accesses.select_related("user")
    if enquiry_number is not None:
        entries = entries.filter(enquiry_number=enquiry_number)
    return entries.order_by("-accessed_at", "-pk")


def interest_by_topic(*, contact_point):
    """Interest registrations for the contact point's municipality, summed by topic, in
    one query; never a contact detail.

    Per topic: ``here`` (registrations in the municipality), ``newest`` (the latest
    one's time), ``to_tell`` (of those, how many left an email or phone number and are
    not told about a group yet), ``county`` (registrations elsewhere in the county: a
    phone or video group started here reaches them, and the interest scanner tells them
    about such a group), and ``has_group`` (a group takes new members on the topic, in
    the municipality or by phone or video in the county). Topics with no interest here
    or in the county are left out. Most interest here first.
    """
    municipality = contact_point.municipality
    here = Q(interest_registrations__municipality_id=municipality.pk)
    in_county = Q(interest_registrations__municipality__county_id=municipality.county_id)
    has_contact = ~Q(interest_registrations__email="") | ~Q(interest_registrations__phone="")
    takes_members = public_groups().filter(open_for_new_members=True, topics=OuterRef("pk"))
    reach = Q(municipality_id=municipality.pk) | Q(
        format__in=REMOTE_FORMATS, municipality__county_id=municipality.county_id
    )
    return (
        Topic.objects.annotate(
            here=Count("interest_registrations", filter=here),
            newest=Max("interest_registrations__created_at", filter=here),
            to_tell=Count(
                "interest_registrations",
                filter=here & has_contact & Q(interest_registrations__notified_at__isnull=True),
            ),
            county=Count("interest_registrations", filter=in_county & ~here),
            has_group=Exists(takes_members.filter(reach)),
        )
        .filter(Q(here__gt=0) | Q(county__gt=0))
        .order_by("-here", "-county", "position", "name")
    )
