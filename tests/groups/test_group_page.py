"""/grupper/<slug>/: what the group is, what joining means, when, where and whom to ask."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import resolve
from django.utils import timezone

from contactpoints.models import ContactPoint
from groups.models import SelfHelpGroup
from tests.factories import (
    EnquiryFactory,
    GroupMeetingFactory,
    StarterAssignmentFactory,
    StarterFactory,
    topic,
)
from tests.groups.factories import BODO, OSLO, contact_point_in, group_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def en_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page(client, group):
    response = client.get(f"/grupper/{group.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def section(html, heading_id):
    """The text of one <section> of the page, found by its heading's id."""
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_group_page_answers_the_four_questions_in_order(en_client):
    group = group_in(BODO, title="Sorggruppe", description="Vi møtes og snakker om sorg.")

    html = page(en_client, group)

    headings = re.findall(r'<h2 id="[a-z]+-title">(.*?)</h2>', html)
    assert headings == [
        "What this group is",
        "What joining means",
        "When you can start",
        "Where",
        "Whom to contact",
    ]
    assert "Vi møtes og snakker om sorg." in section(html, "what-title")


def test_group_page_explains_kind_topics_and_format(en_client):
    same = group_in(BODO, topics=[topic("sorg")], kind=SelfHelpGroup.Kind.SAME_PROBLEM)
    cross = group_in(BODO, kind=SelfHelpGroup.Kind.CROSS_PROBLEM, format=SelfHelpGroup.Format.VIDEO)

    what = section(page(en_client, same), "what-title")
    assert "same-problem group" in what
    assert "Grief" in what
    assert "In person" in what
    what = section(page(en_client, cross), "what-title")
    assert "open across problems" in what
    assert "By video" in what


def test_group_page_joining_is_free_without_diagnosis_and_confidential(en_client):
    html = section(page(en_client, group_in(BODO)), "joining-title")

    assert "It is free." in html
    assert "no diagnosis" in html
    assert "led by its members" in html
    assert "stays in the group" in html


@pytest.mark.parametrize(
    ("status", "mentions_starter"),
    [
        (SelfHelpGroup.Status.RECRUITING, True),
        (SelfHelpGroup.Status.STARTING, True),
        (SelfHelpGroup.Status.RUNNING, False),
    ],
)
def test_group_page_mentions_the_starter_while_the_group_starts(
    en_client, status, mentions_starter
):
    html = section(page(en_client, group_in(BODO, status=status)), "joining-title")

    assert ("group starter comes to the first meetings" in html) is mentions_starter


def test_group_page_running_and_open_says_open_now(en_client):
    group = group_in(BODO, status=SelfHelpGroup.Status.RUNNING)

    assert "Open now." in section(page(en_client, group), "when-title")


def test_group_page_with_a_future_meeting_says_next_start(en_client):
    group = group_in(BODO, status=SelfHelpGroup.Status.RECRUITING)
    GroupMeetingFactory(
        group=group, starts_at=timezone.make_aware(datetime.datetime(2031, 3, 4, 18, 0))
    )
    GroupMeetingFactory(
        group=group,
        starts_at=timezone.make_aware(datetime.datetime(2031, 2, 1, 18, 0)),
        is_cancelled=True,
    )

    when = section(page(en_client, group), "when-title")

    assert "Next start: March 4, 2031 at 18:00." in when


def test_group_page_without_meetings_gives_the_planned_start(en_client):
    group = group_in(
        BODO, status=SelfHelpGroup.Status.RECRUITING, planned_start=datetime.date(2031, 5, 6)
    )

    assert "Planned start: May 6, 2031." in section(page(en_client, group), "when-title")


def test_group_page_closed_to_new_members_says_so_and_suggests_others(en_client):
    group = group_in(BODO, open_for_new_members=False, topics=[topic("sorg")])
    other = group_in(BODO, title="Åpen sorggruppe", topics=[topic("sorg")])
    group_in(BODO, title="Angstgruppe", topics=[topic("angst")])
    group_in(OSLO, title="Sorggruppe i Oslo", topics=[topic("sorg")])

    html = page(en_client, group)
    when = section(html, "when-title")

    assert "not taking new members right now" in when
    assert other.title in when
    assert "Angstgruppe" not in when
    assert "Sorggruppe i Oslo" not in when
    assert 'href="/interesse/?tema=sorg&amp;kommune=1804"' in when
    assert 'href="/grupper/?sted=Bod%C3%B8&amp;tema=sorg"' in when
    assert "Open now." not in html


def test_group_page_shows_the_venue_only_when_published(en_client):
    public = group_in(
        BODO,
        venue_name="Stormen bibliotek",
        venue_address="Storgata 1",
        show_venue_publicly=True,
    )
    hidden = group_in(
        BODO,
        venue_name="Hemmelig kjeller",
        venue_address="Skjultveien 2",
        show_venue_publicly=False,
    )

    where = section(page(en_client, public), "where-title")
    assert "Stormen bibliotek" in where
    assert "Storgata 1" in where
    html = page(en_client, hidden)
    assert "Hemmelig kjeller" not in html
    assert "Skjultveien 2" not in html
    assert "The venue is given when you get in touch" in section(html, "where-title")


