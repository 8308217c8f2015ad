"""Telling residents who registered interest that a group on their topic has opened.

An interest registration (topic T, municipality M, an email address or phone number,
less than 12 months old, not told yet) is told once, about one group:

- public (``groups.selectors.public_groups``), about T, and taking members: recruiting
  or starting or running, and open for new members (a group that takes no one is no
  news to the person);
- meeting in M, or a phone or video group whose home municipality is in M's county:
  those can be joined from anywhere, but a county's remote group is the likely reach of
  the person's own contact points. A group in M is preferred, then the newest.

The message and ``notified_at`` are written in one transaction; the key
``interest-group:<interest registration id>`` makes the message once per registration
even when two scanners pick different groups at the same moment.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse

from enquiries.models import InterestRegistration
from groups.models import SelfHelpGroup
from groups.selectors import REMOTE_FORMATS, public_groups
from notifications.models import OutboxMessage
from notifications.services import message_queue

CHUNK = 500


def interest_key(interest_id):
    return f"interest-group:{interest_id}"


def joinable_groups():
    """Public groups a person can join now: recruiting, starting or running, and open."""
    return public_groups().filter(open_for_new_members=True)


def _matching(**place):
    return joinable_groups().filter(topics=OuterRef("topic_id"), **place)


# Where a group reaches: its own municipality, or, by phone or video, its whole county.
HERE = {"municipality_id": OuterRef("municipality_id")}
REMOTE_IN_COUNTY = {
    "format__in": REMOTE_FORMATS,
    "municipality__county_id": OuterRef("municipality__county_id"),
}


def due_interests(*, now, reach=HERE):
    """Interest registrations to tell about a group with this reach, with the group.

    The EXISTS is planned as one semi-join of the open interest registrations with the
    joinable groups, however many registrations wait; the group is picked (the newest)
    only for the rows that match.
    """
    newest = _matching(**reach).order_by("-created_at", "pk").values("pk")[:1]
    return (
        InterestRegistration.objects.filter(
            Exists(_matching(**reach)),
            notified_at__isnull=True,
            created_at__gte=now - datetime.timedelta(days=settings.INTEREST_RETENTION_DAYS),
        )
        .exclude(email="", phone="")
        .annotate(group_id=Subquery(newest))
    )


def scan(*, now):
    """Queue the 'a group has opened' messages due at ``now``; returns how many.

    Groups in the person's municipality first; a registration told about one has
    ``notified_at`` set before the second pass, which offers remote groups in the county.
    """
    queued = 0
    for reach in (HERE, REMOTE_IN_COUNTY):
        interests = (
            due_interests(now=now, reach=reach)
            .order_by("pk")
            .values("pk", "email", "phone", "group_id")
        )
        batch = []
        for row in interests.iterator(chunk_size=CHUNK):
            batch.append(row)
            if len(batch) == CHUNK:
                queued += _tell(batch, now=now)
                batch = []
        if batch:
            queued += _tell(batch, now=now)
    return queued


def _tell(rows, *, now):
    groups = SelfHelpGroup.objects.select_related("contact_point", "municipality").in_bulk(
        {row["group_id"] for row in rows}
    )
    queued = 0
    with transaction.atomic():
        for row in rows:
            group = groups[row["group_id"]]
            channel = OutboxMessage.Channel.EMAIL if row["email"] else OutboxMessage.Channel.SMS
            message = message_queue(
                to=row["email"] or row["phone"],
                reason="interest_group_started",
                key=interest_key(row["pk"]),
                template="interest_group_started",
                context={
                    "group": group,
                    "contact_point": group.contact_point,
                    "group_url": settings.SITE_URL
                    + reverse("groups:detail", kwargs={"slug": group.slug}),
                },
                channel=channel,
            )
            queued += message is not None
        InterestRegistration.objects.filter(
            pk__in=[row["pk"] for row in rows], notified_at__isnull=True
        ).update(notified_at=now)
    return queued
