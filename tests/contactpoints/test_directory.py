"""/kontaktpunkter/ and /kontaktpunkter/<slug>/: the public directory and pages."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import resolve
from django.utils import timezone

from contactpoints.models import ContactPoint, OrganisationType
from events.models import Event
from groups.models import SelfHelpGroup
from tests.factories import EventFactory, StarterFactory, topic
from tests.groups.factories import BODO, FAUSKE, OSLO, contact_point_in, group_in

pytestmark = pytest.mark.django_db

URL = "/kontaktpunkter/"


@pytest.fixture
def en_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def names(response):
    return [cp.name for cp in response.context["contact_points"]]


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


# --- Directory --------------------------------------------------------------------------


@pytest.fixture
def directory():
    return [
        contact_point_in(OSLO, name="Oslo frivilligsentral", description="Grupper i Oslo."),
        contact_point_in(FAUSKE, name="Fauske frisklivssentral"),
        contact_point_in(BODO, name="LMS Nordlandssykehuset"),
        contact_point_in(BODO, name="Bodø frivilligsentral"),
        contact_point_in(BODO, name="Ny og ventende", status=ContactPoint.Status.PENDING),
        contact_point_in(BODO, name="Stengt", status=ContactPoint.Status.SUSPENDED),
    ]


def test_directory_groups_by_county_then_municipality(en_client, directory):
    response = en_client.get(URL)
    html = html_of(response)

    assert names(response) == [
        "Oslo frivilligsentral",
        "Bodø frivilligsentral",
        "LMS Nordlandssykehuset",
        "Fauske frisklivssentral",
    ]
    directory = html[html.index('id="directory-title"') :]
    headings = re.findall(r"<h([23])[^>]*>([^<]+)</h\1>", directory)
    assert [f"h{level} {text}" for level, text in headings] == [
        "h2 Oslo",
        "h3 Oslo - Oslove",
        "h2 Nordland",
        "h3 Bodø",
        "h3 Fauske - Fuossko",
    ]
    assert "4 contact points" in html
    assert "Grupper i Oslo." in html
    assert "Volunteer centre" in html


def test_directory_hides_contact_points_not_approved(client, directory):
    html = html_of(client.get(URL))

    assert "Ny og ventende" not in html
    assert "Stengt" not in html


def test_directory_filters_by_county(client, directory):
    assert names(client.get(URL, {"fylke": "18"})) == [
        "Bodø frivilligsentral",
        "LMS Nordlandssykehuset",
        "Fauske frisklivssentral",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bodø", ["Bodø frivilligsentral", "LMS Nordlandssykehuset"]),
        ("8006", ["Bodø frivilligsentral", "LMS Nordlandssykehuset"]),
        (
            "Nordland",
            ["Bodø frivilligsentral", "LMS Nordlandssykehuset", "Fauske frisklivssentral"],
        ),
        ("lms", ["LMS Nordlandssykehuset"]),
    ],
)
def test_directory_filters_by_place_or_name(client, directory, text, expected):
    assert names(client.get(URL, {"sted": text})) == expected


def test_directory_without_matches_helps_further(en_client, directory):
    html = html_of(en_client.get(URL, {"sted": "finnes ikke noe sted"}))

    assert "We found no contact point here yet" in html
    assert 'href="/grupper/?format=video"' in html


@pytest.mark.parametrize(
    "params",
    [
        {"fylke": "99"},
        {"fylke": "x" * 5000},
        {"sted": "x" * 5000},
        {"sted": "\x00"},
        {"fylke": ["03", "18"]},
    ],
)
def test_directory_malformed_parameters_never_fail(client, directory, params):
    assert client.get(URL, params).status_code == 200


def test_directory_unknown_county_is_reported(en_client, directory):
    html = html_of(en_client.get(URL, {"fylke": "99"}))

    assert "Choose a county from the list." in html
    assert 'href="#id_fylke"' in html


@pytest.mark.parametrize("count", [1, 3])
def test_directory_queries_do_not_grow(client, django_assert_num_queries, count):
    for number in range(count):
        contact_point_in([BODO, OSLO, FAUSKE][number], name=f"Kontaktpunkt {number}")

    # county choices, contact points with municipality, county and type
    with django_assert_num_queries(2):
        response = client.get(URL)
    assert len(names(response)) == count


# --- A contact point's page -------------------------------------------------------------


@pytest.fixture
def bodo():
    return contact_point_in(
        BODO,
        name="Frivilligsentralen i Bodø",
        slug="frivilligsentralen-i-bodo",
        organisation="Bodø kommune",
        organisation_type=OrganisationType.objects.get(code="frivilligsentral"),
        description="Vi hjelper deg å finne en gruppe.",
        email="post@frivillig.example",
        phone="75 50 01 10",
        address="Storgata 10, 8006 Bodø",
        opening_hours="Mandag–torsdag 09–15",
        website="https://frivillig.example",
        responsible_person="Kari Nordmann, daglig leder",
        partners="Bodø kommune\nMental Helse Bodø",
        response_days=4,
    )


def test_contact_point_page_shows_what_it_offers_and_how_to_reach_it(en_client, bodo):
    html = html_of(en_client.get(f"/kontaktpunkter/{bodo.slug}/"))

    for text in (
        "Frivilligsentralen i Bodø",
        "Vi hjelper deg å finne en gruppe.",
        "Bodø kommune",
        "Volunteer centre",
        "post@frivillig.example",
        "75 50 01 10",
        "Storgata 10, 8006 Bodø",
        "Mandag–torsdag 09–15",
        'href="https://frivillig.example"',
        "Kari Nordmann, daglig leder",
        "Mental Helse Bodø",
        "4 working days",
    ):
        assert text in html, text


def test_contact_point_page_links_to_enquiry_start_and_poster(client, bodo):
    html = html_of(client.get(f"/kontaktpunkter/{bodo.slug}/"))

    assert 'href="/kontaktpunkter/frivilligsentralen-i-bodo/henvendelse/"' in html
    assert 'href="/kontaktpunkter/frivilligsentralen-i-bodo/henvendelse/?type=start"' in html
    assert 'href="/kontaktpunkter/frivilligsentralen-i-bodo/plakat/"' in html
    assert resolve(f"/kontaktpunkter/{bodo.slug}/henvendelse/").view_name == (
        "enquiries:contact_point"
    )
    assert resolve(f"/kontaktpunkter/{bodo.slug}/plakat/").view_name == "posters:contact_point"


def test_contact_point_page_lists_public_groups_and_upcoming_events(client, bodo):
    group_in(BODO, contact_point=bodo, title="Sorggruppe", topics=[topic("sorg")])
    group_in(BODO, contact_point=bodo, title="Planlagt gruppe", status=SelfHelpGroup.Status.PLANNED)
    group_in(BODO, title="Andres gruppe")
    EventFactory(contact_point=bodo, title="Informasjonsmøte i Bodø", slug="infomote-bodo")
    EventFactory(contact_point=bodo, title="Utkast", status=Event.Status.DRAFT)
    past = timezone.now() - datetime.timedelta(days=30)
    EventFactory(
        contact_point=bodo,
        title="Møte som har vært",
        starts_at=past,
        ends_at=past + datetime.timedelta(hours=2),
    )

    html = html_of(client.get(f"/kontaktpunkter/{bodo.slug}/"))

    assert "Sorggruppe" in html
    assert "Planlagt gruppe" not in html
    assert "Andres gruppe" not in html
    assert 'href="/arrangementer/infomote-bodo/"' in html
    assert "Utkast" not in html
    assert "Møte som har vært" not in html


def test_contact_point_page_never_shows_starters(client, bodo):
    StarterFactory(contact_point=bodo, name="Ingeborg Igangsettersen", phone="99887766")

    html = html_of(client.get(f"/kontaktpunkter/{bodo.slug}/"))

    assert "Igangsettersen" not in html
    assert "99887766" not in html


@pytest.mark.parametrize("status", [ContactPoint.Status.PENDING, ContactPoint.Status.SUSPENDED])
def test_contact_point_page_not_approved_is_not_found(client, status):
    cp = contact_point_in(BODO, status=status)

    response = client.get(f"/kontaktpunkter/{cp.slug}/")

    assert response.status_code == 404
    assert '<main id="main"' in response.content.decode()


def test_contact_point_page_unknown_slug_is_not_found(client):
    assert client.get("/kontaktpunkter/finnes-ikke/").status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_contact_point_page_queries_do_not_grow(client, django_assert_num_queries, bodo, count):
    for number in range(count):
        group_in(BODO, contact_point=bodo, topics=[topic("sorg"), topic("angst")])
        EventFactory(contact_point=bodo, title=f"Møte {number}")

    # the contact point, its groups, their topics, its events
    with django_assert_num_queries(4):
        response = client.get(f"/kontaktpunkter/{bodo.slug}/")
    assert len(response.context["groups"]) == count
    assert len(response.context["events"]) == count
