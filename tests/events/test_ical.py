"""Events as iCalendar: one event, the feed of all, and a contact point's feed."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from contactpoints.models import ContactPoint
from events.models import Event
from tests.factories import (
    ContactPointFactory,
    EventFactory,
    RegionFactory,
    RegistrationFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")


def oslo(*args):
    return datetime.datetime(*args, tzinfo=OSLO)


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def summaries(calendar):
    return [str(event["SUMMARY"]) for event in calendar.events]


def test_event_ical_has_stable_uid_times_place_and_url(client):
    event = EventFactory(
        title="Informasjonsmøte",
        description="Kom og hør.",
        venue_name="Biblioteket",
        venue_address="Storgata 1",
        contact_point__name="Frivilligsentralen",
    )

    calendar = parse(client.get(f"/arrangementer/{event.slug}/kalender.ics"))

    assert calendar["METHOD"] == "PUBLISH"
    [vevent] = calendar.events
    assert vevent["UID"] == f"event-{event.pk}@selvhjelp"
    assert vevent["SUMMARY"] == "Informasjonsmøte"
    assert vevent["LOCATION"] == f"Biblioteket, Storgata 1, {municipality().name}"
    assert "Kom og hør." in vevent["DESCRIPTION"]
    assert "Frivilligsentralen" in vevent["DESCRIPTION"]
    assert vevent["URL"] == f"http://testserver/arrangementer/{event.slug}/"
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent.start == event.starts_at
    assert vevent.end == event.ends_at
    assert vevent.start.tzinfo.key == "Europe/Oslo"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Oslo"]
    assert calendar.get_missing_tzids() == set()


def test_event_ical_same_output_twice(client):
    event = EventFactory()
    url = f"/arrangementer/{event.slug}/kalender.ics"

    assert client.get(url).content == client.get(url).content


def test_event_ical_online_says_online_without_link(client):
    event = EventFactory(
        is_online=True, municipality=None, online_url="https://video.example.no/rom-9"
    )

    response = client.get(f"/arrangementer/{event.slug}/kalender.ics")

    [vevent] = parse(response).events
    assert vevent["LOCATION"] in ("Online", "Digitalt")
    assert b"rom-9" not in response.content


def test_event_ical_cancelled_event_says_cancelled(client):
    event = EventFactory(status=Event.Status.CANCELLED)

    [vevent] = parse(client.get(f"/arrangementer/{event.slug}/kalender.ics")).events

    assert vevent["STATUS"] == "CANCELLED"


@pytest.mark.parametrize("slug", ["finnes-ikke"])
def test_event_ical_unknown_is_404(client, slug):
    assert client.get(f"/arrangementer/{slug}/kalender.ics").status_code == 404


def test_feed_times_in_oslo_across_daylight_saving_changes(client, time_machine):
    time_machine.move_to(oslo(2026, 10, 1, 12, 0))
    # Summer time ends on 25 October 2026 and starts again on 28 March 2027.
    EventFactory(title="Før", starts_at=oslo(2026, 10, 24, 18), ends_at=oslo(2026, 10, 24, 20))
    EventFactory(title="Etter", starts_at=oslo(2026, 10, 27, 18), ends_at=oslo(2026, 10, 27, 20))
    EventFactory(title="Vår", starts_at=oslo(2027, 3, 30, 18), ends_at=oslo(2027, 3, 30, 20))

    response = client.get("/arrangementer.ics")

    calendar = parse(response)
    events = {str(e["SUMMARY"]): e for e in calendar.events}
    for title in ("Før", "Etter", "Vår"):
        assert events[title].start.tzinfo.key == "Europe/Oslo"
        assert (events[title].start.hour, events[title].start.minute) == (18, 0)
    assert events["Før"].start.utcoffset() == datetime.timedelta(hours=2)
    assert events["Etter"].start.utcoffset() == datetime.timedelta(hours=1)
    assert events["Vår"].start.utcoffset() == datetime.timedelta(hours=2)
    # Written as local time with its zone, not as UTC.
    assert b"DTSTART;TZID=Europe/Oslo:20261024T180000" in response.content
    assert b"DTSTART;TZID=Europe/Oslo:20261027T180000" in response.content
    assert b"DTSTART;TZID=Europe/Oslo:20270330T180000" in response.content
    # The VTIMEZONE describes both changes, for clients without a zone database.
    [zone] = calendar.timezones
    assert zone.tz_name == "Europe/Oslo"
    offsets = {(str(sub.name), sub["TZOFFSETTO"].td) for sub in zone.subcomponents}
    assert ("STANDARD", datetime.timedelta(hours=1)) in offsets
    assert ("DAYLIGHT", datetime.timedelta(hours=2)) in offsets
    tz = zone.to_tz()
    assert datetime.datetime(2026, 10, 24, 18, tzinfo=tz).utcoffset() == datetime.timedelta(hours=2)
    assert datetime.datetime(2026, 10, 27, 18, tzinfo=tz).utcoffset() == datetime.timedelta(hours=1)
    assert datetime.datetime(2027, 3, 30, 18, tzinfo=tz).utcoffset() == datetime.timedelta(hours=2)


def test_feed_lists_only_upcoming_public_events(client):
    EventFactory(title="Synlig")
    EventFactory(title="Regionens", contact_point=None, region=RegionFactory())
    EventFactory(title="Utkast", status=Event.Status.DRAFT)
    EventFactory(title="Avlyst", status=Event.Status.CANCELLED)
    EventFactory(
        title="Ikke godkjent", contact_point=ContactPointFactory(status=ContactPoint.Status.PENDING)
    )
    past = timezone.now() - datetime.timedelta(days=3)
    EventFactory(title="Har vært", starts_at=past, ends_at=past + datetime.timedelta(hours=2))

    calendar = parse(client.get("/arrangementer.ics"))

    assert sorted(summaries(calendar)) == ["Regionens", "Synlig"]


def test_feed_empty_is_a_valid_calendar(client):
    calendar = parse(client.get("/arrangementer.ics"))

    assert calendar.events == []
    assert calendar["METHOD"] == "PUBLISH"


def test_feed_filters_by_county_and_contact_point(client):
    bodo = ContactPointFactory(slug="bodo", municipality=municipality("1804"))
    EventFactory(title="Oslo", contact_point__municipality=municipality("0301"))
    EventFactory(title="Bodø", contact_point=bodo)

    by_county = parse(client.get("/arrangementer.ics", {"fylke": municipality("1804").county_id}))
    by_contact_point = parse(client.get("/arrangementer.ics", {"kontaktpunkt": "bodo"}))

    assert summaries(by_county) == ["Bodø"]
    assert summaries(by_contact_point) == ["Bodø"]


@pytest.mark.parametrize(
    "params",
    [
        {"fylke": "zz"},
        {"fylke": "\x00"},
        {"kontaktpunkt": "finnes-ikke"},
        {"kontaktpunkt": "x" * 999},
    ],
)
def test_feed_malformed_filters_give_empty_calendar(client, params):
    EventFactory()

    assert parse(client.get("/arrangementer.ics", params)).events == []


def test_contact_point_feed_has_only_its_events(client):
    mine = ContactPointFactory(slug="mitt")
    EventFactory(title="Mitt", contact_point=mine)
    EventFactory(title="Andres")

    calendar = parse(client.get("/kontaktpunkter/mitt/arrangementer.ics"))

    assert summaries(calendar) == ["Mitt"]
    assert str(calendar["X-WR-CALNAME"]) == mine.name


@pytest.mark.parametrize("status", [ContactPoint.Status.PENDING, ContactPoint.Status.SUSPENDED])
def test_contact_point_feed_of_unapproved_is_404(client, status):
    ContactPointFactory(slug="skjult", status=status)

    assert client.get("/kontaktpunkter/skjult/arrangementer.ics").status_code == 404
    assert client.get("/kontaktpunkter/finnes-ikke/arrangementer.ics").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_feed_query_count_does_not_grow(client, django_assert_num_queries, count):
    region = RegionFactory()
    for _ in range(count):
        RegistrationFactory(event=EventFactory(capacity=4))
        EventFactory(contact_point=None, region=region, is_online=True, municipality=None)

    with django_assert_num_queries(1):
        calendar = parse(client.get("/arrangementer.ics"))
    assert len(calendar.events) == 2 * count


@pytest.mark.parametrize("count", [1, 3])
def test_contact_point_feed_query_count_does_not_grow(client, django_assert_num_queries, count):
    contact_point = ContactPointFactory()
    for _ in range(count):
        EventFactory(contact_point=contact_point)

    # the contact point, the events
    with django_assert_num_queries(2):
        calendar = parse(client.get(f"/kontaktpunkter/{contact_point.slug}/arrangementer.ics"))
    assert len(calendar.events) == count


def test_feed_answers_head_and_may_be_cached(client):
    EventFactory()

    head = client.head("/arrangementer.ics")
    get = client.get("/arrangementer.ics")

    assert head.status_code == 200
    assert "public" in get["Cache-Control"]
    assert "max-age=900" in get["Cache-Control"]
