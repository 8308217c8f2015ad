"""The weekly digest for contact-point staff and the monthly summary for region admins.

Both carry counts only, never anything about a resident, and both end with a link to
stop them (a signed token: no sign-in needed). ``User.receives_digest`` is the switch;
notices about a single enquiry or meeting are sent regardless of it.

- Weekly (Monday 07:00): for each approved contact point a person is an active member
  of: new enquiries in the last 7 days, enquiries still unanswered, meetings in the
  next 4 weeks with no starter, public listings not updated for 6 months, and events in
  the next 2 weeks with their registrations. A digest with nothing at all in it is not
  sent: an empty email every week teaches people to ignore the full ones.
- Monthly (the 1st, 07:00): for each region a person administers, last month's new
  enquiries and how many were answered within the promised time, groups started, events
  held, and interest registrations waiting where no group exists. Per municipality any
  count under 3 reads "under 3", so a small place's figure never points at a person; a
  municipality shows only when one of its counts is 3 or more. The summary is sent even
  when everything is zero: a quiet month is news to a district office.

The keys (``digest-weekly:<user>:<ISO week>``, ``summary-monthly:<user>:<YYYY-MM>`` of
the month summarised) make a second run of the same week or month queue nothing.
"""

import calendar
import datetime
import logging

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.urls import reverse

from accounts.models import User
from contactpoints.models import ContactPoint, Membership
from enquiries.models import Enquiry, InterestRegistration
from enquiries.services import enquiry_inbox_url
from events.models import Event, Registration
from groups.models import GroupMeeting, SelfHelpGroup, StarterAssignment
from groups.selectors import public_groups
from notifications.models import OutboxMessage
from notifications.services import message_queue
from notifications.workdays import OSLO, add_working_days
from regions.models import Municipality, Region

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
SMALL_COUNT = 3
DIGEST_NEW_ENQUIRIES_DAYS = 7
DIGEST_SLOTS_DAYS = 28
DIGEST_EVENTS_DAYS = 14
DIGEST_STALE_MONTHS = 6
# Groups that still need a starter at their first meetings.
STARTING_STATUSES = [
    SelfHelpGroup.Status.PLANNED,
    SelfHelpGroup.Status.RECRUITING,
    SelfHelpGroup.Status.STARTING,
]
STARTED_STATUSES = [SelfHelpGroup.Status.STARTING, SelfHelpGroup.Status.RUNNING]


# Unsubscribe -------------------------------------------------------------------------


def unsubscribe_token(user):
    """A signed token naming the user: whoever holds the email link may stop the
    digests, and nothing else. It never expires, so an old email's link still works."""
    return _token_for(user.pk)


def unsubscribe_url(user):
    """The absolute address of ``user``'s unsubscribe page."""
    return _url_for(user.pk)


def _token_for(user_id):
    return signing.dumps({"u": user_id}, salt=UNSUBSCRIBE_SALT)


def _url_for(user_id):
    path = reverse("notifications:unsubscribe", kwargs={"token": _token_for(user_id)})
    return f"{settings.SITE_URL}{path}"


def user_for_unsubscribe_token(token):
    """The user the token was made for, or None if it is forged, cut short or stale."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    if not isinstance(user_id, int):
        return None
    return User.objects.filter(pk=user_id).first()


@transaction.atomic
def digests_unsubscribe(*, user):
    """Stop the weekly digest and the monthly summary for ``user``. Idempotent."""
    User.objects.filter(pk=user.pk).update(receives_digest=False)
    user.receives_digest = False


# Shared ------------------------------------------------------------------------------


def _months_before(moment, months):
    """The same local day and time ``months`` calendar months earlier (the month's last
    day when that day does not exist: 31 August → 28 or 29 February)."""
    local = moment.astimezone(OSLO)
    year, month = divmod(local.year * 12 + local.month - 1 - months, 12)
    month += 1
    day = min(local.day, calendar.monthrange(year, month)[1])
    return local.replace(year=year, month=month, day=day)


def _login_url():
    """The sign-in page: the monthly summary's link (the weekly digest links to each
    contact point's inbox)."""
    return f"{settings.SITE_URL}{reverse('account_login')}"


def _already_queued(keys):
    """The keys among ``keys`` that are in the outbox already: one indexed look-up, so a
    second run renders nothing (message_queue's unique key stays the last word)."""
    return set(OutboxMessage.objects.filter(key__in=list(keys)).values_list("key", flat=True))


# Weekly digest -----------------------------------------------------------------------


