"""What a typed place means: regions.selectors.place_resolve and place_split."""

import pytest

from regions.selectors import place_resolve, place_split

pytestmark = pytest.mark.django_db


def numbers(place):
    return place.municipality_numbers


def test_place_postcode_resolves_to_its_municipality():
    place = place_resolve(query="8006")

    assert numbers(place) == ["1804"]
    assert place.county_numbers == ["18"]
    assert place.label == "8006 Bodø"
    assert place.single_municipality_number == "1804"


def test_place_unknown_postcode_is_none():
    assert place_resolve(query="0000") is None


def test_place_postcode_wins_over_a_municipality_number():
    # 1804 is both Bodø's municipality number and a postcode in Indre Østfold.
    assert numbers(place_resolve(query="1804")) == ["3118"]


def test_place_municipality_number_that_is_no_postcode_resolves():
    assert numbers(place_resolve(query="1103")) == ["1103"]


@pytest.mark.parametrize("query", ["Bodø", "bodø", "BODØ", "  bodø  ", "Bodo", "bod"])
def test_place_municipality_name_any_case_accent_or_prefix(query):
    assert numbers(place_resolve(query=query)) == ["1804"]


@pytest.mark.parametrize(
    ("query", "number"),
    [("Nesseby", "5636"), ("unjárga", "5636"), ("Unjárga - Nesseby", "5636"), ("Fauske", "1841")],
)
def test_place_multilingual_name_matches_each_form(query, number):
    assert numbers(place_resolve(query=query)) == [number]


def test_place_exact_name_wins_over_longer_names():
    # "Os" is a municipality; Oslo, Osen and Osterøy only start with it.
    assert numbers(place_resolve(query="Os")) == ["3430"]


def test_place_name_shared_by_two_municipalities_gives_both():
    place = place_resolve(query="Herøy")

    assert sorted(numbers(place)) == ["1515", "1818"]
    assert place.single_municipality_number is None


def test_place_county_name_covers_the_whole_county():
    place = place_resolve(query="nordland")

    assert place.whole_county
    assert place.county_numbers == ["18"]
    assert place.single_municipality_number is None


def test_place_partial_county_name():
    place = place_resolve(query="Romsdal")

    assert place.whole_county
    assert place.county_numbers == ["15"]


def test_place_postal_town_resolves_to_its_municipality():
    # Stokmarknes is a postal town in Hadsel.
    assert numbers(place_resolve(query="Stokmarknes")) == ["1866"]


@pytest.mark.parametrize("query", ["", "   ", "Atlantis", "x", "12", "99999", "§§§"])
def test_place_unknown_or_too_short_is_none(query):
    assert place_resolve(query=query) is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Bodø", ("Bodø", "")),
        ("8006", ("8006", "")),
        ("sorg bodø", ("bodø", "sorg")),
        ("8006 sorg", ("8006", "sorg")),
        ("sorg", ("", "sorg")),
        ("samtalegruppe for pårørende", ("", "samtalegruppe for pårørende")),
        ("Bodø Fauske", ("", "Bodø Fauske")),
        ("", ("", "")),
    ],
)
def test_place_split_separates_place_from_search_words(query, expected):
    assert place_split(query=query) == expected
