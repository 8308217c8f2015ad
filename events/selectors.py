import re

from django.db.models import Count, Q
from django.utils import timezone

from contactpoints.models import ContactPoint
from events.models import Event, Registration

# What events.models.new_token makes: URL-safe base64.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def public_events():
    """Published events of approved contact points, and all published region events."""
    return Event.objects.filter(status=Event.Status.PUBLISHED).filter(
        Q(contact_point__isnull=True) | Q(contact_point__status=ContactPoint.Status.APPROVED)
    )


def _with_list_data(events):
    """What a list or a feed shows of each event, in the same query."""
    return events.select_related("contact_point", "region", "municipality").annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
        )
    )


def upcoming_public_events(*, limit=None):
    events = _with_list_data(public_events().filter(ends_at__gte=timezone.now())).order_by(
        "starts_at"
    )
    return events[:limit] if limit else events


def _in_counties(county_numbers):
    """Events held in these counties, and online events whose organiser is there.

    An online event has no place of its own; it belongs where its contact point is, or
    to the counties of the region that holds it.
    """
    return Q(municipality__county__in=county_numbers) | Q(is_online=True) & (
        Q(contact_point__municipality__county__in=county_numbers)
        | Q(region__counties__in=county_numbers)
    )


def event_list(*, kind="", county="", place=None, contact_point=None):
    """Upcoming public events, filtered by kind, county number and a resolved place.

    ``place`` is a ``regions.selectors.Place`` (or None): events in its municipalities
    (or its whole counties), and online events organised in its counties.
    """
    events = public_events().filter(ends_at__gte=timezone.now())
    if contact_point is not None:
        events = events.filter(contact_point=contact_point)
    if kind:
        events = events.filter(kind=kind)
    if county:
        events = events.filter(_in_counties([county]))
    if place is not None:
        if place.whole_county:
            events = events.filter(_in_counties(place.county_numbers))
        else:
            events = events.filter(
                Q(municipality__in=place.municipality_numbers)
                | Q(is_online=True)
                & (
                    Q(contact_point__municipality__county__in=place.county_numbers)
                    | Q(region__counties__in=place.county_numbers)
                )
            )
    # The region join can match one event through several counties; select ids once.
    events = Event.objects.filter(pk__in=events.values("pk"))
    return _with_list_data(events).order_by("starts_at", "pk")


def event_for_public_page(*, slug):
    """An event a resident may open: published or cancelled, of a public organiser.

    Cancelled events stay reachable so that people who saved the link learn that it is
    cancelled; drafts and events of contact points that are not approved do not exist
    for the public. Returns None when there is no such event.
    """
    return (
        _with_list_data(
            Event.objects.filter(
                slug=slug, status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED]
            ).filter(
                Q(contact_point__isnull=True)
                | Q(contact_point__status=ContactPoint.Status.APPROVED)
            )
        )
        .select_related("contact_point__municipality")
        .first()
    )


def public_contact_point(*, slug):
    return ContactPoint.objects.filter(slug=slug, status=ContactPoint.Status.APPROVED).first()


def registration_for_token(*, token, event_slug=None):
    """A registration that its token may still cancel: not cancelled, event not over.

    With ``event_slug``, only a registration for that event.
    """
    if not TOKEN_SHAPE.fullmatch(token or ""):
        return None
    registrations = Registration.objects.filter(token=token)
    if event_slug is not None:
        registrations = registrations.filter(event__slug=event_slug)
    return (
        registrations.exclude(status=Registration.Status.CANCELLED)
        .filter(event__ends_at__gte=timezone.now())
        .select_related("event__municipality", "event__contact_point", "event__region")
        .first()
    )


def waiting_list_position(*, registration):
    """1 for the first person on the waiting list."""
    return (
        Registration.objects.filter(
            event_id=registration.event_id,
            status=Registration.Status.WAITING,
        )
        .filter(
            Q(created_at__lt=registration.created_at)
            | Q(created_at=registration.created_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


# --- The contact point's workspace ---------------------------------------------------


def workspace_events(*, contact_point):
    """A contact point's own events (any status), with their registration counts.

    Region events are not here: a region organises them, not the contact point.
    """
    return contact_point.events.select_related("municipality").annotate(
        confirmed_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
        ),
        waiting_count=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
        ),
    )


def workspace_events_upcoming(*, contact_point, now=None):
    """Events not yet over, the next first."""
    return (
        workspace_events(contact_point=contact_point)
        .filter(ends_at__gte=now or timezone.now())
        .order_by("starts_at", "pk")
    )


def workspace_events_past(*, contact_point, now=None):
    """Events that are over, the latest first."""
    return (
        workspace_events(contact_point=contact_point)
        .filter(ends_at__lt=now or timezone.now())
        .order_by("-starts_at", "-pk")
    )


def event_registrations(*, event):
    """An event's registrations in one query, by status: ``confirmed`` and ``waiting``
    in the order they came (the waiting list's order), ``cancelled`` latest first."""
    grouped = {status: [] for status in Registration.Status.values}
    for registration in event.registrations.order_by("created_at", "pk"):
        registration.event = event  # no query per row for the event
        grouped[registration.status].append(registration)
    grouped[Registration.Status.CANCELLED].sort(
        key=lambda registration: registration.cancelled_at or registration.created_at,
        reverse=True,
    )
    return grouped


def event_registrations_for_export(*, event):
    """Every registration of an event, as the CSV export lists them: confirmed first,
    then the waiting list in its order, then the cancelled ones."""
    grouped = event_registrations(event=event)
    return [
        *grouped[Registration.Status.CONFIRMED],
        *grouped[Registration.Status.WAITING],
        *grouped[Registration.Status.CANCELLED],
    ]


def event_messages_sent(*, event):
    """The messages staff sent to an event's registrants, the latest first."""
    return event.messages.select_related("sent_by")
