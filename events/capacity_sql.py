"""The capacity triggers' SQL, shared by the migrations that create and maintain them.

An event's capacity is enforced in the database: a confirmed registration beyond it is
refused whoever writes it (a service, the admin, a bulk import, two requests racing).
On PostgreSQL the trigger locks the event row first, so concurrent registrations for
the last seat are serialised; the error is a check violation (SQLSTATE 23514), which
Django raises as IntegrityError. Lowering the capacity below the confirmed
registrations is refused the same way. SQLite (used by `make run`) gets equivalent
triggers; it serialises writers anyway.

SQLite caveat: when a migration changes events_event or events_registration, Django
rebuilds the table on SQLite, and the rename fails while a trigger names the table.
Such a migration must start with ``sqlite_triggers_drop`` and end with
``sqlite_triggers_create`` (see 0003).
"""

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


def _execute(schema_editor, statements):
    for statement in [statements] if isinstance(statements, str) else statements:
        schema_editor.execute(statement, params=None)


def triggers_create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _execute(schema_editor, POSTGRESQL_FORWARD)
    elif vendor == "sqlite":
        _execute(schema_editor, SQLITE_FORWARD)
    else:
        raise NotImplementedError(f"No capacity trigger for {vendor}.")


def triggers_drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _execute(schema_editor, POSTGRESQL_REVERSE if vendor == "postgresql" else SQLITE_REVERSE)


def sqlite_triggers_create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _execute(schema_editor, SQLITE_FORWARD)


def sqlite_triggers_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        _execute(schema_editor, SQLITE_REVERSE)
