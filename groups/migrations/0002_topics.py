from django.db import migrations

TOPICS = [
    ("angst", "Angst", "Anxiety"),
    ("depresjon", "Depresjon", "Depression"),
    ("sorg", "Sorg", "Grief"),
    ("samlivsbrudd", "Samlivsbrudd", "Separation and divorce"),
    ("parorende", "Pårørende", "Relatives and carers"),
    ("kronisk-sykdom", "Kronisk sykdom", "Chronic illness"),
    ("kreft", "Kreft", "Cancer"),
    ("smerte", "Langvarige smerter", "Long-term pain"),
    ("ensomhet", "Ensomhet", "Loneliness"),
    ("rus", "Rus og avhengighet", "Substance use and addiction"),
    ("spiseforstyrrelser", "Spiseforstyrrelser", "Eating disorders"),
    ("utbrenthet", "Utbrenthet og stress", "Burnout and stress"),
    ("foreldre", "Foreldrerollen", "Being a parent"),
    ("etter-selvmord", "Etterlatte etter selvmord", "Bereaved by suicide"),
    ("vold-overgrep", "Vold og overgrep", "Violence and abuse"),
    ("pa-tvers", "På tvers av problemer", "Across problems"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("groups", "Topic")
    for position, (slug, name, name_en) in enumerate(TOPICS):
        Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
