"""Enforce an event's capacity in the database, not only in the service that registers.

A confirmed registration beyond the capacity is refused whoever writes it (a service,
the admin, a bulk import, two requests racing). On PostgreSQL the trigger locks the
event row first, so concurrent registrations for the last seat are serialised; the
error is a check violation (SQLSTATE 23514), which Django raises as IntegrityError.
Lowering the capacity below the confirmed registrations is refused the same way.
SQLite (used by `make run`) gets equivalent triggers; it serialises writers anyway.
"""

from django.db import migrations

POSTGRESQL_FORWARD = """
CREATE FUNCTION events_registration_within_capacity() RETURNS trigger AS $$
DECLARE
    seats integer;
    taken integer;
BEGIN
    IF NEW.status <> 'confirmed' THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.status = 'confirmed' AND OLD.event_id = NEW.event_id THEN
        RETURN NEW;
    END IF;
    SELECT capacity INTO seats FROM events_event WHERE id = NEW.event_id FOR UPDATE;
    IF seats IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT count(*) INTO taken FROM events_registration
        WHERE event_id = NEW.event_id AND status = 'confirmed' AND id <> NEW.id;
    IF taken >= seats THEN
        RAISE EXCEPTION 'event % is full (capacity %)', NEW.event_id, seats
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'events_registration_within_capacity';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER events_registration_within_capacity
    BEFORE INSERT OR UPDATE OF status, event_id ON events_registration
    FOR EACH ROW EXECUTE FUNCTION events_registration_within_capacity();

CREATE FUNCTION events_event_capacity_covers_registrations() RETURNS trigger AS $$
BEGIN
    IF NEW.capacity IS NOT NULL AND NEW.capacity < (
        SELECT count(*) FROM events_registration
        WHERE event_id = NEW.id AND status = 'confirmed'
    ) THEN
        RAISE EXCEPTION 'event % has more confirmed registrations than %', NEW.id, NEW.capacity
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'events_event_capacity_covers_registrations';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER events_event_capacity_covers_registrations
    BEFORE UPDATE OF capacity ON events_event
    FOR EACH ROW EXECUTE FUNCTION events_event_capacity_covers_registrations();
"""

POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS events_event_capacity_covers_registrations ON events_event;
DROP FUNCTION IF EXISTS events_event_capacity_covers_registrations();
DROP TRIGGER IF EXISTS events_registration_within_capacity ON events_registration;
DROP FUNCTION IF EXISTS events_registration_within_capacity();
"""

_SQLITE_FULL = """
    (SELECT capacity FROM events_event WHERE id = NEW.event_id) IS NOT NULL
    AND (SELECT count(*) FROM events_registration
         WHERE event_id = NEW.event_id AND status = 'confirmed' AND id IS NOT NEW.id)
        >= (SELECT capacity FROM events_event WHERE id = NEW.event_id)
"""

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER events_registration_within_capacity_insert
    BEFORE INSERT ON events_registration
    WHEN NEW.status = 'confirmed' AND {_SQLITE_FULL}
    BEGIN SELECT RAISE(ABORT, 'event is full'); END;
    """,
    f"""
    CREATE TRIGGER events_registration_within_capacity_update
    BEFORE UPDATE OF status, event_id ON events_registration
    WHEN NEW.status = 'confirmed'
        AND NOT (OLD.status = 'confirmed' AND OLD.event_id = NEW.event_id)
        AND {_SQLITE_FULL}
    BEGIN SELECT RAISE(ABORT, 'event is full'); END;
    """,
    """
    CREATE TRIGGER events_event_capacity_covers_registrations
    BEFORE UPDATE OF capacity ON events_event
    WHEN NEW.capacity IS NOT NULL AND NEW.capacity < (
        SELECT count(*) FROM events_registration
        WHERE event_id = NEW.id AND status = 'confirmed')
    BEGIN SELECT RAISE(ABORT, 'capacity below confirmed registrations'); END;
    """,
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS events_registration_within_capacity_insert",
    "DROP TRIGGER IF EXISTS events_registration_within_capacity_update",
    "DROP TRIGGER IF EXISTS events_event_capacity_covers_registrations",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise NotImplementedError(f"No capacity trigger for {schema_editor.connection.vendor}.")
        for statement in [statements] if isinstance(statements, str) else statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
