import io
from collections import Counter

import pytest
from django.core.management import call_command

from regions.models import County, Municipality, Postcode, Region

pytestmark = pytest.mark.django_db

# Per-county municipality counts from the cross-check in regions/data/README.md.
EXPECTED_PER_COUNTY = {
    "03": 1, "11": 23, "15": 27, "18": 41, "31": 12, "32": 21, "33": 18, "34": 46,
    "39": 6, "40": 17, "42": 25, "46": 43, "50": 38, "55": 21, "56": 18,
}  # fmt: skip


def test_counties_loaded_all_fifteen():
    assert County.objects.count() == 15
    assert County.objects.get(number="46").name == "Vestland"


def test_municipalities_loaded_all_357_with_official_numbers():
    assert Municipality.objects.count() == 357
    assert Municipality.objects.filter(is_current=True).count() == 357
    assert Municipality.objects.get(number="1804").name == "Bodø"
    assert Municipality.objects.get(number="5501").name == "Tromsø"


def test_municipalities_each_in_its_county():
    counts = Counter(Municipality.objects.values_list("county_id", flat=True))
    assert dict(counts) == EXPECTED_PER_COUNTY
    assert not Municipality.objects.filter(county__isnull=True).exists()
    # The first two digits of a municipality number are its county's.
    for number, county in Municipality.objects.values_list("number", "county_id"):
        assert number[:2] == county


def test_multilingual_municipality_names_kept():
    assert Municipality.objects.get(number="5636").name == "Unjárga - Nesseby"


@pytest.mark.parametrize(
    ("code", "place", "municipality"),
    [("0150", "OSLO", "0301"), ("8006", "BODØ", "1804"), ("5003", "BERGEN", "4601")],
)
def test_postcode_resolves_to_municipality(code, place, municipality):
    postcode = Postcode.objects.select_related("municipality").get(code=code)
    assert postcode.place == place
    assert postcode.municipality.number == municipality


def test_postcodes_all_loaded_svalbard_without_municipality():
    assert Postcode.objects.count() == 5122
    outside = Postcode.objects.filter(municipality__isnull=True)
    assert set(outside.values_list("code", flat=True)) >= {"9170"}  # Longyearbyen
    assert outside.count() == 8


def test_regions_seeded_each_county_in_one_region():
    assert Region.objects.count() == 7
    assert Region.objects.get(slug="vest").counties.get().number == "46"
    counties_in_regions = County.objects.filter(regions__isnull=False)
    assert counties_in_regions.count() == 15
    assert counties_in_regions.distinct().count() == 15


def test_load_refdata_reload_changes_nothing_and_reports():
    out = io.StringIO()
    call_command("load_refdata", stdout=out)
    assert County.objects.count() == 15
    assert Municipality.objects.count() == 357
    assert Postcode.objects.count() == 5122
    text = out.getvalue()
    assert "Municipalities: 357 current" in text
    assert "Postcodes: 5122" in text
    assert "postcodes: 5122 of 5122" in text  # progress while loading


def test_load_refdata_keeps_municipality_no_longer_listed():
    gone = Municipality.objects.create(number="1899", name="Sammenslått", county_id="18")
    Postcode.objects.create(code="8999", place="TESTSTED", municipality=gone, category="G")
    renamed = Municipality.objects.get(number="1804")
    renamed.name = "Gammelt navn"
    renamed.save()

    out = io.StringIO()
    call_command("load_refdata", stdout=out)

    gone.refresh_from_db()
    assert gone.is_current is False
    assert Postcode.objects.get(code="8999").municipality_id == "1899"
    assert Municipality.objects.get(number="1804").name == "Bodø"
    assert "no longer listed (kept, marked not current): 1" in out.getvalue()
