"""The public event pages: the list with its filters, and an event's own page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from contactpoints.models import ContactPoint
from events.models import Event, Registration
from regions.models import Region
from tests.events.conftest import evening_in
from tests.factories import (
    ContactPointFactory,
    EventFactory,
    RegionFactory,
    RegistrationFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

LIST = "/arrangementer/"


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def titles(html):
    return re.findall(r'event-item__title"[^>]*><a href="[^"]+">([^<]+)</a>', html)


def test_event_list_url_is_arrangementer():
    assert reverse("events:list") == LIST
    assert reverse("events:feed") == "/arrangementer.ics"
    assert reverse("events:detail", args=["mote"]) == "/arrangementer/mote/"
    assert reverse("events:ical", args=["mote"]) == "/arrangementer/mote/kalender.ics"


def test_event_list_shows_what_where_who_for_and_outcome(english):
    starts = evening_in(10)
    EventFactory(
        title="Informasjonsmøte på biblioteket",
        kind=Event.Kind.INFORMATION_MEETING,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        venue_name="Stormen bibliotek",
        audience=Event.Audience.POTENTIAL_PARTICIPANTS,
        intended_outcome=Event.Outcome.GROUP_SIGNUP,
        contact_point__name="Frivilligsentralen i Bodø",
        capacity=20,
    )

    html = html_of(english.get(LIST))

    assert titles(html) == ["Informasjonsmøte på biblioteket"]
    assert "Information meeting" in html
    assert "18:00–20:00" in html
    assert f"Stormen bibliotek, {municipality().name}" in html
    assert "Frivilligsentralen i Bodø" in html
    assert "People who may want to join a group" in html
    assert "Aims to lead to" in html
    assert "Joining a self-help group" in html
    assert "20 places left" in html


def test_event_list_date_is_norwegian_by_default(client):
    starts = evening_in(10)
    EventFactory(starts_at=starts, ends_at=starts + datetime.timedelta(hours=2))

    html = html_of(client.get(LIST))

    local = timezone.localtime(starts)
    assert f"{local.day}. " in html
    assert "kl. 18:00–20:00" in html


def test_event_list_full_event_says_waiting_list_open(english):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)

    html = html_of(english.get(LIST))

    assert "Full – waiting list open" in html


def test_event_list_online_event_says_online(english):
    EventFactory(is_online=True, online_url="https://video.example.no/hemmelig-rom")

    html = html_of(english.get(LIST))

    assert "Online" in html
    assert "hemmelig-rom" not in html


def test_event_list_hides_drafts_cancelled_past_and_unapproved(client):
    EventFactory(title="Synlig møte")
    EventFactory(title="Avlyst møte", status=Event.Status.CANCELLED)
    EventFactory(title="Utkast", status=Event.Status.DRAFT)
    past = evening_in(-3)
    EventFactory(title="Møte som har vært", starts_at=past, ends_at=past + datetime.timedelta(1))
    EventFactory(
        title="Møte hos nytt kontaktpunkt",
        contact_point=ContactPointFactory(status=ContactPoint.Status.PENDING),
    )
    EventFactory(title="Regionens møte", contact_point=None, region=RegionFactory())

    html = html_of(client.get(LIST))

    assert sorted(titles(html)) == ["Regionens møte", "Synlig møte"]


def test_event_list_empty_says_none_planned(english):
    html = html_of(english.get(LIST))

    assert "No upcoming events found" in html
    assert "No information meetings or events are planned right now" in html


def test_event_list_filters_by_kind(client):
    EventFactory(title="Info", kind=Event.Kind.INFORMATION_MEETING)
    EventFactory(title="Kurs", kind=Event.Kind.STARTER_TRAINING)

    html = html_of(client.get(LIST, {"type": "starter_training"}))

    assert titles(html) == ["Kurs"]


def test_event_list_filters_by_county_with_online_events_of_organisers_there(client):
    oslo = ContactPointFactory(municipality=municipality("0301"))
    bodo = ContactPointFactory(municipality=municipality("1804"))
    EventFactory(title="I Oslo", contact_point=oslo)
    EventFactory(title="I Bodø", contact_point=bodo)
    EventFactory(title="Digitalt fra Bodø", contact_point=bodo, is_online=True, municipality=None)
    region = Region.objects.get(counties=municipality("1804").county)
    EventFactory(
        title="Regionens digitale kurs",
        contact_point=None,
        region=region,
        is_online=True,
        municipality=None,
    )

    html = html_of(client.get(LIST, {"fylke": municipality("1804").county_id}))

    assert sorted(titles(html)) == ["Digitalt fra Bodø", "I Bodø", "Regionens digitale kurs"]


def test_event_list_filters_by_place_text_or_postcode(client):
    EventFactory(title="I Oslo", contact_point__municipality=municipality("0301"))
    EventFactory(title="I Bodø", contact_point__municipality=municipality("1804"))

    by_name = html_of(client.get(LIST, {"sted": "bodø"}))
    by_postcode = html_of(client.get(LIST, {"sted": "8006"}))

    assert titles(by_name) == ["I Bodø"]
    assert titles(by_postcode) == ["I Bodø"]


def test_event_list_unknown_place_is_reported_and_ignored(english):
    EventFactory(title="Et møte")

    html = html_of(english.get(LIST, {"sted": "Atlantis"}))

    assert titles(html) == ["Et møte"]
    assert "We do not know a municipality or postcode called “Atlantis”" in html


@pytest.mark.parametrize(
    "params",
    [
        {"type": "finnes-ikke"},
        {"fylke": "99"},
        {"fylke": "'; DROP TABLE events_event; --"},
        {"sted": "x" * 5000},
        {"sted": "\x00"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "99999999999999999999"},
        {"type": ["information_meeting", "other"]},
    ],
)
def test_event_list_malformed_filters_never_fail(client, params):
    EventFactory(title="Et møte")

    response = client.get(LIST, params)

    assert response.status_code == 200


def test_event_list_paginates(client):
    for day in range(12):
        EventFactory(title=f"Møte {day:02}", starts_at=evening_in(day + 1))

    first = html_of(client.get(LIST))
    second = html_of(client.get(LIST, {"page": "2"}))

    assert len(titles(first)) == 10
    assert titles(second) == ["Møte 10", "Møte 11"]
    assert "?page=2" in first


@pytest.mark.parametrize("count", [1, 3])
def test_event_list_query_count_does_not_grow(client, django_assert_num_queries, count):
    for _ in range(count):
        event = EventFactory(capacity=5)
        RegistrationFactory(event=event)
    EventFactory(contact_point=None, region=RegionFactory())

    # counties for the filter, the count, the page
    with django_assert_num_queries(3):
        html = html_of(client.get(LIST))
    assert len(titles(html)) == count + 1


@pytest.mark.parametrize("count", [1, 3])
def test_event_list_filtered_query_count_does_not_grow(client, django_assert_num_queries, count):
    for _ in range(count):
        EventFactory(contact_point__municipality=municipality("1804"))

    # counties for the filter, the place (municipalities), the count, the page
    with django_assert_num_queries(4):
        html = html_of(client.get(LIST, {"sted": "Bodø", "type": "information_meeting"}))
    assert len(titles(html)) == count


def test_event_detail_shows_facts_description_and_links(english):
    event = EventFactory(
        title="Informasjonsmøte",
        description="Kom og hør om selvhjelpsgrupper.",
        venue_name="Biblioteket",
        venue_address="Storgata 1",
    )

    html = html_of(english.get(f"/arrangementer/{event.slug}/"))

    assert "<h1>Informasjonsmøte</h1>" in html
    assert "Kom og hør om selvhjelpsgrupper." in html
    assert "Biblioteket, Storgata 1" in html
    assert f'href="/arrangementer/{event.slug}/kalender.ics"' in html
    assert f'href="/arrangementer/{event.slug}/plakat/"' in html
    assert 'name="consent"' in html
    assert 'name="website"' in html  # the honeypot


def test_event_detail_online_never_shows_the_link(english):
    event = EventFactory(is_online=True, online_url="https://video.example.no/hemmelig-rom")

    html = html_of(english.get(f"/arrangementer/{event.slug}/"))

    assert "hemmelig-rom" not in html
    assert "The link to the online meeting is sent by email" in html


def test_event_detail_full_offers_waiting_list(english):
    event = EventFactory(capacity=2)
    RegistrationFactory.create_batch(2, event=event)

    html = html_of(english.get(f"/arrangementer/{event.slug}/"))

    assert "This event is full – you can join the waiting list." in html
    assert "Join the waiting list</button>" in " ".join(html.split()).replace(" </", "</")


def test_event_detail_cancelled_shows_notice_and_no_form(english):
    event = EventFactory(status=Event.Status.CANCELLED)

    html = html_of(english.get(f"/arrangementer/{event.slug}/"))

    assert "This event is cancelled" in html
    assert 'name="consent"' not in html
    assert "kalender.ics" not in html


def test_event_detail_past_event_has_no_form(english):
    past = evening_in(-2)
    event = EventFactory(starts_at=past, ends_at=past + datetime.timedelta(hours=2))

    html = html_of(english.get(f"/arrangementer/{event.slug}/"))

    assert "This event has already taken place." in html
    assert 'name="consent"' not in html


@pytest.mark.parametrize(
    "event_kwargs",
    [
        {"status": Event.Status.DRAFT},
        {"contact_point__status": ContactPoint.Status.PENDING},
        {"contact_point__status": ContactPoint.Status.SUSPENDED},
    ],
)
def test_event_detail_draft_or_unapproved_organiser_is_404(client, event_kwargs):
    event = EventFactory(**event_kwargs)

    assert client.get(f"/arrangementer/{event.slug}/").status_code == 404
    assert client.get(f"/arrangementer/{event.slug}/kalender.ics").status_code == 404


def test_event_detail_unknown_slug_is_friendly_404(english):
    response = english.get("/arrangementer/finnes-ikke/")

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_event_detail_query_count(client, django_assert_num_queries):
    event = EventFactory(capacity=3)
    RegistrationFactory(event=event)

    # the event with its organiser, municipality and confirmed count
    with django_assert_num_queries(1):
        html_of(client.get(f"/arrangementer/{event.slug}/"))


def test_public_pages_never_show_who_registered(client):
    event = EventFactory(capacity=1)
    online = EventFactory(is_online=True, online_url="https://video.example.no/rom-42")
    RegistrationFactory(event=event, name="Synnøve Hemmelighetsdatter", email="synnove@x.no")
    RegistrationFactory(
        event=event,
        name="Tormod Ventelistesen",
        email="tormod@x.no",
        phone="41234567",
        status=Registration.Status.WAITING,
    )
    RegistrationFactory(event=online, name="Petronella Nettmøtesen", email="petronella@x.no")

    pages = [
        LIST,
        f"/arrangementer/{event.slug}/",
        f"/arrangementer/{online.slug}/",
        f"/arrangementer/{event.slug}/kalender.ics",
        f"/arrangementer/{online.slug}/kalender.ics",
        "/arrangementer.ics",
        f"/kontaktpunkter/{event.contact_point.slug}/arrangementer.ics",
        "/",
    ]
    for page in pages:
        text = client.get(page).content.decode()
        for secret in [
            "Hemmelighetsdatter",
            "Ventelistesen",
            "Nettmøtesen",
            "synnove@",
            "tormod@",
            "petronella@",
            "41234567",
            "rom-42",
        ]:
            assert secret not in text, f"{secret} on {page}"
