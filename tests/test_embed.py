"""The embeddable list of a contact point's groups and events, for other websites."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils.translation import override

from tests.api.data import SECRETS, make_hidden_data, make_public_data
from tests.factories import (
    ContactPointFactory,
    EventFactory,
    SelfHelpGroupFactory,
    topic,
)

pytestmark = pytest.mark.django_db

EMBED = "/innbygging/gamle-oslo/"


@pytest.fixture
def public_data(db):
    return make_public_data()


@pytest.fixture
def hidden_data(db):
    return make_hidden_data()


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def link_texts(html):
    return re.findall(r'class="embed__link" href="[^"]+"[^>]*>([^<]+)<', html)


def test_embed_may_be_framed_by_any_site(client, public_data):
    response = client.get(EMBED)

    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors *" in policy
    assert "'none'" not in policy.split("frame-ancestors")[1].split(";")[0]
    # Only framing is lifted: scripts and styles stay the portal's own.
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy


def test_other_pages_still_refuse_framing(client, public_data):
    response = client.get("/kontaktpunkter/gamle-oslo/plakat/")

    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_embed_lists_public_groups_and_upcoming_events(client, public_data, hidden_data):
    EventFactory(contact_point=public_data["contact_point"], title="Utkast", status="draft")
    SelfHelpGroupFactory(
        contact_point=public_data["contact_point"], title="Pauset", status="paused"
    )

    html = html_of(client.get(EMBED))

    groups_and_events, contact_point = link_texts(html)[:3], link_texts(html)[3:]
    assert groups_and_events == [
        "Samtalegruppe om angst",
        "Sorggruppe",
        "Informasjonsmøte om selvhjelp",
    ]
    assert len(contact_point) == 1
    assert "Utkast" not in html
    assert "Pauset" not in html


def test_embed_links_open_the_portal_in_a_new_tab(client, public_data):
    html = html_of(client.get(EMBED))

    links = re.findall(r"<a [^>]+>", html)
    assert len(links) == 4
    for link in links:
        assert 'target="_blank"' in link
        assert 'rel="noopener"' in link
    hrefs = [re.search(r'href="([^"]+)"', link).group(1) for link in links]
    assert hrefs == [
        "http://testserver/grupper/angst-gamle-oslo/",
        "http://testserver/grupper/sorg-gamle-oslo/",
        "http://testserver/arrangementer/infomote-gamle-oslo/",
        "http://testserver/kontaktpunkter/gamle-oslo/",
    ]


def test_embed_is_a_small_page_of_its_own(client, public_data):
    client.cookies["django_language"] = "en"
    with override("en"):
        html = html_of(client.get(EMBED))

    assert html.startswith("<!doctype html>")
    assert '<html lang="en">' in html
    assert "<title>Self-help groups and events: Frivilligsentralen i Gamle Oslo" in html
    assert "<h1" in html
    assert "(opens in a new tab)" in html
    # No site header, navigation, footer or Bootstrap.
    assert "site-header" not in html
    assert "<nav" not in html
    assert "bootstrap" not in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert [s for s in sources if not s.startswith("http://testserver/")] == [
        "/static/css/embed.css"
    ]
    assert " style=" not in html
    assert "<script" not in html


def test_embed_filters_groups_by_topic(client, public_data):
    client.cookies["django_language"] = "en"
    with override("en"):
        html = html_of(client.get(EMBED, {"tema": "sorg"}))

    assert "Self-help groups about Grief at Frivilligsentralen i Gamle Oslo" in html
    assert "Sorggruppe" in html
    assert "Samtalegruppe om angst" not in html
    # Events have no topic; they stay.
    assert "Informasjonsmøte om selvhjelp" in html


@pytest.mark.parametrize("tema", ["finnes-ikke", "", "sorg\x00", "æøå", "x" * 500])
def test_embed_ignores_an_unknown_or_malformed_topic(client, public_data, tema):
    html = html_of(client.get(EMBED, {"tema": tema}))

    assert "Sorggruppe" in html
    assert "Samtalegruppe om angst" in html


def test_embed_without_groups_or_events_says_so(client, db):
    ContactPointFactory(slug="tom")
    client.cookies["django_language"] = "en"

    with override("en"):
        html = html_of(client.get("/innbygging/tom/"))

    assert "No groups are listed right now." in html
    assert "No events are planned right now." in html


@pytest.mark.parametrize("slug", ["venter", "suspendert", "finnes-ikke"])
def test_embed_of_a_contact_point_that_is_not_approved_is_404(client, hidden_data, slug):
    assert client.get(f"/innbygging/{slug}/").status_code == 404


def test_embed_answers_only_reading(client, public_data):
    assert client.post(EMBED).status_code == 405


def test_embed_shows_no_personal_data(client, public_data):
    html = html_of(client.get(EMBED))

    leaked = [name for name, secret in SECRETS.items() if secret in html]
    assert leaked == []


# The contact point, its groups, their topics, its events.
@pytest.mark.parametrize("count", [1, 3])
def test_embed_queries_do_not_grow(client, django_assert_num_queries, count):
    contact_point = ContactPointFactory(slug="telling")
    for _ in range(count):
        SelfHelpGroupFactory(contact_point=contact_point, topics=[topic("angst"), topic("sorg")])
        EventFactory(contact_point=contact_point)

    with django_assert_num_queries(4):
        html = html_of(client.get("/innbygging/telling/"))
    assert len(link_texts(html)) == 2 * count + 1


@pytest.mark.parametrize("count", [1, 3])
def test_embed_with_topic_queries_do_not_grow(client, django_assert_num_queries, count):
    contact_point = ContactPointFactory(slug="telling")
    for _ in range(count):
        SelfHelpGroupFactory(contact_point=contact_point, topics=[topic("angst")])

    with django_assert_num_queries(5):
        html = html_of(client.get("/innbygging/telling/", {"tema": "angst"}))
    assert len(link_texts(html)) == count + 1


def test_snippet_gives_the_iframe_code_to_copy(public_data):
    request = RequestFactory().get("/kontaktpunkter/gamle-oslo/")

    with override("en"):
        html = render_to_string(
            "embed/snippet.html",
            {"contact_point": public_data["contact_point"]},
            request=request,
        )

    assert (
        '&lt;iframe src="http://testserver/innbygging/gamle-oslo/" '
        'title="Self-help groups at Frivilligsentralen i Gamle Oslo" '
        'width="100%" height="600" loading="lazy"&gt;&lt;/iframe&gt;'
    ) in html
    assert '<label class="form-label" for="embed-code-gamle-oslo">' in html
    assert 'href="/innbygging/gamle-oslo/"' in html
