"""Printable posters: what they show, the QR code to the public page, and what they hide."""

import re
from urllib.parse import unquote

import pytest
import segno
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import override

from contactpoints.models import ContactPoint
from groups.models import SelfHelpGroup
from selvhjelp.qr import contact_point_path, event_path, group_path, qr_code, qr_svg_data_uri
from tests.api.data import SECRETS, make_hidden_data, make_public_data
from tests.factories import EventFactory, SelfHelpGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_data(db):
    return make_public_data()


@pytest.fixture
def hidden_data(db):
    return make_hidden_data()


def english(client):
    client.cookies["django_language"] = "en"
    return client


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def qr_matrix_from_data_uri(data_uri):
    """The dark modules of the QR code drawn by a segno SVG data URI, row by row.

    After a white background, segno draws each row as a horizontal stroke through the
    middle of the modules: ``M{x} {y}.5`` to start, ``h{n}`` for n dark modules,
    ``m{dx} {dy}`` to move on.
    """
    svg = unquote(data_uri.removeprefix("data:image/svg+xml;charset=utf-8,"))
    size = int(re.search(r"viewBox=.0 0 (\d+) \d+", svg).group(1))
    path = re.search(r"class=.qrline.[^>]* d=.([^'\"]+)", svg).group(1)
    grid = [[0] * size for _ in range(size)]
    x = y = 0.0
    for command, numbers in re.findall(r"([Mmh])([-\d. ]+)", path):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            for column in range(int(x), int(x + values[0])):
                grid[int(y)][column] = 1
            x += values[0]
    return grid


def test_qr_code_for_a_url_is_a_full_qr_code_holding_the_url():
    url = "https://selvhjelp.example.no/grupper/samtalegruppe-om-angst/"

    code = qr_code(url)

    assert not code.is_micro
    assert code.mode == "byte"
    # segno encodes exactly these bytes: the same symbol as one made for the URL alone.
    assert code.matrix == segno.make_qr(url, error=code.error).matrix
    assert code.matrix != segno.make_qr(url + "x", error=code.error).matrix


def test_qr_data_uri_draws_the_qr_code_of_the_url():
    url = "https://selvhjelp.example.no/arrangementer/infomote/"
    code = qr_code(url)
    border = 4

    drawn = qr_matrix_from_data_uri(qr_svg_data_uri(url))

    expected = [[int(bool(module)) for module in row] for row in code.matrix]
    inner = [row[border:-border] for row in drawn[border:-border]]
    assert inner == expected
    assert all(not any(row) for row in drawn[:border] + drawn[-border:])


@pytest.mark.parametrize(
    ("poster", "public_path"),
    [
        ("/grupper/angst-gamle-oslo/plakat/", "/grupper/angst-gamle-oslo/"),
        ("/arrangementer/infomote-gamle-oslo/plakat/", "/arrangementer/infomote-gamle-oslo/"),
        ("/kontaktpunkter/gamle-oslo/plakat/", "/kontaktpunkter/gamle-oslo/"),
    ],
)
def test_poster_has_the_qr_code_of_its_public_page(client, public_data, poster, public_path):
    html = html_of(client.get(poster))

    url = "http://testserver" + public_path
    assert escape(qr_svg_data_uri(url)) in html
    printed = re.search(r'<span class="poster__url">(.*?)</span>', html).group(1)
    assert "http://" + printed.replace("<wbr>", "") == url
    assert f'href="{public_path}"' in html


def test_poster_paths_are_the_public_pages_of_the_other_parts(public_data):
    assert group_path(public_data["group"]) == reverse(
        "groups:detail", args=[public_data["group"].slug]
    )
    assert event_path(public_data["event"]) == reverse(
        "events:detail", args=[public_data["event"].slug]
    )
    assert contact_point_path(public_data["contact_point"]) == reverse(
        "contactpoints:detail", args=[public_data["contact_point"].slug]
    )


def test_group_poster_shows_what_when_where_and_whom_to_contact(client, public_data):
    with override("en"):
        html = html_of(english(client).get("/grupper/angst-gamle-oslo/plakat/"))

    assert '<h1 id="poster-title" class="poster__title">Samtalegruppe om angst</h1>' in html
    assert "En gruppe for deg som kjenner på angst." in html
    assert "Anxiety" in html
    assert "Tuesday at 18:00, every week" in html
    assert "Biblioteket på Tøyen, Hagegata 1" in html
    assert "Frivilligsentralen i Gamle Oslo" in html
    assert "22 00 00 00" in html
    assert "post@gamleoslo.example.no" in html
    assert "Free of charge" in html
    assert "No diagnosis or referral needed" in html
    assert "a first name or an alias is enough" in html
    assert 'href="/static/css/print.css"' in html


def test_group_poster_without_public_venue_asks_people_to_get_in_touch(client, public_data):
    with override("en"):
        html = html_of(english(client).get("/grupper/sorg-gamle-oslo/plakat/"))

    assert "Contact us for the venue" in html
    assert SECRETS["hidden_venue"] not in html
    assert SECRETS["hidden_address"] not in html


@pytest.mark.parametrize(
    ("status", "open_for_new_members", "planned_start", "says"),
    [
        ("recruiting", True, "2099-03-05", "The group is looking for members and starts"),
        ("recruiting", True, "2001-03-05", "The group is looking for members: get in touch"),
        ("running", True, None, "Open for new members: get in touch to join."),
        ("running", False, None, "The group is not taking new members right now."),
    ],
)
def test_group_poster_says_when_one_can_start(
    client, db, status, open_for_new_members, planned_start, says
):
    SelfHelpGroupFactory(
        slug="start",
        status=status,
        open_for_new_members=open_for_new_members,
        planned_start=planned_start,
        format=SelfHelpGroup.Format.PHONE,
    )

    with override("en"):
        html = html_of(english(client).get("/grupper/start/plakat/"))

    assert says in html
    assert "By phone: you can join from anywhere." in html


