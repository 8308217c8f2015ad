"""Enforce an event's capacity in the database (see events/capacity_sql.py)."""

from django.db import migrations

from events.capacity_sql import triggers_create, triggers_drop


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(triggers_create, triggers_drop)]
