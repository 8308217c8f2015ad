"""Reads of groups for the public pages.

Only public groups ever leave here for a resident: active (recruiting, starting or
running) and at an approved contact point. Nothing about starters, meetings' attendees or
enquiries is selected.
"""

from django.db.models import Case, DateField, F, IntegerField, OuterRef, Prefetch, Q, Subquery, When
from django.db.models import Value as V
from django.utils import timezone

from contactpoints.models import ContactPoint
from groups.models import GroupMeeting, SelfHelpGroup, Topic
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
