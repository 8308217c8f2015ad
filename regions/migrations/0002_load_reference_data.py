from django.db import migrations

from regions.refdata import load_reference_data

# Where Selvhjelp Norge's seven district offices were, and the counties of today each
# would oversee (see regions/data/README.md). A starting point; national admins edit it.
REGIONS = [
    ("Region Nord (Alta)", "nord", ["18", "55", "56"]),
    ("Region Midt (Trondheim)", "midt", ["15", "50"]),
    ("Region Vest (Bergen)", "vest", ["46"]),
    ("Region Sørvest (Sandnes)", "sorvest", ["11", "42"]),
    ("Region Sør (Tønsberg)", "sor", ["33", "39", "40"]),
    ("Region Øst (Oslo)", "ost", ["03", "31", "32"]),
    ("Region Innlandet (Brumunddal)", "innlandet", ["34"]),
]


def load(apps, schema_editor):
    load_reference_data(
        County=apps.get_model("regions", "County"),
        Municipality=apps.get_model("regions", "Municipality"),
        Postcode=apps.get_model("regions", "Postcode"),
    )
    Region = apps.get_model("regions", "Region")
    RegionCounty = apps.get_model("regions", "RegionCounty")
    for name, slug, counties in REGIONS:
        region, _ = Region.objects.get_or_create(slug=slug, defaults={"name": name})
        for number in counties:
            RegionCounty.objects.get_or_create(county_id=number, defaults={"region": region})


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