@pytest.mark.parametrize(
    ("group_format", "text"),
    [(SelfHelpGroup.Format.PHONE, "By phone."), (SelfHelpGroup.Format.VIDEO, "By video.")],
)
def test_group_page_remote_group_says_how_it_meets(en_client, group_format, text):
    group = group_in(BODO, format=group_format, venue_name="Kontoret", show_venue_publicly=True)

    where = section(page(en_client, group), "where-title")

    assert text in where
    assert "Kontoret" not in where


def test_group_page_names_the_contact_point_and_response_time(en_client):
    cp = contact_point_in(
        BODO,
        name="Frivilligsentralen i Bodø",
        slug="frivilligsentralen-i-bodo",
        email="post@frivillig.example",
        phone="75 50 01 10",
        response_days=5,
    )
    group = group_in(BODO, contact_point=cp, slug="sorggruppa")

    html = page(en_client, group)
    contact = section(html, "contact-title")

    assert 'href="/kontaktpunkter/frivilligsentralen-i-bodo/"' in contact
    assert "post@frivillig.example" in contact
    assert 'href="tel:75500110"' in contact
    assert "5 working days" in contact
    assert 'href="/grupper/sorggruppa/henvendelse/"' in contact
    assert 'href="/grupper/sorggruppa/plakat/"' in contact
    # The button is also at the top, before the sections.
    assert html.index('href="/grupper/sorggruppa/henvendelse/"') < html.index('id="what-title"')


def test_group_page_never_shows_starters_or_who_enquired(client):
    group = group_in(BODO, status=SelfHelpGroup.Status.STARTING)
    starter = StarterFactory(
        contact_point=group.contact_point,
        name="Ingeborg Igangsettersen",
        email="ingeborg.igangsetter@example.no",
        phone="99887766",
    )
    StarterAssignmentFactory(meeting=GroupMeetingFactory(group=group), starter=starter)
    EnquiryFactory(
        contact_point=group.contact_point,
        group=group,
        name="Henrik Henvender",
        email="henrik.henvender@example.no",
        message="Jeg vil gjerne bli med.",
    )

    for path in (f"/grupper/{group.slug}/", "/grupper/", f"/grupper/?q={group.title}"):
        html = client.get(path).content.decode()
        for secret in (
            "Ingeborg",
            "Igangsettersen",
            "ingeborg.igangsetter@example.no",
            "99887766",
            "Henrik",
            "henrik.henvender@example.no",
            "Jeg vil gjerne bli med.",
        ):
            assert secret not in html, (path, secret)


def test_group_page_links_lead_to_the_enquiry_form_poster_and_interest(client):
    group = group_in(BODO, open_for_new_members=False, topics=[topic("sorg")])

    html = page(client, group)

    hrefs = set(re.findall(r'href="(/(?:grupper|interesse)[^"?]*)', html))
    assert {resolve(href).view_name for href in hrefs} >= {
        "enquiries:group",
        "posters:group",
        "enquiries:interest",
        "groups:list",
    }


@pytest.mark.parametrize(
    "status",
    [SelfHelpGroup.Status.PLANNED, SelfHelpGroup.Status.PAUSED, SelfHelpGroup.Status.CLOSED],
)
def test_group_page_of_a_group_that_is_not_active_is_not_found(client, status):
    group = group_in(
        BODO, status=status, open_for_new_members=status != SelfHelpGroup.Status.CLOSED
    )

    response = client.get(f"/grupper/{group.slug}/")

    assert response.status_code == 404
    assert '<main id="main"' in response.content.decode()


@pytest.mark.parametrize("status", [ContactPoint.Status.PENDING, ContactPoint.Status.SUSPENDED])
def test_group_page_of_a_contact_point_not_approved_is_not_found(client, status):
    group = group_in(BODO, contact_point=contact_point_in(BODO, status=status))

    assert client.get(f"/grupper/{group.slug}/").status_code == 404


@pytest.mark.parametrize("slug", ["finnes-ikke", "x" * 300, "%C3%B8"])
def test_group_page_unknown_slug_is_not_found(client, slug):
    assert client.get(f"/grupper/{slug}/").status_code == 404


@pytest.mark.parametrize("meetings", [1, 3])
def test_group_page_queries_do_not_grow(client, django_assert_num_queries, meetings):
    group = group_in(BODO, topics=[topic("sorg"), topic("angst")])
    for _ in range(meetings):
        GroupMeetingFactory(group=group)

    # the group with its contact point, its topics
    with django_assert_num_queries(2):
        assert client.get(f"/grupper/{group.slug}/").status_code == 200
