"""The read-only JSON API at ``/api/v1/``: what the public pages show, for other websites.

Municipalities and partners use it to show groups, events and contact points on their
own pages. It answers GET requests only, needs no account, and carries no personal
data at all: nothing about enquiries, registrations, interest registrations, starters,
staff or users, and no venue a contact point has not chosen to publish. The contact
points' email addresses and phone numbers are in it because they are published for
residents to use.

Every list is paginated (``limit`` and ``offset``). A query parameter in the wrong shape
is answered with 422 and a JSON list of what was wrong; every free-text parameter has a
pattern, so nothing malformed reaches the database.

Responses carry ``Access-Control-Allow-Origin: *`` (see ``allow_any_origin``): the data is
public and read-only, and no cookie or credential is ever needed to read it.
"""

import datetime
from functools import wraps
from typing import Annotated, Literal

from django.db.models import Count, Min, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from contactpoints.models import ContactPoint
from events.models import Event, Registration
from events.selectors import public_events, upcoming_public_events
from groups.models import SelfHelpGroup, Topic
from groups.selectors import PUBLIC_STATUSES, public_groups
from regions.models import Municipality
from selvhjelp.qr import contact_point_path, event_path, group_path

SLUG_PATTERN = r"^[-a-zA-Z0-9_]{1,200}$"
MUNICIPALITY_PATTERN = r"^[0-9]{4}$"
COUNTY_PATTERN = r"^[0-9]{2}$"
MAX_PAGE_SIZE = 100
# Far beyond any real list, and well inside what PostgreSQL accepts as an OFFSET.
MAX_OFFSET = 100_000

DESCRIPTION = """
Public information from the Selvhjelp portal: self-help groups, information meetings and
other events, and the local contact points that run them. Read-only, no account needed,
no personal data.

* Lists are paginated with `limit` (1–100, default 20) and `offset`; the answer gives the
  `items` and the total `count`.
* Every object has `url`, the address of its public page on the portal, and `poster_url`,
  a printable A4 poster with a QR code. A contact point also has `embed_url`: a compact
  list of its groups and events to show in an `<iframe>` on another website.
* Times are local Norwegian time (Europe/Oslo) with their UTC offset.
* A query parameter in the wrong shape is answered with 422 and what was wrong.
* Responses allow any origin (`Access-Control-Allow-Origin: *`).
"""

api = NinjaAPI(
    title="Selvhjelp API",
    version="1",
    description=DESCRIPTION.strip(),
    urls_namespace="api",
    # Ninja's own docs page loads Swagger UI from a CDN; the portal makes no requests to
    # other sites, so the docs page is ours (selvhjelp/api_docs.py).
    docs_url=None,
)


def allow_any_origin(view):
    """Let pages on any website read the response (public, read-only data, no cookies)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped


def absolute(context, path):
    return context["request"].build_absolute_uri(path)


def local(moment):
    return timezone.localtime(moment) if moment else None


def choices(model_choices):
    """The stored values of a model's choices as a ``Literal``, so they show in OpenAPI."""
    return Literal[tuple(model_choices.values)]


# --- Pagination and errors ----------------------------------------------------------


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            20, ge=1, le=MAX_PAGE_SIZE, description="How many items to return (at most 100)."
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_PAGE_SIZE, **kwargs)


class NotFoundOut(Schema):
    detail: str = Field(examples=["Not Found"])


class ValidationIssue(Schema):
    type: str
    loc: list[str | int] = Field(description='Where, e.g. ["query", "limit"].')
    msg: str


class ValidationErrorOut(Schema):
    detail: list[ValidationIssue]


LIST_ERRORS = {422: ValidationErrorOut}
DETAIL_ERRORS = {404: NotFoundOut, 422: ValidationErrorOut}
Slug = Annotated[str, Path(pattern=SLUG_PATTERN, description="The object's slug.")]

# --- Reference data -----------------------------------------------------------------


class CountyOut(Schema):
    number: str = Field(description="Statistics Norway's county number (fylkesnummer).")
    name: str


class MunicipalityOut(Schema):
    number: str = Field(description="Statistics Norway's municipality number (kommunenummer).")
    name: str
    county: CountyOut


class TopicOut(Schema):
    slug: str
    name: str = Field(description="The name in Norwegian.")
    name_en: str = Field(description="The name in English.")


# --- Contact points -----------------------------------------------------------------


class OrganisationTypeOut(Schema):
    code: str
    name: str = Field(description="The name in Norwegian.")
    name_en: str = Field(description="The name in English.")


class ContactPointRef(Schema):
    """The contact point that runs a group or an event, and how to reach it."""

    slug: str
    name: str
    url: str = Field(description="Its public page.")
    email: str = Field(description="Public email address; may be empty.")
    phone: str = Field(description="Public phone number; may be empty.")

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, contact_point_path(obj))


