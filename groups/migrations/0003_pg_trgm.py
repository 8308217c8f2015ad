"""The pg_trgm extension, for the group search's trigram word similarity.

Only on PostgreSQL; SQLite (``make run``) searches without it. pg_trgm is a trusted
extension (PostgreSQL 13+), so a database owner without superuser rights may create it.
The reverse leaves the extension in place: other objects may have come to use it.
"""

from django.db import migrations


def create_pg_trgm(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [("groups", "0002_topics")]

    operations = [
        migrations.RunPython(create_pg_trgm, migrations.RunPython.noop, elidable=False),
    ]
