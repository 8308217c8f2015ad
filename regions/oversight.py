"""The figures of the region dashboard (/region/): reads only, counts only.

Every figure is an aggregate in SQL over the contact points of a :class:`Scope` (a
region, all of an admin's regions, or the whole country), so the dashboard costs the
same number of queries whether the region has one contact point or a thousand. Nothing
here returns an enquiry's content, a resident's name or contact details.

The period is the last 12 calendar months in Oslo, this month included ("1 December
2025 to today" on 15 November 2026). Events held, enquiries received, response times,
active starters and the monthly series all use it, so a month's bars add up to the
figures in the tables.

Small counts (regions.oversight_counts): a count of 1 or 2 for a municipality or a
topic, and a contact point's count of enquiries (residents' acts), reads "under 3";
zero stays 0. The contact points' enquiry counts add up to the monthly chart's total,
so one more of them is hidden and subtracting the shown ones from the total does not
give a small one back; a municipality's enquiries are the sum of its contact points'
(``combined_figure``). Tables with small counts have no totals row.
"""

import datetime
import statistics
from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Count,
    DateField,
    DurationField,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth

from contactpoints.models import ContactPoint, Starter
from contactpoints.selectors import onboarding_progress
from enquiries.models import Enquiry, InterestRegistration
from events.models import Event
from groups.models import GroupStatusChange, SelfHelpGroup, StarterAssignment, Topic
from notifications.workdays import OSLO
from regions.models import Municipality
from regions.oversight_counts import Figure, combined_figure, small_counts

PERIOD_MONTHS = 12
QUIET_AFTER_MONTHS = 3

# Groups that meet: with their starter still present, or on their own.
MEETING = [SelfHelpGroup.Status.STARTING, SelfHelpGroup.Status.RUNNING]
GROUP_STATUSES = [value for value, _label in SelfHelpGroup.Status.choices]


