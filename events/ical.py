"""Events as iCalendar (RFC 5545) for calendar apps and municipalities' "what's on" pages.

Times are written in Europe/Oslo with a VTIMEZONE, so every client shows the local time
on both sides of a daylight-saving change. Nothing personal is ever in a calendar: no
registrations, and no online meeting link (that goes to registered people only).
"""

import datetime
import uuid
from zoneinfo import ZoneInfo

import icalendar
from django.urls import reverse
from django.utils.translation import gettext as _

from events.models import Event

OSLO = ZoneInfo("Europe/Oslo")
PRODID = "-//Selvhjelp//Selvhjelp portal//NB"
REFRESH = datetime.timedelta(hours=6)
# zoneinfo's transitions are only written out to here; Norway's rules end in 2037 too.
LAST_TIMEZONE_DATE = datetime.date(2037, 12, 31)


def event_uid(event):
    """Stable across requests and feeds, so a calendar app updates instead of duplicating."""
    return f"event-{event.pk}@selvhjelp"


def event_location(event):
    if event.is_online:
        return _("Online")
    parts = [event.venue_name, event.venue_address]
    if event.municipality_id:
        parts.append(event.municipality.name)
    return ", ".join(part for part in parts if part)


def event_organiser(event):
    return event.contact_point.name if event.contact_point_id else event.region.name


def _description(event, url):
    lines = []
    if event.status == Event.Status.CANCELLED:
        lines += [_("This event is cancelled."), ""]
    if event.description:
        lines += [event.description.strip(), ""]
    lines.append(_("Organiser: %(organiser)s") % {"organiser": event_organiser(event)})
    lines.append(_("For: %(audience)s") % {"audience": event.get_audience_display()})
    if event.is_online:
        lines.append(_("The link to the meeting is sent to those who register."))
    lines += ["", _("More information and registration: %(url)s") % {"url": url}]
    return "\n".join(lines)


def _vevent(event, base_url):
    url = base_url.rstrip("/") + reverse("events:detail", kwargs={"slug": event.slug})
    updated = event.updated_at.astimezone(datetime.UTC).replace(microsecond=0)
    component = icalendar.Event.new(
        uid=event_uid(event),
        summary=event.title,
        start=event.starts_at.astimezone(OSLO),
        end=event.ends_at.astimezone(OSLO),
        stamp=updated,
        last_modified=updated,
        location=event_location(event),
        description=_description(event, url),
        url=url,
        status="CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED",
    )
    component.add("class", "PUBLIC")
    return component


def calendar_for_events(events, *, base_url, name, source_url=None):
    """The calendar as bytes. ``events`` come from the selectors (organiser and
    municipality selected, so the number of queries does not grow with the events)."""
    events = list(events)
    calendar = icalendar.Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        name=name,
        refresh_interval=REFRESH,
        source=source_url,
        uid=uuid.uuid5(uuid.NAMESPACE_URL, source_url or f"{base_url}#{name}"),
    )
    # Older clients read the refresh interval from this property instead.
    calendar.add("x-published-ttl", REFRESH)
    for event in events:
        calendar.add_component(_vevent(event, base_url))
    if events:
        # Only the transitions the events need: a smaller file on slow mobile data.
        day = datetime.timedelta(days=1)
        last = min(max(e.ends_at for e in events).date() + day, LAST_TIMEZONE_DATE)
        first = min(min(e.starts_at for e in events).date() - day, last - day)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()
