"""The public pages and the layout around them, as a visitor sees them."""

import datetime
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client, RequestFactory
from django.utils import timezone, translation
from django.views.defaults import server_error

from contactpoints.models import ContactPoint
from events.models import Event, Registration
from tests.factories import (
    ContactPointFactory,
    EventFactory,
    RegionFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NB_WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
NB_MONTHS = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]


def evening_in(days):
    """18:00 Oslo time, `days` days from now."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 0)))


def html_of(response):
    return response.content.decode()


def test_home_without_choice_is_norwegian(client):
    response = client.get("/")

    assert response.status_code == 200
    html = html_of(response)
    assert '<html lang="nb">' in html
    assert "Selvhjelp i fire steg" in html
    assert "Hopp til hovedinnholdet" in html


def test_home_after_choosing_english_is_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302

    html = html_of(client.get("/"))
    assert '<html lang="en">' in html
    assert "Self-help in four steps" in html
    assert "Selvhjelp i fire steg" not in html


def test_home_explains_self_help_in_four_steps(client):
    html = html_of(client.get("/"))

    steps = re.search(r'<ol class="steps__list">(.*?)</ol>', html, re.S).group(1)
    headings = re.findall(r"<h3[^>]*>(.*?)</h3>", steps)
    assert headings == [
        "Hva er selvhjelp?",
        "Slik fungerer gruppene",
        "Hva du kan få ut av det",
        "Hvem du kan kontakte",
    ]
    assert "igangsetter" in steps
    assert "frivilligsentraler" in steps


def test_home_upcoming_event_shows_date_time_place_and_places_left(client):
    starts = evening_in(10)
    event = EventFactory(
        title="Informasjonsmøte på biblioteket",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        venue_name="Stormen bibliotek",
        capacity=20,
        contact_point__name="Frivilligsentralen i Bodø",
    )
    RegistrationFactory.create_batch(3, event=event)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)

    html = html_of(client.get("/"))

    local = timezone.localtime(starts)
    weekday = NB_WEEKDAYS[local.weekday()].capitalize()
    assert f"{weekday} {local.day}. {NB_MONTHS[local.month - 1]} {local.year}" in html
    assert "kl. 18:00–20:00" in html
    assert f"Stormen bibliotek, {event.municipality.name}" in html
    assert "Frivilligsentralen i Bodø" in html
    assert "17 ledige plasser" in html


def test_home_full_online_event_of_a_region_says_digitalt_and_full(client):
    region = RegionFactory(name="Selvhjelp Norge Nord")
    event = EventFactory(
        title="Igangsetteropplæring på video",
        contact_point=None,
        region=region,
        is_online=True,
        municipality=None,
        venue_name="",
        capacity=1,
    )
    RegistrationFactory(event=event)

    html = html_of(client.get("/"))

    card = html[html.index("Igangsetteropplæring på video") :]
    assert "Digitalt" in card
    assert "Selvhjelp Norge Nord" in card
    assert "Fullt" in card


def test_home_cancelled_past_and_unapproved_events_are_hidden(client):
    EventFactory(title="Synlig informasjonsmøte")
    EventFactory(title="Avlyst informasjonsmøte", status=Event.Status.CANCELLED)
    EventFactory(title="Utkast til informasjonsmøte", status=Event.Status.DRAFT)
    past = evening_in(-10)
    EventFactory(
        title="Informasjonsmøte som har vært",
        starts_at=past,
        ends_at=past + datetime.timedelta(hours=2),
    )
    EventFactory(
        title="Informasjonsmøte hos nytt kontaktpunkt",
        contact_point=ContactPointFactory(status=ContactPoint.Status.PENDING),
    )

    html = html_of(client.get("/"))

    assert "Synlig informasjonsmøte" in html
    assert "Avlyst informasjonsmøte" not in html
    assert "Utkast til informasjonsmøte" not in html
    assert "Informasjonsmøte som har vært" not in html
    assert "Informasjonsmøte hos nytt kontaktpunkt" not in html


def test_home_without_events_says_none_are_planned(client):
    html = html_of(client.get("/"))

    assert "Det er ingen informasjonsmøter eller arrangementer planlagt akkurat nå" in html
    assert "event-card" not in html


def assert_only_same_origin_urls(html):
    urls = re.findall(r'\b(?:src|href|action|srcset|formaction)\s*=\s*"([^"]*)"', html)
    assert urls, "the page should link to something"
    foreign = [url for url in urls if urlsplit(url).netloc not in ("", "testserver")]
    assert foreign == [], f"third-party URLs on the page: {foreign}"


@pytest.mark.parametrize("path", ["/", "/konto/login/", "/konto/signup/"])
def test_public_page_loads_nothing_from_other_sites(client, path):
    EventFactory()

    response = client.get(path)

    assert response.status_code == 200
    assert_only_same_origin_urls(html_of(response))


def test_stylesheets_load_nothing_from_other_sites(client):
    html = html_of(client.get("/"))
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert len(stylesheets) == 2

    for href in stylesheets:
        css = Path(finders.find(href.removeprefix(settings.STATIC_URL))).read_text()
        assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", css), href


def test_unknown_url_shows_friendly_404(client):
    response = client.get("/finnes-ikke/")

    assert response.status_code == 404
    html = html_of(response)
    assert "Vi fant ikke siden" in html
    assert 'href="/"' in html
    assert '<main id="main"' in html


def test_server_error_page_renders_without_request_context():
    # Django calls the handler inside the failed request, in that request's language.
    with translation.override("nb"):
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    html = html_of(response)
    assert "Noe gikk galt hos oss" in html
    assert "/static/css/site.css" in html


def test_expired_form_shows_friendly_csrf_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 403
    assert "Skjemaet var utløpt" in html_of(response)


def test_too_many_signups_shows_wait_page(client):
    # settings allow 10 sign-up attempts an hour from one address
    for _ in range(10):
        assert client.post("/konto/signup/", {"email": "ikke-en-adresse"}).status_code == 200

    response = client.post("/konto/signup/", {"email": "ikke-en-adresse"})

    assert response.status_code == 429
    html = html_of(response)
    assert "For mange forsøk" in html
    assert "Vent noen minutter" in html


def test_header_for_anonymous_visitor_has_no_account_menu(client):
    html = html_of(client.get("/"))

    assert "Logget inn som" not in html
    assert 'action="/konto/logout/"' not in html
    assert 'href="/konto/login/"' in html


def test_header_for_signed_in_user_shows_email_and_logout_form(client):
    user = UserFactory(email="kari@frivilligsentral.no")
    client.force_login(user)

    html = html_of(client.get("/"))

    assert "kari@frivilligsentral.no" in html
    assert re.search(r'<form method="post" action="/konto/logout/">', html)
    assert 'href="/konto/login/"' not in html


def test_logout_confirms_with_status_message(client):
    client.force_login(UserFactory())

    response = client.post("/konto/logout/", follow=True)

    html = html_of(response)
    assert response.redirect_chain[-1][0] == "/"
    assert re.search(r'<div class="alert alert-\w+" role="status">\s*Du er logget ut', html)


def test_signup_with_errors_keeps_input_and_ties_errors_to_fields(client):
    response = client.post(
        "/konto/signup/",
        {
            "email": "ny@frivilligsentral.no",
            "password1": "et-langt-passord-123",
            "password2": "et-annet-passord-123",
        },
    )

    assert response.status_code == 200
    html = html_of(response)
    assert 'value="ny@frivilligsentral.no"' in html
    assert 'class="alert alert-danger form-error-summary" role="alert"' in html
    assert 'href="#id_password2"' in html
    password2 = re.search(r'<input[^>]*id="id_password2"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in password2
    assert 'aria-describedby="id_password2_error"' in password2
    assert 'id="id_password2_error"' in html


def test_login_form_fields_have_visible_labels(client):
    html = html_of(client.get("/konto/login/"))

    assert re.search(r'<label\s+for="id_login"[^>]*>\s*E-post', html)
    assert re.search(r'<label\s+for="id_password"[^>]*>\s*Passord', html)
    assert '<main id="main"' in html


def test_header_menu_marks_the_section_you_are_in(client):
    html = html_of(client.get("/arrangementer/"))

    assert re.search(r'<a class="site-nav__link" href="/arrangementer/" aria-current="page">', html)
    assert not re.search(r'href="/grupper/" aria-current', html)


def test_footer_links_to_privacy_and_accessibility_statements(client):
    html = html_of(client.get("/"))

    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="/personvern/"' in footer
    assert 'href="/tilgjengelighet/"' in footer


def test_home_page_bokmal_for_browser_set_to_english(client):
    """Norwegian first: a phone set to English still gets bokmål until the person
    chooses English with the switcher."""
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.headers["Content-Language"] == "nb"
    assert '<html lang="nb">' in response.content.decode()


def test_home_page_event_links_to_event_page(client):
    event = EventFactory(title="Informasjonsmøte på biblioteket")
    html = client.get("/").content.decode()
    assert f'href="/arrangementer/{event.slug}/"' in html


def test_contact_point_page_offers_embed_code(client):
    contact_point = ContactPointFactory()
    html = client.get(f"/kontaktpunkter/{contact_point.slug}/").content.decode()
    assert f"/innbygging/{contact_point.slug}/" in html
    assert "&lt;iframe" in html
