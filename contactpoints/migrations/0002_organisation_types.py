from django.db import migrations

ORGANISATION_TYPES = [
    ("frivilligsentral", "Frivilligsentral", "Volunteer centre"),
    ("frisklivssentral", "Frisklivssentral", "Healthy-life centre"),
    ("lms", "Lærings- og mestringssenter (LMS)", "Learning and coping centre (hospital)"),
    (
        "kommunal-lms",
        "Kommunal lærings- og mestringstjeneste",
        "Municipal learning and coping service",
    ),
    ("frivillig-organisasjon", "Frivillig organisasjon", "Voluntary organisation"),
    ("studentsamskipnad", "Studentsamskipnad", "Student welfare organisation"),
    ("menighet", "Menighet", "Church parish"),
    ("annen", "Annen aktør", "Other"),
]


def seed(apps, schema_editor):
    OrganisationType = apps.get_model("contactpoints", "OrganisationType")
    for position, (code, name, name_en) in enumerate(ORGANISATION_TYPES):
        OrganisationType.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("contactpoints", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
