import secrets

from django.db import migrations, models

import groups.models


def fill_tokens(apps, schema_editor):
    StarterAssignment = apps.get_model("groups", "StarterAssignment")
    for assignment in StarterAssignment.objects.filter(token__isnull=True).only("pk"):
        assignment.token = secrets.token_urlsafe(32)
        assignment.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [("groups", "0003_pg_trgm")]

    operations = [
        migrations.AddField(
            model_name="starterassignment",
            name="token",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fill_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="starterassignment",
            name="token",
            field=models.CharField(
                default=groups.models.new_token, editable=False, max_length=64, unique=True
            ),
        ),
    ]
