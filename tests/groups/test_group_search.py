"""/grupper/: finding groups by place, topic, format, day, openness and free text."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone

from contactpoints.models import ContactPoint
from groups.models import SelfHelpGroup
from groups.search import TRIGRAM_THRESHOLD
from tests.factories import GroupMeetingFactory, topic
from tests.groups.factories import BODO, FAUSKE, OSLO, TROMSO, group_in

pytestmark = pytest.mark.django_db

URL = "/grupper/"


@pytest.fixture
def en_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def titles(response):
    """The titles of the groups on the page, in order."""
    return [group.title for group in response.context["page_obj"].object_list]


def search(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response


# --- Place ------------------------------------------------------------------------------


@pytest.fixture
def spread():
    """Groups in Bodø, Fauske (same county), Oslo and Tromsø, in person and remote."""
    return {
        "bodø": group_in(BODO, title="Samtalegruppe i Bodø"),
        "fauske": group_in(FAUSKE, title="Samtalegruppe i Fauske"),
        "oslo": group_in(OSLO, title="Samtalegruppe i Oslo"),
        "video": group_in(OSLO, title="Videogruppe fra Oslo", format=SelfHelpGroup.Format.VIDEO),
        "phone": group_in(
            TROMSO, title="Telefongruppe fra Tromsø", format=SelfHelpGroup.Format.PHONE
        ),
    }


def test_search_by_postcode_finds_local_and_remote_groups_not_other_places(client, spread):
    response = search(client, sted="8006")

    assert titles(response) == [
        "Samtalegruppe i Bodø",
        "Telefongruppe fra Tromsø",
        "Videogruppe fra Oslo",
    ]
    assert response.context["place"].municipality_numbers == [BODO]


def test_search_by_municipality_name_in_any_case(client, spread):
    assert titles(search(client, sted="BODØ")) == titles(search(client, sted="bodø"))
    assert "Samtalegruppe i Bodø" in titles(search(client, sted="bodø"))
    assert "Samtalegruppe i Fauske" not in titles(search(client, sted="bodø"))


def test_search_by_county_finds_all_its_municipalities(client, spread):
    found = titles(search(client, sted="Nordland"))

    assert found[:2] == ["Samtalegruppe i Bodø", "Samtalegruppe i Fauske"]
    assert "Samtalegruppe i Oslo" not in found


def test_search_near_me_widens_to_the_county_not_beyond(client, spread):
    found = titles(search(client, sted="8006", naer="on"))

    # Bodø itself first, then the rest of Nordland, then groups joined from anywhere.
    assert found == [
        "Samtalegruppe i Bodø",
        "Samtalegruppe i Fauske",
        "Telefongruppe fra Tromsø",
        "Videogruppe fra Oslo",
    ]


def test_search_without_place_lists_every_public_group(client, spread):
    assert len(titles(search(client))) == 5


def test_search_unknown_place_is_reported_and_ignored(en_client, spread):
    response = search(en_client, sted="Atlantis")

    html = response.content.decode()
    assert "We could not find a place called “Atlantis”" in html
    assert 'href="#id_sted"' in html
    assert len(titles(response)) == 5


# --- Filters ----------------------------------------------------------------------------


def test_search_by_topic(client):
    group_in(BODO, title="Sorggruppe", topics=[topic("sorg")])
    group_in(BODO, title="Angstgruppe", topics=[topic("angst")])

    assert titles(search(client, tema="sorg")) == ["Sorggruppe"]


def test_search_by_format(client):
    group_in(BODO, title="I Bodø")
    group_in(OSLO, title="På video", format=SelfHelpGroup.Format.VIDEO)

    assert titles(search(client, format="video")) == ["På video"]
    assert titles(search(client, format="in_person", sted="Oslo")) == []


def test_search_by_weekday(client):
    group_in(BODO, title="Mandagsgruppe", weekday=0)
    group_in(BODO, title="Onsdagsgruppe", weekday=2)

    assert titles(search(client, ukedag="2")) == ["Onsdagsgruppe"]


def test_search_open_for_new_members_only(client):
    group_in(BODO, title="Åpen gruppe")
    group_in(BODO, title="Full gruppe", open_for_new_members=False)

    assert titles(search(client, apen="on")) == ["Åpen gruppe"]
    assert len(titles(search(client))) == 2


def test_search_filters_combine(client):
    wanted = group_in(BODO, title="Sorg på tirsdager", weekday=1, topics=[topic("sorg")])
    group_in(BODO, title="Sorg på onsdager", weekday=2, topics=[topic("sorg")])
    group_in(OSLO, title="Sorg i Oslo", weekday=1, topics=[topic("sorg")])

    found = titles(search(client, sted="Bodø", tema="sorg", ukedag="1"))

    assert found == [wanted.title]


# --- Free text --------------------------------------------------------------------------


def test_search_text_compound_word_finds_its_last_part(client):
    """A compound ("selvhjelpsgruppe") finds its last part ("Samtalegruppe") by trigrams."""
    group_in(BODO, title="Samtalegruppe for pårørende")
    group_in(BODO, title="Leve med kreft")

    assert titles(search(client, q="selvhjelpsgruppe")) == ["Samtalegruppe for pårørende"]


@pytest.mark.parametrize("word", ["grupper", "gruppen", "gruppene", "gruppe"])
def test_search_text_finds_inflected_forms(client, word):
    group_in(BODO, title="Leve med kreft", description="En gruppe for deg som har kreft.")
    group_in(BODO, title="Mammatreff", description="Vi møtes og prater.")

    assert titles(search(client, q=word)) == ["Leve med kreft"]


def test_search_text_matches_topic_names_and_misspellings(client):
    group_in(BODO, title="Torsdagstreff", topics=[topic("parorende")])
    group_in(BODO, title="Mammatreff", topics=[topic("foreldre")])

    assert titles(search(client, q="pårørende")) == ["Torsdagstreff"]
    assert titles(search(client, q="parorende")) == ["Torsdagstreff"]
    assert titles(search(client, q="Relatives")) == ["Torsdagstreff"]


def test_search_text_unrelated_short_words_do_not_match(client):
    """The threshold keeps a short word from matching titles that merely share trigrams."""
    group_in(BODO, title="Samtalegruppe for pårørende")
    group_in(BODO, title="Leve med kreft")

    assert titles(search(client, q="sorg")) == []
    assert titles(search(client, q="mestring")) == []
    assert 0.2 < TRIGRAM_THRESHOLD <= 0.29


def test_search_text_ranks_title_matches_first(client):
    group_in(BODO, title="Samtalegruppe", description="Om sorg og savn.")
    group_in(BODO, title="Sorggruppe")

    assert titles(search(client, q="sorg")) == ["Sorggruppe", "Samtalegruppe"]


def test_search_text_with_place(client):
    group_in(BODO, title="Sorggruppe i Bodø")
    group_in(OSLO, title="Sorggruppe i Oslo")

    assert titles(search(client, q="sorggruppe", sted="8006")) == ["Sorggruppe i Bodø"]


@pytest.mark.parametrize(
    "text", ["og", '"uavsluttet', "sorg -", "a & b | !c", "'; DROP TABLE x; --", "ø" * 200]
)
def test_search_text_odd_queries_answer(client, text):
    group_in(BODO, title="Sorggruppe")

    search(client, q=text)


# --- Only public groups -----------------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [SelfHelpGroup.Status.PLANNED, SelfHelpGroup.Status.PAUSED, SelfHelpGroup.Status.CLOSED],
)
def test_search_never_lists_groups_that_are_not_active(client, status):
    group_in(
        BODO,
        title="Skjult gruppe",
        status=status,
        open_for_new_members=status != SelfHelpGroup.Status.CLOSED,
    )
    group_in(BODO, title="Synlig gruppe")

    for params in ({}, {"sted": "Bodø"}, {"q": "gruppe"}, {"q": "skjult"}):
        assert "Skjult gruppe" not in titles(search(client, **params))
    assert "Skjult gruppe" not in search(client).content.decode()


@pytest.mark.parametrize("status", [ContactPoint.Status.PENDING, ContactPoint.Status.SUSPENDED])
def test_search_never_lists_groups_of_contact_points_not_approved(client, status):
    from tests.groups.factories import contact_point_in

    group_in(BODO, title="Skjult gruppe", contact_point=contact_point_in(BODO, status=status))

    assert titles(search(client, q="skjult")) == []
    assert titles(search(client)) == []


# --- Bad input --------------------------------------------------------------------------

GARBAGE = [
    {"sted": "x" * 5000},
    {"sted": "\x00"},
    {"sted": "%00"},
    {"q": "x" * 5000},
    {"q": "\x00sorg"},
    {"q": "<script>alert(1)</script>"},
    {"tema": "finnes-ikke"},
    {"tema": "x" * 5000},
    {"tema": "1"},
    {"format": "telepati"},
    {"ukedag": "99"},
    {"ukedag": "-1"},
    {"ukedag": "mandag"},
    {"ukedag": "1.5"},
    {"apen": "kanskje"},
    {"naer": "x" * 5000},
    {"page": "abc"},
    {"page": "9999"},
    {"page": "-1"},
    {"page": "0"},
    {"page": "1e10"},
    {"page": "9" * 5000},
    {"sok": "\x00"},
    {"sok": "x" * 5000},
    {"sted": ["Bodø", "Oslo"], "tema": ["sorg", "angst"]},
    {"ukjent": "parameter"},
]


@pytest.mark.parametrize("params", GARBAGE)
def test_search_malformed_parameters_never_fail(client, params):
    group_in(BODO, title="Samtalegruppe")

    response = client.get(URL, params, follow=True)

    assert response.status_code == 200


def test_search_all_parameters_garbage_at_once(en_client):
    group_in(BODO, title="Samtalegruppe")
    params = {
        "sted": "Atlantis",
        "q": "x" * 300,
        "tema": "finnes-ikke",
        "format": "telepati",
        "ukedag": "99",
        "apen": "ja",
        "naer": "ja",
        "page": "abc",
    }

    response = en_client.get(URL, params)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="alert alert-danger form-error-summary"' in html
    for field in ("sted", "q", "tema", "format", "ukedag"):
        assert f'href="#id_{field}"' in html
    # What was typed stays in the form.
    assert 'value="Atlantis"' in html
    assert titles(response) == ["Samtalegruppe"]


def test_search_page_beyond_the_end_shows_the_last_page(client):
    for number in range(25):
        group_in(BODO, title=f"Gruppe {number:02d}")

    response = search(client, page="9999")

    assert response.context["page_obj"].number == 2
    assert len(titles(response)) == 5


# --- Results page -----------------------------------------------------------------------


def test_search_pagination_keeps_the_filters(client):
    for number in range(45):
        group_in(BODO, title=f"Gruppe {number:02d}", weekday=3)

    response = search(client, sted="Bodø", ukedag="3", page="2")

    html = response.content.decode()
    assert response.context["page_obj"].paginator.count == 45
    assert titles(response)[0] == "Gruppe 20"
    links = re.findall(r'<a class="page-link" href="([^"]+)"', html)
    assert "?sted=Bod%C3%B8&amp;ukedag=3&amp;page=3" in links
    assert "?sted=Bod%C3%B8&amp;ukedag=3&amp;page=1" in links
    assert 'aria-current="page"' in html


def test_search_results_show_count_and_cards(en_client):
    other = group_in(BODO, title="Annen gruppe")
    group = group_in(
        BODO,
        contact_point=other.contact_point,
        title="Pårørendegruppa",
        topics=[topic("parorende")],
        weekday=1,
        start_time=datetime.time(18, 0),
        frequency=SelfHelpGroup.Frequency.BIWEEKLY,
    )

    html = search(en_client, sted="Bodø").content.decode()

    assert "2 groups found" in html
    start = html.index(f'href="/grupper/{group.slug}/"')
    card = html[html.rindex("<article", 0, start) : html.index("</article>", start)]
    assert "Relatives and carers" in card
    assert "Same problem · in person" in card
    assert "Tuesday at 18:00, every other week" in card
    assert "Open for new members" in card
    assert group.contact_point.name in card


def test_search_card_says_starting_soon_with_the_next_meeting(en_client):
    group = group_in(BODO, title="Ny gruppe", status=SelfHelpGroup.Status.RECRUITING)
    start = timezone.make_aware(datetime.datetime(2031, 3, 4, 18, 0))
    GroupMeetingFactory(group=group, starts_at=start)

    html = search(en_client).content.decode()

    assert "Starting soon: March 4, 2031" in html


def test_search_card_says_starting_soon_with_the_planned_start(en_client):
    group_in(
        BODO,
        title="Ny gruppe",
        status=SelfHelpGroup.Status.RECRUITING,
        planned_start=datetime.date(2031, 5, 6),
    )

    html = search(en_client).content.decode()

    assert "Starting soon: May 6, 2031" in html


def test_search_card_of_a_full_group_says_so(en_client):
    group_in(BODO, title="Full gruppe", open_for_new_members=False)

    html = search(en_client).content.decode()

    assert "Not taking new members right now" in html


def test_search_empty_state_links_to_interest_with_topic_and_municipality(en_client):
    group_in(OSLO, title="Sorg i Oslo", topics=[topic("sorg")])

    response = search(en_client, sted="8006", tema="sorg")

    html = response.content.decode()
    assert titles(response) == []
    assert "There is no group like this yet" in html
    assert 'href="/interesse/?tema=sorg&amp;kommune=1804"' in html
    assert 'href="?sted=8006&amp;tema=sorg&amp;naer=on"' in html
    assert 'href="/kontaktpunkter/"' in html


def test_search_empty_state_without_choices_links_to_interest(en_client):
    html = search(en_client).content.decode()

    assert 'href="/interesse/"' in html


def test_search_box_on_the_front_page_redirects_to_place_and_words(client):
    response = client.get(URL, {"sok": "sorg 8006"})

    assert response.status_code == 302
    assert response["Location"] == "/grupper/?sted=8006&q=sorg"


def test_search_box_topic_name_is_a_search_word(client):
    response = client.get(URL, {"sok": "Sorg"})

    assert response["Location"] == "/grupper/?q=Sorg"


def test_search_box_empty_goes_to_all_groups(client):
    assert client.get(URL, {"sok": ""})["Location"] == "/grupper/"


# --- Queries ----------------------------------------------------------------------------


def make_groups(count):
    for number in range(count):
        group_in(BODO, title=f"Samtalegruppe {number}", topics=[topic("sorg"), topic("angst")])


@pytest.mark.parametrize("params", [{}, {"q": "samtalegruppe"}], ids=["all", "search-words"])
@pytest.mark.parametrize("count", [1, 3])
def test_search_list_queries_do_not_grow(client, django_assert_num_queries, count, params):
    make_groups(count)

    # topic choices for the select, paginator count, groups, their topics
    with django_assert_num_queries(4):
        response = client.get(URL, params)
    assert len(titles(response)) == count


@pytest.mark.parametrize("count", [1, 3])
def test_search_with_every_filter_queries_do_not_grow(client, django_assert_num_queries, count):
    make_groups(count)
    params = {"sted": "8006", "q": "samtalegruppe", "tema": "sorg", "apen": "on"}

    # as above, + the postcode, + the chosen topic
    with django_assert_num_queries(6):
        response = client.get(URL, params)
    assert len(titles(response)) == count
