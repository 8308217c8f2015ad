"""Reads of groups: for the public pages, and (at the end) for the staff workspace.

Only public groups ever leave the public selectors for a resident: active (recruiting,
starting or running) and at an approved contact point. Nothing about starters, meetings'
attendees or enquiries is selected there.
"""

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    When,
)
from django.db.models import Value as V
from django.db.models.functions import Coalesce
from django.utils import timezone

from contactpoints.models import ContactPoint
from groups.lifecycle import STARTER_STATUSES
from groups.models import GroupMeeting, GroupStatusChange, SelfHelpGroup, StarterAssignment, Topic
from groups.search import group_search

PUBLIC_STATUSES = [
    SelfHelpGroup.Status.RECRUITING,
    SelfHelpGroup.Status.STARTING,
    SelfHelpGroup.Status.RUNNING,
]

# Phone and video groups can be joined from anywhere, so a place search always finds them.
REMOTE_FORMATS = [SelfHelpGroup.Format.PHONE, SelfHelpGroup.Format.VIDEO]


def public_groups():
    """Groups a resident can find: active, at an approved contact point."""
    return SelfHelpGroup.objects.filter(
        status__in=PUBLIC_STATUSES, contact_point__status=ContactPoint.Status.APPROVED
    )


def public_group_count():
    return public_groups().count()


def _with_card_data(groups):
    """What a group card and page show, fetched in a fixed number of queries.

    ``next_meeting_at`` is the next dated meeting that is not cancelled;
    ``future_planned_start`` the planned start if it is still ahead.
    """
    next_meeting = (
        GroupMeeting.objects.filter(
            group=OuterRef("pk"), starts_at__gte=timezone.now(), is_cancelled=False
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    return (
        groups.select_related("contact_point", "municipality")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("position", "name")))
        .annotate(
            next_meeting_at=Subquery(next_meeting),
            future_planned_start=Case(
                When(planned_start__gte=timezone.localdate(), then=F("planned_start")),
                default=None,
                output_field=DateField(),
            ),
        )
    )


def group_search_results(
    *, place=None, near=False, text="", topic=None, group_format="", weekday=None, open_only=False
):
    """Public groups matching the filters of the group search, best first.

    ``place`` is a ``regions.selectors.Place``; ``near`` widens it to the counties of
    its municipalities. Phone and video groups match any place, after the local ones.
    With ``text``, the most relevant come first; otherwise the nearest, then by title.
    """
    groups = public_groups()
    if topic is not None:
        groups = groups.filter(topics=topic)
    if group_format:
        groups = groups.filter(format=group_format)
    if weekday is not None:
        groups = groups.filter(weekday=weekday)
    if open_only:
        groups = groups.filter(open_for_new_members=True)

    nearness = V(0, output_field=IntegerField())
    if place is not None:
        in_county = Q(municipality__county_id__in=place.county_numbers)
        in_municipality = Q(municipality_id__in=place.municipality_numbers)
        here = in_county if (near or place.whole_county) else in_municipality
        groups = groups.filter(here | Q(format__in=REMOTE_FORMATS))
        nearness = Case(
            When(in_municipality, then=V(0)),
            When(in_county, then=V(1)),
            default=V(2),
            output_field=IntegerField(),
        )

    groups = group_search(queryset=groups, text=text).annotate(nearness=nearness)
    ordering = ["nearness", "title", "pk"]
    if text.strip():
        ordering = ["-relevance", *ordering]
    return _with_card_data(groups).order_by(*ordering)


def public_group_page(*, slug):
    """The public group with this slug, with what its page shows; DoesNotExist if none."""
    return _with_card_data(
        public_groups().select_related(
            "contact_point__organisation_type", "contact_point__municipality"
        )
    ).get(slug=slug)


def group_alternatives(*, group, limit=3):
    """Other public groups open for new members on a topic of ``group``, near or remote."""
    topics = [topic.pk for topic in group.topics.all()]
    nearby = Q(municipality__county_id=group.municipality.county_id) | Q(format__in=REMOTE_FORMATS)
    others = (
        public_groups()
        .filter(nearby, open_for_new_members=True)
        .exclude(pk=group.pk)
        .filter(pk__in=SelfHelpGroup.objects.filter(topics__in=topics).values("pk"))
    )
    return list(_with_card_data(others).order_by("title")[:limit])


def contact_point_public_groups(*, contact_point):
    """The public groups of a contact point, for its page."""
    return _with_card_data(public_groups().filter(contact_point=contact_point)).order_by("title")


# --- The staff workspace ------------------------------------------------------------

# A listing not confirmed ("still correct?") for this long is flagged stale: six months.
LISTING_STALE_DAYS = 183
# A group whose start is this close and has no starter needs attention.
STARTER_SOON_DAYS = 14

# The group list's status filter: "" shows the groups that are not closed.
STATUS_CURRENT = ""
STATUS_ALL = "alle"


def _staffed(meeting_ref="pk"):
    """A starter who has not declined is assigned to the meeting."""
    return StarterAssignment.objects.filter(meeting=OuterRef(meeting_ref)).exclude(
        response=StarterAssignment.Response.DECLINED
    )


