"""Load counties, municipalities and postcodes from the files in ``regions/data/``.

One function serves the data migration (with historical models) and the
``load_refdata`` command (with the current ones), so both read the files the same way.
A reload updates names, adds what is new and marks municipalities that left the
classification as no longer current; it never deletes a row that data may point to.
"""

import csv
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
COUNTIES_FILE = DATA_DIR / "fylker_2024.csv"
MUNICIPALITIES_FILE = DATA_DIR / "kommuner_ssb131_2026-01-01.csv"
POSTCODES_FILE = DATA_DIR / "postnummer_bring_2026-01-22.tsv"

BATCH_SIZE = 1000


@dataclass
class LoadSummary:
    counties: int = 0
    municipalities: int = 0
    municipalities_retired: int = 0
    postcodes: int = 0
    postcodes_outside_municipalities: list[str] = field(default_factory=list)

    def lines(self):
        yield f"Counties: {self.counties}"
        yield f"Municipalities: {self.municipalities} current"
        if self.municipalities_retired:
            yield (
                "Municipalities no longer listed (kept, marked not current): "
                f"{self.municipalities_retired}"
            )
        yield f"Postcodes: {self.postcodes}"
        if self.postcodes_outside_municipalities:
            yield (
                "Postcodes outside any municipality (kept without one): "
                + ", ".join(self.postcodes_outside_municipalities)
            )


def read_counties(path=COUNTIES_FILE):
    with open(path, encoding="utf-8", newline="") as f:
        return [(row["fylkesnummer"], row["navn"]) for row in csv.DictReader(f)]


def read_municipalities(path=MUNICIPALITIES_FILE):
    with open(path, encoding="utf-8", newline="") as f:
        return [
            (row["kommunenummer"], row["navn"], row["fylkesnummer"]) for row in csv.DictReader(f)
        ]


def read_postcodes(path=POSTCODES_FILE):
    """Bring's register: postcode, town, municipality number, municipality name, category."""
    with open(path, encoding="utf-8", newline="") as f:
        return [
            (code, place, municipality, category)
            for code, place, municipality, _name, category in csv.reader(f, delimiter="\t")
        ]


def load_reference_data(*, County, Municipality, Postcode, progress=None):
    """Create or update every county, municipality and postcode from the data files.

    ``progress``, if given, is called with a short line after each step so a long
    reload shows where it is. Returns a LoadSummary.
    """
    report = progress or (lambda line: None)
    summary = LoadSummary()

    counties = [County(number=number, name=name) for number, name in read_counties()]
    County.objects.bulk_create(
        counties, update_conflicts=True, unique_fields=["number"], update_fields=["name"]
    )
    summary.counties = len(counties)
    report(f"counties: {summary.counties} loaded")

    municipalities = [
        Municipality(number=number, name=name, county_id=county, is_current=True)
        for number, name, county in read_municipalities()
    ]
    Municipality.objects.bulk_create(
        municipalities,
        update_conflicts=True,
        unique_fields=["number"],
        update_fields=["name", "county", "is_current"],
        batch_size=BATCH_SIZE,
    )
    current = {m.number for m in municipalities}
    summary.municipalities = len(municipalities)
    summary.municipalities_retired = (
        Municipality.objects.exclude(number__in=current)
        .filter(is_current=True)
        .update(is_current=False)
    )
    report(f"municipalities: {summary.municipalities} loaded")

    postcodes = []
    for code, place, municipality, category in read_postcodes():
        if municipality not in current:
            summary.postcodes_outside_municipalities.append(f"{code} {place}")
            municipality = None
        postcodes.append(
            Postcode(code=code, place=place, municipality_id=municipality, category=category)
        )
    for start in range(0, len(postcodes), BATCH_SIZE):
        batch = postcodes[start : start + BATCH_SIZE]
        Postcode.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["place", "municipality", "category"],
        )
        report(f"postcodes: {start + len(batch)} of {len(postcodes)}")
    summary.postcodes = len(postcodes)
    return summary