class ContactPointOut(ContactPointRef):
    embed_url: str = Field(description="A compact list of its groups and events for an iframe.")
    poster_url: str = Field(description="A printable A4 poster with a QR code.")
    organisation_type: OrganisationTypeOut
    organisation: str = Field(description="The organisation the contact point is part of.")
    municipality: MunicipalityOut
    description: str = Field(description="What the contact point offers.")
    website: str
    address: str = Field(description="Visiting address; may be empty.")
    opening_hours: str = Field(description="When to reach it; may be empty.")
    partners: str
    response_days: int = Field(description="Promised response time to an enquiry, in working days.")

    @staticmethod
    def resolve_embed_url(obj, context):
        return absolute(context, reverse("posters:embed", args=[obj.slug]))

    @staticmethod
    def resolve_poster_url(obj, context):
        return absolute(context, reverse("posters:contact_point", args=[obj.slug]))


class ContactPointFilters(Schema):
    county: str | None = Field(None, pattern=COUNTY_PATTERN, description="County number.")
    municipality: str | None = Field(
        None, pattern=MUNICIPALITY_PATTERN, description="Municipality number."
    )


def approved_contact_points():
    return ContactPoint.objects.filter(status=ContactPoint.Status.APPROVED).select_related(
        "organisation_type", "municipality__county"
    )


@api.get(
    "/contact-points",
    response={200: list[ContactPointOut], **LIST_ERRORS},
    tags=["contact points"],
    summary="Contact points",
)
@paginate(Pagination)
def contact_points(request, filters: Query[ContactPointFilters]):
    found = approved_contact_points()
    if filters.county:
        found = found.filter(municipality__county_id=filters.county)
    if filters.municipality:
        found = found.filter(municipality_id=filters.municipality)
    return found.order_by("name", "pk")


@api.get(
    "/contact-points/{slug}",
    response={200: ContactPointOut, **DETAIL_ERRORS},
    tags=["contact points"],
    summary="One contact point",
)
def contact_point(request, slug: Slug):
    return get_object_or_404(approved_contact_points(), slug=slug)


# --- Groups -------------------------------------------------------------------------


class VenueOut(Schema):
    name: str
    address: str


class GroupOut(Schema):
    slug: str
    title: str
    url: str = Field(description="Its public page.")
    poster_url: str = Field(description="A printable A4 poster with a QR code.")
    description: str
    kind: choices(SelfHelpGroup.Kind) = Field(
        description="A group about one problem, or across problems."
    )
    format: choices(SelfHelpGroup.Format)
    status: Literal[tuple(PUBLIC_STATUSES)] = Field(
        description="recruiting: looking for members; starting: a starter attends the first "
        "meetings; running: the group runs itself."
    )
    open_for_new_members: bool
    topics: list[TopicOut]
    municipality: MunicipalityOut
    weekday: int | None = Field(None, ge=0, le=6, description="0 is Monday, 6 is Sunday.")
    start_time: str | None = Field(
        None, pattern=r"^[0-9]{2}:[0-9]{2}$", description="Local time, HH:MM."
    )
    frequency: choices(SelfHelpGroup.Frequency)
    planned_start: datetime.date | None
    next_meeting: datetime.datetime | None = Field(description="The next dated meeting, if any.")
    venue: VenueOut | None = Field(
        description="Only where the contact point publishes it; otherwise the venue is "
        "given to a person when they get in touch."
    )
    contact_point: ContactPointRef

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, group_path(obj))

    @staticmethod
    def resolve_poster_url(obj, context):
        return absolute(context, reverse("posters:group", args=[obj.slug]))

    @staticmethod
    def resolve_topics(obj):
        return list(obj.topics.all())

    @staticmethod
    def resolve_start_time(obj):
        return obj.start_time.strftime("%H:%M") if obj.start_time else None

    @staticmethod
    def resolve_next_meeting(obj):
        return local(obj.next_meeting)

    @staticmethod
    def resolve_venue(obj):
        if not obj.show_venue_publicly:
            return None
        return {"name": obj.venue_name, "address": obj.venue_address}


class GroupFilters(Schema):
    municipality: str | None = Field(
        None, pattern=MUNICIPALITY_PATTERN, description="Municipality number."
    )
    county: str | None = Field(None, pattern=COUNTY_PATTERN, description="County number.")
    topic: str | None = Field(None, pattern=SLUG_PATTERN, description="A topic's slug.")
    format: choices(SelfHelpGroup.Format) | None = None
    open: bool | None = Field(None, description="Only groups open (or closed) to new members.")


def api_groups():
    now = timezone.now()
    return (
        public_groups()
        .select_related("contact_point", "municipality__county")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("position", "name")))
        .annotate(
            next_meeting=Min(
                "meetings__starts_at",
                filter=Q(meetings__starts_at__gte=now, meetings__is_cancelled=False),
            )
        )
    )


