"""Enquiries past the promised response time: tell the assignee, then the managers,
then the region.

An enquiry still new (no first answer) when ``response_days`` working days have passed
since it came in is overdue. Three stages, each one working day after the one before:

1. the assigned person, or every member of the contact point if nobody is assigned
   (or the contact point's public address if it has no members);
2. the contact point's managers (or its public address if it has none);
3. the admins of the contact point's region (or the region's address if it has none).

Nothing of the enquiry is in the message: only that an enquiry to the contact point has
waited N working days, and a link to the contact point's inbox (the sign-in page sends
whoever is not signed in on to it). The reminders stop as soon as the enquiry
has a first answer or leaves the status "new".

A stage whose time came more than ``LOOKBACK`` ago is not sent any more: a scanner that
was down for a few days still catches up, but an enquiry left "new" for months does not
make every pass look at it again.
"""

import datetime
import logging

from django.db import transaction
from django.db.models import Q

from accounts.models import User
from contactpoints.models import ContactPoint, Membership
from enquiries.models import Enquiry
from enquiries.services import enquiry_inbox_url
from notifications.models import OutboxMessage
from notifications.services import message_queue
from notifications.workdays import latest_start_due
from regions.models import Region

logger = logging.getLogger(__name__)

REASON = "enquiry_overdue"
STAGES = (1, 2, 3)
LOOKBACK = datetime.timedelta(days=7)
CHUNK_SIZE = 500


def overdue_key(*, enquiry_id, stage, email):
    return f"enquiry-overdue:{enquiry_id}:{stage}:{email.lower()}"


def contact_points_by_response_days():
    """{promised response time: [contact point ids]}: one small query (a few hundred
    contact points in the whole country)."""
    grouped = {}
    for pk, response_days in ContactPoint.objects.order_by("pk").values_list("pk", "response_days"):
        grouped.setdefault(response_days, []).append(pk)
    return grouped


def stage_candidates(*, stage, now, contact_points_by_days):
    """New enquiries whose stage-``stage`` time came within the last ``LOOKBACK``.

    One query. Stage s is due ``response_days + s - 1`` working days after the enquiry
    came in; for the contact points with each promised response time, that is a
    ``created_at`` window (``latest_start_due``). Each (contact points, status,
    created_at window) term is a range of the index on (contact_point, status,
    created_at), so the query reads only the slice that can be due.
    """
    windows = Q()
    for response_days, contact_point_ids in sorted(contact_points_by_days.items()):
        days = response_days + stage - 1
        windows |= Q(
            contact_point_id__in=contact_point_ids,
            created_at__gt=latest_start_due(now - LOOKBACK, days),
            created_at__lte=latest_start_due(now, days),
        )
    if not windows:
        return Enquiry.objects.none().values("pk")
    return (
        Enquiry.objects.filter(windows, status=Enquiry.Status.NEW, first_response_at__isnull=True)
        .order_by("pk")
        .values("pk", "contact_point_id", "assigned_to_id")
    )


def _chunks(rows, size):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _contact_points(ids):
    return {
        cp["pk"]: cp
        for cp in ContactPoint.objects.filter(pk__in=ids).values(
            "pk", "name", "slug", "email", "response_days", "municipality__county_id"
        )
    }


def _public_address(cp):
    return [cp["email"]] if cp["email"] else []


def _member_emails(contact_point_ids, *, managers_only=False):
    """{contact point id: [email]} of its active members (or managers) with an address."""
    memberships = Membership.objects.filter(
        contact_point_id__in=contact_point_ids, user__is_active=True
    ).exclude(user__email="")
    if managers_only:
        memberships = memberships.filter(role=Membership.Role.MANAGER)
    found = {}
    for cp_id, email in memberships.order_by("user_id").values_list(
        "contact_point_id", "user__email"
    ):
        found.setdefault(cp_id, []).append(email)
    return found


def _regions_by_county(county_ids):
    """{county number: (region name, [emails])}: the region's active admins, else the
    region's own address."""
    found = {}
    regions = Region.objects.filter(region_counties__county_id__in=county_ids).prefetch_related(
        "admins", "region_counties"
    )
    for region in regions:
        admins = [a.email for a in region.admins.all() if a.is_active and a.email]
        emails = admins or ([region.email] if region.email else [])
        for region_county in region.region_counties.all():
            found[region_county.county_id] = (region.name, emails)
    return found


def _recipients(stage, rows, contact_points):
    """({enquiry id: [emails]}, {enquiry id: region name}) for one chunk of enquiries,
    in a fixed number of queries."""
    cp_ids = set(contact_points)
    recipients, region_names = {}, {}
    if stage == 1:
        assignee_ids = {row["assigned_to_id"] for row in rows if row["assigned_to_id"]}
        assignees = dict(
            User.objects.filter(pk__in=assignee_ids, is_active=True)
            .exclude(email="")
            .values_list("pk", "email")
        )
        members = _member_emails(cp_ids)
        for row in rows:
            cp = contact_points[row["contact_point_id"]]
            if row["assigned_to_id"] in assignees:
                recipients[row["pk"]] = [assignees[row["assigned_to_id"]]]
            else:
                recipients[row["pk"]] = members.get(cp["pk"]) or _public_address(cp)
    elif stage == 2:
        managers = _member_emails(cp_ids, managers_only=True)
        for row in rows:
            cp = contact_points[row["contact_point_id"]]
            recipients[row["pk"]] = managers.get(cp["pk"]) or _public_address(cp)
    else:
        regions = _regions_by_county(
            {cp["municipality__county_id"] for cp in contact_points.values()}
        )
        for row in rows:
            county = contact_points[row["contact_point_id"]]["municipality__county_id"]
            region_names[row["pk"]], recipients[row["pk"]] = regions.get(county, ("", []))
    return recipients, region_names


def scan(*, now):
    """Queue the overdue-enquiry notices that are due. Returns how many were queued."""
    contact_points_by_days = contact_points_by_response_days()
    queued = 0
    for stage in STAGES:
        rows = stage_candidates(
            stage=stage, now=now, contact_points_by_days=contact_points_by_days
        ).iterator(chunk_size=CHUNK_SIZE)
        for chunk in _chunks(rows, CHUNK_SIZE):
            contact_points = _contact_points({row["contact_point_id"] for row in chunk})
            recipients, region_names = _recipients(stage, chunk, contact_points)
            wanted = {
                overdue_key(enquiry_id=row["pk"], stage=stage, email=email): (row, email)
                for row in chunk
                for email in recipients[row["pk"]]
            }
            # Rendering a message costs more than this one look-up: skip what an earlier
            # pass queued already (message_queue's unique key stays the last word).
            already = set(
                OutboxMessage.objects.filter(key__in=list(wanted)).values_list("key", flat=True)
            )
            with transaction.atomic():
                for key, (row, email) in wanted.items():
                    if key in already:
                        continue
                    cp = contact_points[row["contact_point_id"]]
                    message = message_queue(
                        to=email,
                        reason=REASON,
                        key=key,
                        template="enquiry_overdue",
                        context={
                            "contact_point_name": cp["name"],
                            "working_days": cp["response_days"] + stage - 1,
                            "response_days": cp["response_days"],
                            "stage": stage,
                            "region_name": region_names.get(row["pk"], ""),
                            "inbox_url": enquiry_inbox_url(slug=cp["slug"]),
                        },
                    )
                    queued += message is not None
            for row in chunk:
                if not recipients[row["pk"]]:
                    logger.warning(
                        "Enquiry %s overdue (stage %s): nobody to tell.", row["pk"], stage
                    )
    return queued