def _per_contact_point(queryset, field="contact_point_id"):
    return dict(queryset.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n"))


def weekly_digest_figures(*, contact_point_ids, now):
    """{contact point id: figures} for the weekly digest, in five queries whatever the
    number of contact points. Counts only; event titles are public anyway."""
    new_enquiries = _per_contact_point(
        Enquiry.objects.filter(
            contact_point_id__in=contact_point_ids,
            created_at__gte=now - datetime.timedelta(days=DIGEST_NEW_ENQUIRIES_DAYS),
            created_at__lte=now,
        )
    )
    unanswered = _per_contact_point(
        Enquiry.objects.filter(
            contact_point_id__in=contact_point_ids,
            status=Enquiry.Status.NEW,
            first_response_at__isnull=True,
        )
    )
    staffed = StarterAssignment.objects.filter(meeting=OuterRef("pk")).exclude(
        response=StarterAssignment.Response.DECLINED
    )
    open_slots = _per_contact_point(
        GroupMeeting.objects.filter(
            group__contact_point_id__in=contact_point_ids,
            group__status__in=STARTING_STATUSES,
            is_cancelled=False,
            starts_at__gte=now,
            starts_at__lt=now + datetime.timedelta(days=DIGEST_SLOTS_DAYS),
        ).filter(~Exists(staffed)),
        field="group__contact_point_id",
    )
    stale = _per_contact_point(
        public_groups().filter(
            contact_point_id__in=contact_point_ids,
            updated_at__lt=_months_before(now, DIGEST_STALE_MONTHS),
        )
    )
    events = {}
    upcoming = (
        Event.objects.filter(
            contact_point_id__in=contact_point_ids,
            status=Event.Status.PUBLISHED,
            starts_at__gte=now,
            starts_at__lt=now + datetime.timedelta(days=DIGEST_EVENTS_DAYS),
        )
        .annotate(
            confirmed=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            waiting=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
            ),
        )
        .order_by("starts_at", "pk")
        .values("contact_point_id", "title", "starts_at", "capacity", "confirmed", "waiting")
    )
    for event in upcoming:
        events.setdefault(event["contact_point_id"], []).append(event)
    return {
        cp_id: {
            "new_enquiries": new_enquiries.get(cp_id, 0),
            "unanswered": unanswered.get(cp_id, 0),
            "open_slots": open_slots.get(cp_id, 0),
            "stale_listings": stale.get(cp_id, 0),
            "events": events.get(cp_id, []),
        }
        for cp_id in contact_point_ids
    }


def _has_news(figures):
    return any(
        figures[name] for name in ("new_enquiries", "unanswered", "open_slots", "stale_listings")
    ) or bool(figures["events"])


def weekly_digests_queue(*, now):
    """Queue this week's digest for every active member of an approved contact point who
    wants it. Returns how many were queued."""
    local = now.astimezone(OSLO)
    iso = local.isocalendar()
    week = f"{iso.year}-W{iso.week:02d}"
    memberships = (
        Membership.objects.filter(
            contact_point__status=ContactPoint.Status.APPROVED,
            user__is_active=True,
            user__receives_digest=True,
        )
        .exclude(user__email="")
        .order_by("user_id", "contact_point__name", "contact_point_id")
        .values(
            "user_id",
            "user__email",
            "contact_point_id",
            "contact_point__name",
            "contact_point__slug",
        )
    )
    people = {}
    for row in memberships:
        person = people.setdefault(row["user_id"], {"email": row["user__email"], "cps": []})
        person["cps"].append(
            (row["contact_point_id"], row["contact_point__name"], row["contact_point__slug"])
        )
    contact_point_ids = sorted({cp[0] for p in people.values() for cp in p["cps"]})
    figures = weekly_digest_figures(contact_point_ids=contact_point_ids, now=now)
    already = _already_queued(f"digest-weekly:{user_id}:{week}" for user_id in people)
    queued = skipped = 0
    for user_id, person in people.items():
        key = f"digest-weekly:{user_id}:{week}"
        # Each contact point's section links to its own inbox.
        sections = [
            {"name": name, "inbox_url": enquiry_inbox_url(slug=slug), **figures[cp_id]}
            for cp_id, name, slug in person["cps"]
            if cp_id in figures
        ]
        if not any(_has_news(section) for section in sections):
            skipped += 1
            continue
        if key in already:
            continue
        message = message_queue(
            key=key,
            to=person["email"],
            reason="digest_weekly",
            template="digest_weekly",
            context={
                "sections": sections,
                "week": iso.week,
                "unsubscribe_url": _url_for(user_id),
                "slots_weeks": DIGEST_SLOTS_DAYS // 7,
                "events_weeks": DIGEST_EVENTS_DAYS // 7,
                "stale_months": DIGEST_STALE_MONTHS,
            },
        )
        queued += message is not None
    logger.info("Weekly digest %s: %d queued, %d with nothing to say.", week, queued, skipped)
    return queued


# Monthly summary ---------------------------------------------------------------------


def month_summarised(now):
    """(first moment, first moment of the next month, "YYYY-MM") of the calendar month
    before ``now``'s, in Oslo time."""
    local = now.astimezone(OSLO)
    end = datetime.datetime(local.year, local.month, 1, tzinfo=OSLO)
    start_year, start_month = (end.year, end.month - 1) if end.month > 1 else (end.year - 1, 12)
    start = datetime.datetime(start_year, start_month, 1, tzinfo=OSLO)
    return start, end, f"{start.year}-{start.month:02d}"