def test_event_poster_shows_when_where_and_for_whom(client, public_data):
    with override("en"):
        html = html_of(english(client).get("/arrangementer/infomote-gamle-oslo/plakat/"))

    assert "Informasjonsmøte om selvhjelp</h1>" in html
    assert "Information meeting" in html
    assert "18:00–20:00" in html
    assert "Biblioteket, Oslo - Oslove" in html
    assert "Everyone" in html
    assert "Frivilligsentralen i Gamle Oslo" in html
    assert SECRETS["online_url"] not in html


def test_event_poster_of_a_region_gives_the_region_to_contact(client, public_data):
    region = public_data["region_event"].region
    region.email = "region@selvhjelp.example.no"
    region.save()

    with override("en"):
        html = html_of(english(client).get("/arrangementer/igangsetteropplaering/plakat/"))

    assert "Online: you get the link when you sign up." in html
    assert "Region Testøst" in html
    assert "region@selvhjelp.example.no" in html


def test_contact_point_poster_lists_its_groups_and_events(client, public_data, hidden_data):
    with override("en"):
        html = html_of(english(client).get("/kontaktpunkter/gamle-oslo/plakat/"))

    assert "Frivilligsentralen i Gamle Oslo in Oslo - Oslove helps you find" in html
    assert "<strong>Samtalegruppe om angst</strong>" in html
    assert "<strong>Sorggruppe</strong>" in html
    assert "<strong>Informasjonsmøte om selvhjelp</strong>" in html
    assert "and more" not in html


def test_contact_point_poster_shows_four_groups_and_says_there_are_more(client, db):
    contact_point = SelfHelpGroupFactory(slug="first").contact_point
    for _ in range(4):
        SelfHelpGroupFactory(contact_point=contact_point)

    with override("en"):
        html = html_of(english(client).get(f"/kontaktpunkter/{contact_point.slug}/plakat/"))

    assert html.count("<li>\n            <strong>") == 4
    assert "… and more: scan the code to see them all." in html


@pytest.mark.parametrize(
    "path",
    [
        "/grupper/ventende-gruppe/plakat/",
        "/grupper/pauset-gruppe/plakat/",
        "/grupper/planlagt-gruppe/plakat/",
        "/grupper/lukket-gruppe/plakat/",
        "/grupper/finnes-ikke/plakat/",
        "/arrangementer/utkast/plakat/",
        "/arrangementer/avlyst/plakat/",
        "/arrangementer/ventende-arrangement/plakat/",
        "/kontaktpunkter/venter/plakat/",
        "/kontaktpunkter/suspendert/plakat/",
    ],
)
def test_poster_of_a_hidden_object_is_404(client, hidden_data, path):
    assert client.get(path).status_code == 404


def test_contact_point_poster_leaves_out_hidden_groups_and_events(client, db):
    contact_point = SelfHelpGroupFactory(title="Synlig").contact_point
    SelfHelpGroupFactory(contact_point=contact_point, title="Pauset", status="paused")
    EventFactory(contact_point=contact_point, title="Utkastet", status="draft")

    html = html_of(client.get(f"/kontaktpunkter/{contact_point.slug}/plakat/"))

    assert "Synlig" in html
    assert "Pauset" not in html
    assert "Utkastet" not in html


def test_posters_show_no_personal_data(client, public_data):
    for path in (
        "/grupper/angst-gamle-oslo/plakat/",
        "/grupper/sorg-gamle-oslo/plakat/",
        "/arrangementer/infomote-gamle-oslo/plakat/",
        "/arrangementer/igangsetteropplaering/plakat/",
        "/kontaktpunkter/gamle-oslo/plakat/",
    ):
        html = html_of(client.get(path))
        leaked = [name for name, secret in SECRETS.items() if secret in html]
        assert leaked == [], f"{path} shows {leaked}"


def test_posters_load_nothing_from_other_sites_and_have_no_inline_code(client, public_data):
    for path in (
        "/grupper/angst-gamle-oslo/plakat/",
        "/arrangementer/infomote-gamle-oslo/plakat/",
        "/kontaktpunkter/gamle-oslo/plakat/",
    ):
        html = html_of(client.get(path))
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert sources
        for source in sources:
            assert source.startswith(("/", "#", "data:image/svg+xml")), source
        assert " style=" not in html
        assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None


# The contact point, its groups, the groups' topics, its events.
@pytest.mark.parametrize("count", [1, 3])
def test_contact_point_poster_queries_do_not_grow(client, django_assert_num_queries, count):
    contact_point = ContactPoint.objects.get(pk=SelfHelpGroupFactory(topics=[]).contact_point_id)
    for _ in range(count - 1):
        SelfHelpGroupFactory(contact_point=contact_point)
    for group in contact_point.groups.all():
        group.topics.set([1, 2])
    for _ in range(count):
        EventFactory(contact_point=contact_point)

    with django_assert_num_queries(4):
        html = html_of(client.get(f"/kontaktpunkter/{contact_point.slug}/plakat/"))
    assert html.count("<li>\n            <strong>") == count + min(count, 2)


def test_posters_answer_only_reading(client, public_data):
    assert client.post("/grupper/angst-gamle-oslo/plakat/").status_code == 405
    assert client.head("/grupper/angst-gamle-oslo/plakat/").status_code == 200