@api.get(
    "/groups",
    response={200: list[GroupOut], **LIST_ERRORS},
    tags=["groups"],
    summary="Self-help groups",
    description="Groups a resident can find on the portal. The place filters match the "
    "municipality a group belongs to; groups that meet by phone or video are open to "
    "people from anywhere.",
)
@paginate(Pagination)
def groups(request, filters: Query[GroupFilters]):
    found = api_groups()
    if filters.municipality:
        found = found.filter(municipality_id=filters.municipality)
    if filters.county:
        found = found.filter(municipality__county_id=filters.county)
    if filters.topic:
        found = found.filter(topics__slug=filters.topic)
    if filters.format:
        found = found.filter(format=filters.format)
    if filters.open is not None:
        found = found.filter(open_for_new_members=filters.open)
    return found.order_by("title", "pk")


@api.get(
    "/groups/{slug}",
    response={200: GroupOut, **DETAIL_ERRORS},
    tags=["groups"],
    summary="One self-help group",
)
def group(request, slug: Slug):
    return get_object_or_404(api_groups(), slug=slug)


# --- Events -------------------------------------------------------------------------


class RegionRef(Schema):
    slug: str
    name: str


class EventOut(Schema):
    slug: str
    title: str
    url: str = Field(description="Its public page, where people register.")
    poster_url: str = Field(description="A printable A4 poster with a QR code.")
    kind: choices(Event.Kind)
    audience: choices(Event.Audience) = Field(description="Whom the event is for.")
    intended_outcome: choices(Event.Outcome) = Field(description="What it should lead to.")
    description: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    is_online: bool
    municipality: MunicipalityOut | None
    venue: VenueOut | None
    capacity: int | None = Field(description="Places in all; null for no limit.")
    places_left: int | None = Field(description="Free places; null for no limit.")
    contact_point: ContactPointRef | None = Field(description="The organiser, if a contact point.")
    region: RegionRef | None = Field(description="The organiser, if a district office.")

    @staticmethod
    def resolve_url(obj, context):
        return absolute(context, event_path(obj))

    @staticmethod
    def resolve_poster_url(obj, context):
        return absolute(context, reverse("posters:event", args=[obj.slug]))

    @staticmethod
    def resolve_starts_at(obj):
        return local(obj.starts_at)

    @staticmethod
    def resolve_ends_at(obj):
        return local(obj.ends_at)

    @staticmethod
    def resolve_venue(obj):
        if not (obj.venue_name or obj.venue_address):
            return None
        return {"name": obj.venue_name, "address": obj.venue_address}

    @staticmethod
    def resolve_places_left(obj):
        if obj.capacity is None:
            return None
        return max(obj.capacity - obj.confirmed_count, 0)


class EventFilters(Schema):
    contact_point: str | None = Field(
        None, pattern=SLUG_PATTERN, description="The organising contact point's slug."
    )
    municipality: str | None = Field(
        None, pattern=MUNICIPALITY_PATTERN, description="Municipality number."
    )
    kind: choices(Event.Kind) | None = None


@api.get(
    "/events",
    response={200: list[EventOut], **LIST_ERRORS},
    tags=["events"],
    summary="Upcoming events",
    description="Published events that have not ended yet, the soonest first.",
)
@paginate(Pagination)
def events(request, filters: Query[EventFilters]):
    found = upcoming_public_events().select_related("municipality__county")
    if filters.contact_point:
        found = found.filter(contact_point__slug=filters.contact_point)
    if filters.municipality:
        found = found.filter(municipality_id=filters.municipality)
    if filters.kind:
        found = found.filter(kind=filters.kind)
    return found.order_by("starts_at", "pk")


@api.get(
    "/events/{slug}",
    response={200: EventOut, **DETAIL_ERRORS},
    tags=["events"],
    summary="One event",
)
def event(request, slug: Slug):
    found = (
        public_events()
        .select_related("contact_point", "region", "municipality__county")
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            )
        )
    )
    return get_object_or_404(found, slug=slug)


# --- Reference data -----------------------------------------------------------------


class MunicipalityFilters(Schema):
    county: str | None = Field(None, pattern=COUNTY_PATTERN, description="County number.")


@api.get(
    "/topics",
    response={200: list[TopicOut], **LIST_ERRORS},
    tags=["reference data"],
    summary="Topics groups can be about",
)
@paginate(Pagination)
def topics(request):
    return Topic.objects.order_by("position", "name", "pk")


@api.get(
    "/municipalities",
    response={200: list[MunicipalityOut], **LIST_ERRORS},
    tags=["reference data"],
    summary="Municipalities of today, with their counties",
)
@paginate(Pagination)
def municipalities(request, filters: Query[MunicipalityFilters]):
    found = Municipality.objects.filter(is_current=True).select_related("county")
    if filters.county:
        found = found.filter(county_id=filters.county)
    return found.order_by("number")
