"""The workspace overview: what waits for a contact point's staff this week.

Every figure is an aggregate in SQL over the contact point's own rows, so the page
costs the same number of queries however much the contact point holds.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q

from enquiries.models import Enquiry
from events.models import Event, Registration
from groups.models import GroupMeeting, SelfHelpGroup, StarterAssignment
from groups.selectors import LISTING_STALE_DAYS
from notifications.workdays import latest_start_due

# A listing not confirmed "still correct" for this long is stale: the groups' own rule.
STALE_AFTER = timedelta(days=LISTING_STALE_DAYS)
# A first meeting this close without a starter who has not declined needs someone now.
STARTER_HORIZON = timedelta(days=21)
EARLY_STATUSES = [
    SelfHelpGroup.Status.PLANNED,
    SelfHelpGroup.Status.RECRUITING,
    SelfHelpGroup.Status.STARTING,
]


@dataclass(frozen=True)
class EnquiryFigures:
    open: int
    new: int
    overdue: int
    mine: int
    unassigned: int


def enquiry_figures(*, contact_point, user, now):
    due_before = latest_start_due(now, contact_point.response_days)
    figures = contact_point.enquiries.exclude(status=Enquiry.Status.CLOSED).aggregate(
        open=Count("pk"),
        new=Count("pk", filter=Q(status=Enquiry.Status.NEW)),
        overdue=Count(
            "pk",
            filter=Q(
                status=Enquiry.Status.NEW,
                first_response_at__isnull=True,
                created_at__lte=due_before,
            ),
        ),
        mine=Count("pk", filter=Q(assigned_to=user)),
        unassigned=Count("pk", filter=Q(assigned_to__isnull=True)),
    )
    return EnquiryFigures(**figures)


def group_figures(*, contact_point, stale_before):
    """Groups by status (closed left out), and how many listings need confirming."""
    rows = (
        contact_point.groups.exclude(status=SelfHelpGroup.Status.CLOSED)
        .values("status")
        .annotate(
            count=Count("pk"),
            stale=Count(
                "pk",
                filter=Q(confirmed_at__lt=stale_before)
                | Q(confirmed_at__isnull=True, created_at__lt=stale_before),
            ),
        )
    )
    by_status = {row["status"]: row["count"] for row in rows}
    statuses = [
        (label, by_status.get(value, 0))
        for value, label in SelfHelpGroup.Status.choices
        if value != SelfHelpGroup.Status.CLOSED
    ]
    return {
        "by_status": statuses,
        "total": sum(by_status.values()),
        "stale": sum(row["stale"] for row in rows),
    }


def meetings_without_starter(*, contact_point, now, limit=5):
    """Upcoming first meetings of new groups with no starter who has not declined."""
    return (
        GroupMeeting.objects.filter(
            group__contact_point=contact_point,
            group__status__in=EARLY_STATUSES,
            is_cancelled=False,
            starts_at__gte=now,
            starts_at__lt=now + STARTER_HORIZON,
        )
        .annotate(
            willing=Count(
                "assignments",
                filter=~Q(assignments__response=StarterAssignment.Response.DECLINED),
            )
        )
        .filter(willing=0)
        .select_related("group")
        .order_by("starts_at")[:limit]
    )


def declined_assignments(*, contact_point, now, limit=5):
    """Starters who said no to an upcoming meeting: someone else must be found."""
    return (
        StarterAssignment.objects.filter(
            meeting__group__contact_point=contact_point,
            meeting__starts_at__gte=now,
            meeting__is_cancelled=False,
            response=StarterAssignment.Response.DECLINED,
        )
        .select_related("starter", "meeting__group")
        .order_by("meeting__starts_at")[:limit]
    )


def upcoming_events(*, contact_point, now, limit=3):
    return (
        contact_point.events.filter(ends_at__gte=now)
        .exclude(status=Event.Status.CANCELLED)
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            waiting_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
            ),
        )
        .order_by("starts_at")[:limit]
    )