def _small(count):
    """A municipality's count as shown: None ("under 3") when below 3."""
    return None if count < SMALL_COUNT else count


METRICS = ("new_enquiries", "answered_in_time", "groups_started", "events_held", "interest")


def monthly_summary_figures(*, region_ids, start, end):
    """{region id: {"totals": {...}, "municipalities": [(name, {...})]}} for the month
    [start, end). Counts per municipality; a handful of queries whatever the size."""
    places = {
        number: (region_id, name)
        for number, name, region_id in Municipality.objects.filter(
            county__region_county__region_id__in=region_ids
        ).values_list("number", "name", "county__region_county__region_id")
    }
    counts = {number: dict.fromkeys(METRICS, 0) for number in places}
    region_only = {region_id: dict.fromkeys(METRICS, 0) for region_id in region_ids}

    enquiries = Enquiry.objects.filter(
        contact_point__municipality_id__in=list(places), created_at__gte=start, created_at__lt=end
    ).values_list(
        "contact_point__municipality_id",
        "created_at",
        "first_response_at",
        "contact_point__response_days",
    )
    for number, created_at, first_response_at, response_days in enquiries.iterator(chunk_size=2000):
        counts[number]["new_enquiries"] += 1
        if first_response_at and first_response_at <= add_working_days(created_at, response_days):
            counts[number]["answered_in_time"] += 1

    started = (
        SelfHelpGroup.objects.filter(
            municipality_id__in=list(places),
            status__in=STARTED_STATUSES,
            status_changed_at__gte=start,
            status_changed_at__lt=end,
        )
        .order_by()
        .values_list("municipality_id")
        .annotate(n=Count("pk"))
    )
    for number, n in started:
        counts[number]["groups_started"] += n

    held = Event.objects.filter(
        status=Event.Status.PUBLISHED, starts_at__gte=start, starts_at__lt=end
    ).annotate(place=Coalesce("municipality_id", "contact_point__municipality_id"))
    for number, n in (
        held.filter(place__in=list(places)).order_by().values_list("place").annotate(n=Count("pk"))
    ):
        counts[number]["events_held"] += n
    # Online events of a district office have no place: they count for the region.
    for region_id, n in (
        held.filter(place__isnull=True, region_id__in=region_ids)
        .order_by()
        .values_list("region_id")
        .annotate(n=Count("pk"))
    ):
        region_only[region_id]["events_held"] += n

    group_exists = SelfHelpGroup.objects.filter(
        municipality_id=OuterRef("municipality_id"), topics=OuterRef("topic_id")
    ).exclude(status=SelfHelpGroup.Status.CLOSED)
    waiting = (
        InterestRegistration.objects.filter(municipality_id__in=list(places))
        .filter(~Exists(group_exists))
        .order_by()
        .values_list("municipality_id")
        .annotate(n=Count("pk"))
    )
    for number, n in waiting:
        counts[number]["interest"] += n

    summary = {
        region_id: {"totals": dict(region_only[region_id]), "municipalities": []}
        for region_id in region_ids
    }
    for number, (region_id, name) in sorted(places.items(), key=lambda item: item[1][1]):
        figures = counts[number]
        totals = summary[region_id]["totals"]
        for metric in METRICS:
            totals[metric] += figures[metric]
        if any(figures[metric] >= SMALL_COUNT for metric in METRICS):
            shown = {metric: _small(figures[metric]) for metric in METRICS}
            summary[region_id]["municipalities"].append((name, shown))
    return summary


def monthly_summaries_queue(*, now):
    """Queue last month's summary for every active region admin who wants it. Returns
    how many were queued."""
    start, end, month = month_summarised(now)
    admins = (
        Region.admins.through.objects.filter(user__is_active=True, user__receives_digest=True)
        .exclude(user__email="")
        .order_by("user_id", "region__name")
        .values_list("user_id", "user__email", "region_id")
    )
    regions_of, emails = {}, {}
    for user_id, email, region_id in admins:
        regions_of.setdefault(user_id, []).append(region_id)
        emails[user_id] = email
    region_ids = sorted({r for ids in regions_of.values() for r in ids})
    figures = monthly_summary_figures(region_ids=region_ids, start=start, end=end)
    region_names = dict(Region.objects.filter(pk__in=region_ids).values_list("pk", "name"))
    login_url = _login_url()
    already = _already_queued(f"summary-monthly:{user_id}:{month}" for user_id in regions_of)
    queued = 0
    for user_id, ids in regions_of.items():
        key = f"summary-monthly:{user_id}:{month}"
        if key in already:
            continue
        message = message_queue(
            key=key,
            to=emails[user_id],
            reason="summary_monthly",
            template="summary_monthly",
            context={
                "regions": [{"name": region_names[r], **figures[r]} for r in ids],
                "month_start": start.date(),
                "login_url": login_url,
                "unsubscribe_url": _url_for(user_id),
                "small_count": SMALL_COUNT,
            },
        )
        queued += message is not None
    logger.info("Monthly summary %s: %d queued.", month, queued)
    return queued
