"""The text pages (about, privacy, accessibility) and the front page's way into the search."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.groups.factories import BODO, group_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def en_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def test_about_page_explains_self_help_in_four_steps(en_client):
    html = html_of(en_client.get("/om-selvhjelp/"))

    headings = re.findall(r'<h2 id="[a-z]+-title">(.*?)</h2>', html)
    assert headings[:4] == [
        "1. What is self-help?",
        "2. How the groups work",
        "3. What you can get from it",
        "4. Who to contact",
    ]
    for text in (
        "Led by the members",
        "It costs nothing to join",
        "the problem is the entry ticket",
        "igangsetter",
        "then steps back",
        "confidentiality",
        "first name",
        "same-problem group",
        "across problems",
        "by phone or by video",
        "frivilligsentral",
        "frisklivssentral",
        "(LMS)",
        "voluntary organisation",
        'href="/grupper/"',
        'href="/kontaktpunkter/"',
    ):
        assert text in html, text


def test_privacy_page_says_what_why_how_long_and_who(en_client):
    html = html_of(en_client.get("/personvern/"))

    for text in (
        # what is stored, and why
        "first name, or a made-up name",
        "one way to reach you",
        "how and when you would like to be contacted",
        "when you gave your consent",
        "the topic and the municipality you chose",
        "to hold your seat",
        "to count how many want a group",
        # legal basis
        "article 6(1)(a)",
        "article 9(2)(a)",
        # who sees it
        "Only the staff of the contact point you chose",
        "see numbers only",
        "it is logged who read it and when",
        # how long
        "deleted 6 months after the contact point has closed the case",
        "deleted 30 days after the event",
        "deleted after 12 months",
        # visits, rights, whom to ask
        "No analytics, no advertising, no tracking.",
        "a cookie that remembers your language",
        "withdraw your consent",
        "Datatilsynet",
        "Selvhjelp Norge",
    ):
        assert text in html, text


def test_accessibility_page_states_goal_testing_and_authority(en_client):
    html = html_of(en_client.get("/tilgjengelighet/"))

    for text in (
        "WCAG",
        "2.1 at level AA",
        "axe-core",
        "keyboard alone",
        "360 pixels",
        "Known limitations",
        "Tell us about a problem",
        "Tilsynet for universell utforming av ikt",
        "uutilsynet.no",
    ):
        assert text in html, text
    # The authority is named, not loaded or linked from another site.
    assert 'href="https://uutilsynet.no' not in html


def test_text_pages_are_norwegian_by_default(client):
    for path in ("/om-selvhjelp/", "/personvern/", "/tilgjengelighet/"):
        assert '<html lang="nb">' in html_of(client.get(path))


@pytest.mark.parametrize(
    "path",
    ["/om-selvhjelp/", "/personvern/", "/tilgjengelighet/", "/grupper/", "/kontaktpunkter/"],
)
def test_public_page_of_this_part_loads_nothing_from_other_sites(client, path):
    group_in(BODO)

    html = html_of(client.get(path))

    urls = re.findall(r'\b(?:src|href|action|srcset|formaction)\s*=\s*"([^"]*)"', html)
    foreign = [url for url in urls if urlsplit(url).netloc not in ("", "testserver")]
    assert foreign == []


def test_home_has_a_search_box_that_goes_to_the_group_search(client):
    html = html_of(client.get("/"))

    form = re.search(r'<form class="home-search"[^>]*>(.*?)</form>', html, re.S)
    assert form, "the front page has a search form"
    assert 'action="/grupper/"' in form.group(0)
    assert 'method="get"' in form.group(0)
    assert re.search(r'<label[^>]*for="home-search-input"', form.group(1))
    assert 'name="sok"' in form.group(1)
    assert 'href="/kontaktpunkter/"' in html
    assert 'href="/om-selvhjelp/"' in html


def test_home_still_explains_the_four_steps_and_events(client):
    html = html_of(client.get("/"))

    assert '<ol class="steps__list">' in html
    assert 'aria-labelledby="events-title"' in html


def test_home_search_box_leads_to_results(client):
    group_in(BODO, title="Sorggruppe i Bodø")

    response = client.get("/grupper/", {"sok": "8006"}, follow=True)

    assert response.redirect_chain == [("/grupper/?sted=8006", 302)]
    assert [g.title for g in response.context["page_obj"].object_list] == ["Sorggruppe i Bodø"]
