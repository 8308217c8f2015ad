"""Reads of the reference data: turning what a resident types into a place.

A resident types "8006", "bodø", "Nesseby", "Bodo" or "Nordland"; the search pages need
the municipalities (and counties) that means. Names are matched in Python against the
~360 current municipalities, loaded in one query: that behaves the same on PostgreSQL
and SQLite (whose LIKE ignores case only for ASCII), and knows the official multilingual
names ("Unjárga - Nesseby", "Herøy (Nordland)") part by part.
"""

import re
import unicodedata
from dataclasses import dataclass

from regions.models import County, Municipality, Postcode

# Matching by prefix or substring only from this many characters: "o" is not a place.
MIN_PARTIAL_LENGTH = 3

_FOLD = str.maketrans({"ø": "o", "å": "a", "æ": "ae"})


@dataclass(frozen=True)
class Place:
    """What a place query resolved to.

    ``municipalities`` and ``counties`` are tuples of ``(number, name)``. A county query
    (``whole_county``) covers every municipality of the county; a municipality query
    covers the matched municipalities, and ``counties`` are the counties they lie in
    (what "near me" widens to).
    """

    label: str
    municipalities: tuple[tuple[str, str], ...]
    counties: tuple[tuple[str, str], ...]
    whole_county: bool = False

    @property
    def municipality_numbers(self):
        return [number for number, _name in self.municipalities]

    @property
    def county_numbers(self):
        return [number for number, _name in self.counties]

    @property
    def county_label(self):
        return ", ".join(name for _number, name in self.counties)

    @property
    def single_municipality_number(self):
        """The municipality number when exactly one municipality was meant, else None."""
        if self.whole_county or len(self.municipalities) != 1:
            return None
        return self.municipalities[0][0]


def _casefold(text):
    return " ".join(text.casefold().split())


def _fold(text):
    """Case, accents and the Norwegian letters folded away: "Bodø" and "bodo" meet."""
    text = _casefold(text).translate(_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _name_parts(name, *, qualified=True):
    """A municipality's name and each of its language forms.

    "Unjárga - Nesseby" → ["Unjárga - Nesseby", "Unjárga", "Nesseby"];
    "Herøy (Nordland)" → ["Herøy (Nordland)", "Herøy"], or without ``qualified`` only
    ["Herøy"]: a partial match on "Nordland" means the county, not this municipality.
    """
    bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
    parts = [name if qualified else "", bare, *re.split(r"\s+-\s+", bare)]
    return list(dict.fromkeys(part for part in parts if part))


class _Gazetteer:
    """Current municipalities and counties, loaded once per lookup (one query)."""

    def __init__(self):
        self.municipalities = list(
            Municipality.objects.filter(is_current=True)
            .select_related("county")
            .only("number", "name", "county__number", "county__name")
            .order_by("name")
        )
        counties = {}
        for municipality in self.municipalities:
            counties[municipality.county.number] = municipality.county
        self.counties = sorted(counties.values(), key=lambda county: county.number)

    def _municipalities_where(self, match, *, qualified=True):
        return [
            municipality
            for municipality in self.municipalities
            if any(match(part) for part in _name_parts(municipality.name, qualified=qualified))
        ]

    def _counties_where(self, match):
        return [county for county in self.counties if match(county.name)]

    def exact(self, text):
        """Municipalities or counties whose name (or one of its forms) is ``text``."""
        for normalise in (_casefold, _fold):
            wanted = normalise(text)

            def equal(name, normalise=normalise, wanted=wanted):
                return normalise(name) == wanted

            municipalities = self._municipalities_where(equal)
            if municipalities:
                return _from_municipalities(municipalities)
            counties = self._counties_where(equal)
            if counties:
                return _from_counties(counties)
        return None

    def partial(self, text, *, contains=True):
        """Names with a word that starts with ``text``, else (``contains``) names with it."""
        wanted = _fold(text)
        if len(wanted) < MIN_PARTIAL_LENGTH:
            return None
        tests = [lambda name: any(word.startswith(wanted) for word in _word_starts(_fold(name)))]
        if contains:
            tests.append(lambda name: wanted in _fold(name))
        for test in tests:
            municipalities = self._municipalities_where(test, qualified=False)
            if municipalities:
                return _from_municipalities(municipalities)
            counties = self._counties_where(test)
            if counties:
                return _from_counties(counties)
        return None


def _word_starts(name):
    """Every tail of the name that starts a word: "møre og romsdal" → ..., "romsdal"."""
    words = name.split()
    return [" ".join(words[index:]) for index in range(len(words))]


def _from_municipalities(municipalities):
    counties = {}
    for municipality in municipalities:
        counties[municipality.county.number] = municipality.county.name
    return Place(
        label=", ".join(municipality.name for municipality in municipalities),
        municipalities=tuple((m.number, m.name) for m in municipalities),
        counties=tuple(sorted(counties.items())),
    )


def _from_counties(counties):
    return Place(
        label=", ".join(county.name for county in counties),
        municipalities=(),
        counties=tuple((county.number, county.name) for county in counties),
        whole_county=True,
    )


def _by_number(code):
    postcode = (
        Postcode.objects.filter(code=code, municipality__isnull=False)
        .select_related("municipality__county")
        .first()
    )
    if postcode:
        municipality = postcode.municipality
        return Place(
            label=f"{postcode.code} {municipality.name}",
            municipalities=((municipality.number, municipality.name),),
            counties=((municipality.county.number, municipality.county.name),),
        )
    municipality = Municipality.objects.filter(number=code).select_related("county").first()
    if municipality:
        return _from_municipalities([municipality])
    return None


def _by_postal_town(text):
    """Places that are postal towns but not municipalities: "Stokmarknes" → Hadsel."""
    municipalities = list(
        Municipality.objects.filter(postcodes__place=_casefold(text).upper())
        .select_related("county")
        .distinct()
        .order_by("name")
    )
    return _from_municipalities(municipalities) if municipalities else None


def place_resolve(*, query, contains=True):
    """The place a resident means by ``query``, or None when we know no such place.

    In order: a four-digit postcode (or municipality number); a municipality or county
    named exactly so, ignoring case and then also accents; a postal town; a name with a
    word that starts with the query; a name that contains it (unless ``contains`` is
    false, for text that may just as well be a search word).
    """
    text = " ".join((query or "").split())
    if not text:
        return None
    if re.fullmatch(r"[0-9]{4}", text):
        return _by_number(text)
    gazetteer = _Gazetteer()
    return (
        gazetteer.exact(text) or _by_postal_town(text) or gazetteer.partial(text, contains=contains)
    )


def place_split(*, query):
    """Split one search box into a place and free text: "sorg bodø" → ("bodø", "sorg").

    The whole text is tried as a place first. Otherwise a single word that is exactly a
    postcode, municipality or county becomes the place and the rest is free text; with
    no such word (or more than one) everything is free text.
    """
    text = " ".join((query or "").split())
    if not text:
        return "", ""
    if place_resolve(query=text, contains=False):
        return text, ""
    words = text.split(" ")
    if len(words) == 1:
        return "", text
    gazetteer = _Gazetteer()
    places = [
        index
        for index, word in enumerate(words)
        if (re.fullmatch(r"[0-9]{4}", word) and _by_number(word)) or gazetteer.exact(word)
    ]
    if len(places) != 1:
        return "", text
    place_word = words.pop(places[0])
    return place_word, " ".join(words)


def county_choices():
    """Counties that have current municipalities, for a filter's select box."""
    return County.objects.filter(municipalities__is_current=True).distinct().order_by("number")