def _workspace_annotations(groups):
    """What the workspace shows of a group's state, as annotations (no extra queries):

    ``next_meeting_at``; ``listing_confirmed_at`` (the last "still correct?", else
    when the group was created); ``is_stale`` (not closed, and not confirmed for
    ``LISTING_STALE_DAYS``); ``needs_starter`` (still starting, and a meeting within
    ``STARTER_SOON_DAYS`` has no starter, or the planned start is that close and no
    coming meeting has one).
    """
    now = timezone.now()
    today = timezone.localdate(now)
    coming = GroupMeeting.objects.filter(
        group=OuterRef("pk"), starts_at__gt=now, is_cancelled=False
    )
    unstaffed_soon = coming.filter(
        starts_at__lte=now + datetime.timedelta(days=STARTER_SOON_DAYS)
    ).filter(~Exists(_staffed()))
    staffed_coming = coming.filter(Exists(_staffed()))
    start_soon = Q(
        planned_start__gte=today,
        planned_start__lte=today + datetime.timedelta(days=STARTER_SOON_DAYS),
    )
    return groups.annotate(
        next_meeting_at=Subquery(coming.order_by("starts_at").values("starts_at")[:1]),
        listing_confirmed_at=Coalesce("confirmed_at", "created_at"),
        is_stale=Case(
            When(
                ~Q(status=SelfHelpGroup.Status.CLOSED)
                & Q(listing_confirmed_at__lt=now - datetime.timedelta(days=LISTING_STALE_DAYS)),
                then=V(True),
            ),
            default=V(False),
            output_field=BooleanField(),
        ),
        needs_starter=Case(
            When(
                Q(status__in=STARTER_STATUSES)
                & (Q(Exists(unstaffed_soon)) | (start_soon & ~Q(Exists(staffed_coming)))),
                then=V(True),
            ),
            default=V(False),
            output_field=BooleanField(),
        ),
    )


def _coming_meetings_prefetch(*, with_cancelled=False):
    """The group's coming meetings as ``coming_meetings``, each with its ``assignments``
    and their starters (and the starters' contact points: a shared one may be from
    elsewhere)."""
    meetings = GroupMeeting.objects.filter(starts_at__gt=timezone.now())
    if not with_cancelled:
        meetings = meetings.filter(is_cancelled=False)
    assignments = StarterAssignment.objects.select_related("starter__contact_point").order_by(
        "starter__name", "pk"
    )
    return Prefetch(
        "meetings",
        queryset=meetings.order_by("starts_at").prefetch_related(
            Prefetch("assignments", queryset=assignments)
        ),
        to_attr="coming_meetings",
    )


def starter_summary(group):
    """The starters of a group's coming meetings, for the list: who, and how many
    meetings are covered, unanswered or declined. Needs ``coming_meetings``."""
    starters = {}
    covered = pending = declined = 0
    meetings = [m for m in group.coming_meetings if not m.is_cancelled]
    for meeting in meetings:
        has_starter = False
        for assignment in meeting.assignments.all():
            if assignment.response == StarterAssignment.Response.DECLINED:
                declined += 1
                continue
            has_starter = True
            starters.setdefault(assignment.starter.pk, assignment.starter)
            if assignment.response == StarterAssignment.Response.PENDING:
                pending += 1
        covered += has_starter
    return {
        "starters": list(starters.values()),
        "meetings": len(meetings),
        "covered": covered,
        "uncovered": len(meetings) - covered,
        "pending": pending,
        "declined": declined,
    }


def workspace_groups(*, contact_point, status=STATUS_CURRENT, attention=False):
    """The contact point's groups for its workspace list, by title, in four queries
    whatever their number: the groups with their state (see ``_workspace_annotations``),
    their topics, and their coming meetings with starters."""
    groups = _workspace_annotations(contact_point.groups.all())
    if status == STATUS_CURRENT:
        groups = groups.exclude(status=SelfHelpGroup.Status.CLOSED)
    elif status != STATUS_ALL:
        groups = groups.filter(status=status)
    if attention:
        groups = groups.filter(Q(is_stale=True) | Q(needs_starter=True))
    return groups.prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("position", "name")),
        _coming_meetings_prefetch(),
    ).order_by("title", "pk")


def workspace_group_attention_count(*, contact_point):
    """How many of the contact point's groups need attention (stale or no starter)."""
    return (
        _workspace_annotations(contact_point.groups.all())
        .filter(Q(is_stale=True) | Q(needs_starter=True))
        .count()
    )


def workspace_group_page(*, group):
    """A group of the workspace with all its page shows: its state, topics, coming
    meetings (cancelled ones too) with their starters, how many meetings are past, and
    the status history with who made each change."""
    return (
        _workspace_annotations(SelfHelpGroup.objects.filter(pk=group.pk))
        .annotate(
            past_meetings=Count(
                "meetings", filter=Q(meetings__starts_at__lte=timezone.now()), distinct=True
            )
        )
        .select_related("contact_point", "municipality__county")
        .prefetch_related(
            Prefetch("topics", queryset=Topic.objects.order_by("position", "name")),
            _coming_meetings_prefetch(with_cancelled=True),
            Prefetch(
                "status_changes",
                queryset=GroupStatusChange.objects.select_related("changed_by").order_by(
                    "-effective_on", "-changed_at", "-pk"
                ),
            ),
        )
        .get()
    )
