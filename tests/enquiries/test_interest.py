"""Registering interest in a group: topic and place, and nothing else unless asked."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from enquiries.models import InterestRegistration
from enquiries.selectors import municipalities_matching
from enquiries.services import interest_register
from tests.factories import municipality, topic
from tests.helpers import human_form_fields

pytestmark = pytest.mark.django_db

URL = reverse("enquiries:interest")
DONE_URL = reverse("enquiries:interest_done")


@pytest.fixture
def english(client):
    client.cookies["django_language"] = "en"
    return client


def valid_data(**overrides):
    data = {
        "topic": topic("sorg").pk,
        "place": "Bodø",
        "email": "",
        "phone": "",
        **human_form_fields(),
    }
    data.update(overrides)
    return data


def page(response):
    return html.unescape(response.content.decode())


def field_error(content, field):
    return content.split(f'id="id_{field}_error"', 1)[1].split("</div>", 1)[0]


def test_interest_get_shows_form(english):
    response = english.get(URL)

    assert response.status_code == 200
    content = page(response)
    assert 'name="topic"' in content
    assert 'name="place"' in content
    assert 'href="https://www.yr.no/"' in content
    assert "no-store" in response["Cache-Control"]


def test_interest_by_municipality_name_saves_topic_and_place_only(client):
    response = client.post(URL, valid_data(place="  bodø "))

    assert response.status_code == 302
    assert response["Location"] == DONE_URL
    registration = InterestRegistration.objects.get()
    assert registration.topic == topic("sorg")
    assert registration.municipality == municipality("1804")
    assert registration.email == ""
    assert registration.phone == ""
    assert registration.notified_at is None


def test_interest_by_postcode_saves_its_municipality(client):
    client.post(URL, valid_data(place="9008"))

    assert InterestRegistration.objects.get().municipality == municipality("5501")


@pytest.mark.parametrize(
    ("place", "number"),
    [
        ("Oslo", "0301"),
        ("OSLOVE", "0301"),
        ("Oslo - Oslove", "0301"),
        ("Kautokeino", "5612"),
        ("Herøy (Nordland)", "1818"),
        ("herøy (møre og romsdal)", "1515"),
        ("Stokmarknes", "1866"),
    ],
)
def test_municipalities_matching_names_and_language_forms(place, number):
    assert [m.number for m in municipalities_matching(text=place)] == [number]


@pytest.mark.parametrize("place", ["Atlantis", "0000", "12345", "Bod"])
def test_interest_unknown_place_error_keeps_input(english, place):
    data = valid_data(place=place, email="kari@example.no", consent="on")

    response = english.post(URL, data)

    assert response.status_code == 200
    assert not InterestRegistration.objects.exists()
    content = page(response)
    assert "We did not find that place" in field_error(content, "place")
    assert f'name="place" value="{place}"' in content
    assert 'name="email" value="kari@example.no"' in content
    assert f'<option value="{topic("sorg").pk}" selected>' in content
    assert 'href="#id_place"' in content


def test_interest_ambiguous_place_names_the_candidates(english):
    content = page(english.post(URL, valid_data(place="Herøy")))

    assert not InterestRegistration.objects.exists()
    error = field_error(content, "place")
    assert "We did not find that place" in error
    assert "Herøy (Møre og Romsdal), Herøy (Nordland)" in error


def test_interest_missing_topic_and_place_errors(english):
    content = page(english.post(URL, valid_data(topic="", place="")))

    assert not InterestRegistration.objects.exists()
    assert "Choose a topic." in field_error(content, "topic")
    assert "Write your municipality or postcode." in field_error(content, "place")


def test_interest_with_email_and_consent_saves_contact(client):
    response = client.post(URL, valid_data(email="kari@example.no", consent="on"))

    assert response.status_code == 302
    assert InterestRegistration.objects.get().email == "kari@example.no"


def test_interest_with_phone_saves_eight_digits(client):
    client.post(URL, valid_data(phone="+47 912 34 567", consent="on"))

    registration = InterestRegistration.objects.get()
    assert registration.phone == "91234567"
    assert registration.email == ""


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        (
            {"email": "kari@example.no"},
            "consent",
            "Tick the box if we may keep your contact details",
        ),
        (
            {"email": "kari(at)example", "consent": "on"},
            "email",
            "Write an email address like name@example.no.",
        ),
        (
            {"phone": "12 34", "consent": "on"},
            "phone",
            "Write a Norwegian phone number with 8 digits",
        ),
    ],
)
def test_interest_contact_validated_and_kept(english, changes, field, error):
    data = valid_data(place="8006", **changes)

    content = page(english.post(URL, data))

    assert not InterestRegistration.objects.exists()
    assert error in field_error(content, field)
    assert 'name="place" value="8006"' in content
    for name in ("email", "phone"):
        if data[name]:
            assert f'name="{name}" value="{data[name]}"' in content
    consent = content.split('name="consent"', 1)[1].split(">", 1)[0]
    assert ("checked" in consent) == ("consent" in data)


def test_interest_consent_without_contact_stores_nothing_more(client):
    client.post(URL, valid_data(consent="on"))

    registration = InterestRegistration.objects.get()
    assert (registration.email, registration.phone) == ("", "")


def test_interest_done_anonymous(english):
    response = english.post(URL, valid_data(), follow=True)

    content = page(response)
    assert "your interest is registered" in content
    assert "counted anonymously" in content
    assert "deleted after 12 months" not in content


def test_interest_done_with_contact_says_told_once_and_deleted(english):
    response = english.post(URL, valid_data(email="kari@example.no", consent="on"), follow=True)

    content = page(response)
    assert "We will tell you once" in content
    assert "deleted after 12 months" in content
    assert "kari@example.no" not in content


def test_interest_done_without_session_is_plain_thanks(english):
    response = english.get(DONE_URL)

    assert response.status_code == 200
    assert "your interest is registered" in page(response)


def test_interest_prefilled_from_query(client):
    content = page(client.get(URL + "?tema=sorg&kommune=1804"))

    assert f'<option value="{topic("sorg").pk}" selected>' in content
    assert 'name="place" value="Bodø"' in content


@pytest.mark.parametrize("query", ["?tema=finnes-ikke&kommune=99", "?tema=&kommune=abcd", "?x=1"])
def test_interest_bad_prefill_ignored(client, query):
    response = client.get(URL + query)

    assert response.status_code == 200
    content = page(response)
    select = content.split('name="topic"', 1)[1].split("</select>")[0]
    assert select.count("selected>") == 1
    assert '<option value="" selected>' in select
    place = content.split('name="place"', 1)[1].split(">", 1)[0]
    assert "value=" not in place


def test_interest_get_query_count(client, django_assert_num_queries):
    client.get(URL)

    # The topics for the select.
    with django_assert_num_queries(1):
        assert client.get(URL).status_code == 200
    # The topic and the municipality of the prefill, and the topics.
    with django_assert_num_queries(3):
        assert client.get(URL + "?tema=sorg&kommune=1804").status_code == 200


def test_interest_honeypot_saves_nothing(english):
    response = english.post(URL, valid_data(website="spam"))

    assert response.status_code == 200
    assert not InterestRegistration.objects.exists()
    assert "The form could not be sent" in page(response)


def test_interest_too_quick_saves_nothing(english):
    data = valid_data(**human_form_fields(seconds_ago=0))

    response = english.post(URL, data)

    assert not InterestRegistration.objects.exists()
    content = page(response)
    assert "That was quick!" in content
    assert 'name="place" value="Bodø"' in content


def test_interest_rate_limited(english, settings):
    allowed = int(settings.PUBLIC_FORM_RATE.split("/")[0])
    for _ in range(allowed):
        english.post(URL, valid_data(place=""))

    response = english.post(URL, valid_data())

    assert response.status_code == 429
    assert not InterestRegistration.objects.exists()


def test_interest_body_too_big_400(english, settings):
    data = valid_data(email="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))

    response = english.post(URL, data)

    assert response.status_code == 400
    assert "We could not read what was sent" in page(response)
    assert not InterestRegistration.objects.exists()


def test_interest_register_service_validates_contact():
    with translation.override("en"), pytest.raises(Exception, match="8 digits"):
        interest_register(topic=topic(), municipality=municipality(), phone="123")
    assert not InterestRegistration.objects.exists()