# --- Scope and period ---------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """What a dashboard covers: the counties of one or more regions, or the country.

    ``region`` is the region chosen (None for "all"); ``regions`` every region in
    scope; ``county_numbers`` None means no limit (a national admin's "all regions",
    which also covers a county no region holds).
    """

    regions: tuple
    region: object = None
    county_numbers: tuple | None = None
    national: bool = False

    @property
    def region_ids(self):
        return [region.pk for region in self.regions]

    def places(self, prefix=""):
        """A filter on a municipality reached through ``prefix`` (e.g. "contact_point__
        municipality__"), or on Municipality itself with no prefix."""
        if self.county_numbers is None:
            return Q()
        return Q(**{f"{prefix}county_id__in": self.county_numbers})

    def contact_points(self):
        """The contact points the dashboard reports on: every one in scope that was not
        turned down (a pending or suspended one still has a status to show)."""
        return ContactPoint.objects.filter(self.places("municipality__")).exclude(
            status=ContactPoint.Status.REJECTED
        )

    def region_events(self):
        """Events held by the scope's district offices themselves (no contact point)."""
        if self.county_numbers is None:
            return Q(region__isnull=False)
        return Q(region_id__in=self.region_ids)


def add_months(day, months):
    """The first day of the month ``months`` from ``day``'s month (negative: back)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return datetime.date(year, month + 1, 1)


def _oslo_midnight(day):
    return datetime.datetime.combine(day, datetime.time(), tzinfo=OSLO)


@dataclass(frozen=True)
class Period:
    """The last 12 calendar months up to ``now``, and the cut-off for "gone quiet"."""

    now: datetime.datetime
    months: tuple = field(init=False)
    start: datetime.datetime = field(init=False)
    quiet_before: datetime.datetime = field(init=False)

    def __post_init__(self):
        today = self.now.astimezone(OSLO).date()
        first = add_months(today, -(PERIOD_MONTHS - 1))
        months = tuple(add_months(first, n) for n in range(PERIOD_MONTHS))
        object.__setattr__(self, "months", months)
        object.__setattr__(self, "start", _oslo_midnight(first))
        # The same day three months back (or that month's last day).
        year, month = divmod(today.year * 12 + today.month - 1 - QUIET_AFTER_MONTHS, 12)
        quiet_day = min(today.day, _month_length(year, month + 1))
        local = self.now.astimezone(OSLO)
        object.__setattr__(
            self, "quiet_before", local.replace(year=year, month=month + 1, day=quiet_day)
        )

    @property
    def today(self):
        return self.now.astimezone(OSLO).date()


def _month_length(year, month):
    return (add_months(datetime.date(year, month, 1), 1) - datetime.date(year, month, 1)).days


# --- SQL helpers ----------------------------------------------------------------------------


class Median(Aggregate):
    """PostgreSQL's ordered-set aggregate: the median of an interval (or number)."""

    function = "percentile_cont"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False


def _subquery_count(model, key, **lookups):
    """``COUNT(*)`` of ``model`` rows whose ``key`` is the outer row (plus ``lookups``),
    as an annotation: one number per outer row, and no joins that multiply rows."""
    return Coalesce(
        Subquery(
            model.objects.filter(**{key: OuterRef("pk")}, **lookups)
            .order_by()
            .values(key)
            .annotate(_n=Count("pk"))
            .values("_n")[:1]
        ),
        0,
    )


RESPONSE_TIME = F("first_response_at") - F("created_at")


# --- Per contact point ------------------------------------------------------------------


@dataclass
class ContactPointRow:
    pk: int
    name: str
    slug: str
    status: str
    status_label: str
    municipality: str
    municipality_id: str
    staff: int
    groups: dict
    events_held: int
    enquiries: Figure
    median_response: datetime.timedelta | None
    last_activity: datetime.datetime | None
    quiet: bool
    onboarding_done: int = 0


class Dashboard:
    """The dashboard's figures for a scope and a moment, each computed when first asked
    for (an export of one table runs only the queries that table needs)."""

    def __init__(self, *, scope, now):
        self.scope = scope
        self.period = Period(now)

    # Contact points ------------------------------------------------------------------

    @cached_property
    def _contact_point_values(self):
        """The scope's contact points with their staff count and how many steps of the
        onboarding checklist they have done, in name order."""
        return list(
            onboarding_progress(self.scope.contact_points())
            .annotate(staff=Count("memberships"))
            .order_by("name", "pk")
            .values(
                "pk",
                "name",
                "slug",
                "status",
                "status_changed_at",
                "created_at",
                "municipality_id",
                "municipality__name",
                "staff",
                "onboarding_done",
            )
        )

    def _in_scope(self, prefix=""):
        """Rows of the scope's contact points, by their ids (read once, above). A list
        of ids rather than a subquery: PostgreSQL then knows how many there are and
        reads a large region's enquiries in one pass instead of one index scan per
        contact point (see benchmarks/README.md)."""
        ids = [cp["pk"] for cp in self._contact_point_values]
        return Q(**{f"{prefix}contact_point_id__in": ids})

    @cached_property
    def contact_points(self):
        """One row per contact point: status, staff, groups by status, events held,
        enquiries received, median time to a first answer, last activity, gone quiet.
        Four queries whatever the number of contact points."""
        period = self.period
        cps = self._contact_point_values
        in_scope = self._in_scope()
        groups = {
            row["contact_point_id"]: row
            for row in SelfHelpGroup.objects.filter(in_scope)
            .order_by()
            .values("contact_point_id")
            .annotate(
                **{status: Count("pk", filter=Q(status=status)) for status in GROUP_STATUSES},
                updated=Max("updated_at"),
                status_changed=Max("status_changed_at"),
            )
        }
        received = Q(created_at__gte=period.start, created_at__lte=period.now)
        answered = received & Q(first_response_at__isnull=False)
        enquiry_figures = {
            "received": Count("pk", filter=received),
            "last_answer": Max("first_response_at"),
        }
        postgres = connection.vendor == "postgresql"
        if postgres:
            enquiry_figures["median"] = Median(
                RESPONSE_TIME, filter=answered, output_field=DurationField()
            )
        enquiries = {
            row["contact_point_id"]: row
            for row in Enquiry.objects.filter(in_scope)
            .order_by()
            .values("contact_point_id")
            .annotate(**enquiry_figures)
        }
        if not postgres:
            for cp_id, median in _median_in_python(Enquiry.objects.filter(in_scope, answered)):
                enquiries[cp_id]["median"] = median
        events = {
            row["contact_point_id"]: row
            for row in Event.objects.filter(in_scope)
            .order_by()
            .values("contact_point_id")
            .annotate(
                held=Count("pk", filter=self._held()),
                last_created=Max("created_at"),
            )
        }
        figures = small_counts(
            [enquiries.get(cp["pk"], {}).get("received", 0) for cp in cps],
            total_published=True,
        )
        rows = []
        labels = dict(ContactPoint.Status.choices)
        for cp, enquiry_figure in zip(cps, figures, strict=True):
            group = groups.get(cp["pk"], {})
            enquiry = enquiries.get(cp["pk"], {})
            event = events.get(cp["pk"], {})
            moments = [
                group.get("updated"),
                group.get("status_changed"),
                event.get("last_created"),
                enquiry.get("last_answer"),
            ]
            last = max((moment for moment in moments if moment), default=None)
            since = cp["status_changed_at"] or cp["created_at"]
            rows.append(
                ContactPointRow(
                    pk=cp["pk"],
                    name=cp["name"],
                    slug=cp["slug"],
                    status=cp["status"],
                    status_label=str(labels[cp["status"]]),
                    municipality=cp["municipality__name"],
                    municipality_id=cp["municipality_id"],
                    staff=cp["staff"],
                    groups={status: group.get(status, 0) for status in GROUP_STATUSES},
                    events_held=event.get("held", 0),
                    enquiries=enquiry_figure,
                    median_response=enquiry.get("median"),
                    last_activity=last,
                    quiet=cp["status"] == ContactPoint.Status.APPROVED
                    and max(last or since, since) < period.quiet_before,
                    onboarding_done=cp["onboarding_done"],
                )
            )
        return rows

    def _held(self):
        """Events held in the period: published, started between its start and now."""
        return Q(
            status=Event.Status.PUBLISHED,
            starts_at__gte=self.period.start,
            starts_at__lt=self.period.now,
        )

    @cached_property
    def groups_by_status(self):
        """[(status, label, count)] over the scope's contact points."""
        labels = dict(SelfHelpGroup.Status.choices)
        return [
            (status, str(labels[status]), sum(row.groups[status] for row in self.contact_points))
            for status in GROUP_STATUSES
        ]

    # Municipalities --------------------------------------------------------------------

    @cached_property
    def municipalities(self):
        """Every current municipality in scope: approved contact points, groups meeting
        (of approved contact points), waiting interest, enquiries received in the period
        (to its contact points) — each as a :class:`Figure` — and what stands out."""
        approved = ContactPoint.Status.APPROVED
        rows = list(
            Municipality.objects.filter(self.scope.places(), is_current=True)
            .annotate(
                contact_point_count=_subquery_count(ContactPoint, "municipality", status=approved),
                group_count=_subquery_count(
                    SelfHelpGroup,
                    "municipality",
                    status__in=MEETING,
                    contact_point__status=approved,
                ),
                interest_count=_subquery_count(
                    InterestRegistration, "municipality", notified_at__isnull=True
                ),
            )
            .order_by("name", "number")
            .values("number", "name", "contact_point_count", "group_count", "interest_count")
        )
        enquiries_of = {}
        for cp in self.contact_points:
            enquiries_of.setdefault(cp.municipality_id, []).append(cp.enquiries)
        columns = {
            name: small_counts([row[f"{name}_count"] for row in rows])
            for name in ("contact_point", "group", "interest")
        }
        result = []
        for index, row in enumerate(rows):
            interest = row["interest_count"]
            result.append(
                MunicipalityRow(
                    number=row["number"],
                    name=row["name"],
                    contact_points=columns["contact_point"][index],
                    groups=columns["group"][index],
                    interest=columns["interest"][index],
                    enquiries=combined_figure(enquiries_of.get(row["number"], [])),
                    interest_no_group=interest > 0 and row["group_count"] == 0,
                    interest_no_contact_point=interest > 0 and row["contact_point_count"] == 0,
                )
            )
        return result

    # Groups ------------------------------------------------------------------------------

    def _current_groups(self):
        """The scope's groups that are not closed."""
        return SelfHelpGroup.objects.filter(self._in_scope()).exclude(
            status=SelfHelpGroup.Status.CLOSED
        )

    @cached_property
    def topics(self):
        """[(topic name, Figure)]: current groups per topic, every topic listed."""
        current = Q(groups__in=self._current_groups().values("pk"))
        rows = list(
            Topic.objects.annotate(n=Count("groups", filter=current)).order_by("position", "name")
        )
        return list(
            zip(
                [topic.display_name for topic in rows],
                small_counts([topic.n for topic in rows]),
                strict=True,
            )
        )

    @cached_property
    def formats(self):
        """[(format, label, count)] of current groups."""
        counts = dict(
            self._current_groups().order_by().values_list("format").annotate(n=Count("pk"))
        )
        return [
            (value, str(label), counts.get(value, 0))
            for value, label in SelfHelpGroup.Format.choices
        ]

    # Starters ----------------------------------------------------------------------------

    @cached_property
    def starters(self):
        """Active starters on the rosters: how many, trained, with an assignment (not
        declined) to a meeting in the period or later, shared with the region."""
        return Starter.objects.filter(self._in_scope(), is_active=True).aggregate(
            roster=Count("pk"),
            trained=Count("pk", filter=Q(trained_on__isnull=False)),
            active=Count("pk", filter=Q(Exists(self._assignments()))),
            shared=Count("pk", filter=Q(shared_in_region=True)),
        )

    def _assignments(self):
        return StarterAssignment.objects.filter(
            starter=OuterRef("pk"), meeting__starts_at__gte=self.period.start
        ).exclude(response=StarterAssignment.Response.DECLINED)

    def shared_starters(self):
        """The shared starter pool: active starters their contact point shares with the
        region, with their contact point, topics, and whether active in the period."""
        return (
            Starter.objects.filter(self._in_scope(), is_active=True, shared_in_region=True)
            .select_related("contact_point__municipality")
            .prefetch_related("topics")
            .annotate(assigned=Exists(self._assignments()))
            .only(
                "pk",
                "name",
                "trained_on",
                "contact_point__name",
                "contact_point__slug",
                "contact_point__municipality__name",
            )
            .order_by("name", "pk")
        )

    # Events ------------------------------------------------------------------------------

    def _events(self):
        return Event.objects.filter(self._in_scope() | self.scope.region_events()).filter(
            self._held()
        )

    @cached_property
    def event_kinds(self):
        """[(kind, label, count)] of events held in the period, the district offices'
        own included."""
        counts = dict(self._events().order_by().values_list("kind").annotate(n=Count("pk")))
        return [(value, str(label), counts.get(value, 0)) for value, label in Event.Kind.choices]

    # Months ------------------------------------------------------------------------------

    def _by_month(self, queryset, moment):
        counts = {
            _as_date(row["month"]): row["n"]
            for row in queryset.order_by()
            .annotate(month=TruncMonth(moment, tzinfo=OSLO))
            .values("month")
            .annotate(n=Count("pk"))
        }
        return [counts.get(month, 0) for month in self.period.months]

    def _scope_enquiries(self):
        return Enquiry.objects.filter(self._in_scope())

    @cached_property
    def _enquiry_months(self):
        """The region's enquiries in one pass over the table: received and answered per
        month of the period, and the median time to a first answer."""
        period = self.period
        bounds = [_oslo_midnight(month) for month in period.months]
        bounds.append(_oslo_midnight(add_months(period.months[-1], 1)))
        figures = {}
        for index in range(len(period.months)):
            for name, field_name in (("received", "created_at"), ("answered", "first_response_at")):
                figures[f"{name}_{index}"] = Count(
                    "pk",
                    filter=Q(
                        **{
                            f"{field_name}__gte": bounds[index],
                            f"{field_name}__lt": bounds[index + 1],
                            f"{field_name}__lte": period.now,
                        }
                    ),
                )
        received = Q(created_at__gte=period.start, created_at__lte=period.now)
        answered = received & Q(first_response_at__isnull=False)
        postgres = connection.vendor == "postgresql"
        if postgres:
            figures["median"] = Median(RESPONSE_TIME, filter=answered, output_field=DurationField())
        row = (
            self._scope_enquiries()
            .filter(Q(created_at__gte=period.start) | Q(first_response_at__gte=period.start))
            .aggregate(**figures)
        )
        if not postgres:
            durations = [
                b - a
                for a, b in self._scope_enquiries()
                .filter(answered)
                .values_list("created_at", "first_response_at")
            ]
            row["median"] = statistics.median(durations) if durations else None
        months = range(len(period.months))
        return {
            "received": [row[f"received_{index}"] for index in months],
            "answered": [row[f"answered_{index}"] for index in months],
            "median": row["median"],
        }

    @property
    def enquiries_by_month(self):
        """Enquiries received, per month of the period (adds up to the contact points'
        enquiries)."""
        return self._enquiry_months["received"]

    @property
    def answered_by_month(self):
        """Enquiries given a first answer, per month of the period."""
        return self._enquiry_months["answered"]

    @property
    def median_response(self):
        """Median time to a first answer over every enquiry received in the period."""
        return self._enquiry_months["median"]

    @cached_property
    def events_by_month(self):
        """Events held, per month of the period."""
        return self._by_month(self._events(), "starts_at")

    @cached_property
    def groups_started_by_month(self):
        """Groups that started meeting, per month: the first recorded change to
        "starting" or "running"; for a group with no such record, the moment its status
        last changed if it is starting or running now."""
        first_start = (
            GroupStatusChange.objects.filter(group=OuterRef("pk"), to_status__in=MEETING)
            .order_by()
            .values("group")
            .annotate(first=Min("effective_on"))
            .values("first")[:1]
        )
        started = (
            SelfHelpGroup.objects.filter(self._in_scope())
            .annotate(
                started_on=Coalesce(
                    Subquery(first_start, output_field=DateField()),
                    Case(
                        When(
                            status__in=MEETING,
                            then=TruncDate("status_changed_at", tzinfo=OSLO),
                        ),
                        output_field=DateField(),
                    ),
                    output_field=DateField(),
                )
            )
            .filter(started_on__gte=self.period.months[0], started_on__lte=self.period.today)
        )
        counts = {
            _as_date(row["month"]): row["n"]
            for row in started.order_by()
            .annotate(month=TruncMonth("started_on", output_field=DateField()))
            .values("month")
            .annotate(n=Count("pk"))
        }
        return [counts.get(month, 0) for month in self.period.months]

    # Headline ----------------------------------------------------------------------------

    @cached_property
    def headline(self):
        """A few region-wide figures for the top of the page and the report."""
        rows = self.contact_points
        approved = [row for row in rows if row.status == ContactPoint.Status.APPROVED]
        by_status = {status: count for status, _label, count in self.groups_by_status}
        return {
            "contact_points": len(approved),
            "pending": sum(row.status == ContactPoint.Status.PENDING for row in rows),
            "quiet": sum(row.quiet for row in rows),
            "groups_meeting": sum(by_status[status] for status in MEETING),
            "groups_started": sum(self.groups_started_by_month),
            "enquiries": sum(self.enquiries_by_month),
            "answered": sum(self.answered_by_month),
            "events": sum(self.events_by_month),
            "median_response": self.median_response,
        }


@dataclass
class MunicipalityRow:
    number: str
    name: str
    contact_points: Figure
    groups: Figure
    interest: Figure
    enquiries: Figure
    interest_no_group: bool
    interest_no_contact_point: bool

    @property
    def stands_out(self):
        return self.interest_no_group or self.interest_no_contact_point


def _as_date(value):
    """TruncMonth gives a date on a date and an aware datetime on a datetime."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(OSLO).date()
    return value


def _median_in_python(answered):
    """SQLite (``make run``) has no percentile_cont: the same median, in Python."""
    durations = {}
    for cp_id, created_at, first_response_at in answered.values_list(
        "contact_point_id", "created_at", "first_response_at"
    ):
        durations.setdefault(cp_id, []).append(first_response_at - created_at)
    return [(cp_id, statistics.median(values)) for cp_id, values in durations.items()]
