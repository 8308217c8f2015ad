"""A moment as a short, stable piece of an outbox key: ``20261026T1700Z`` (UTC, minutes).

Keys that name an occurrence by its time (a meeting at 18:00, an event on Tuesday) make
a moved meeting a new occurrence, with a reminder of its own. The scanners compute the
same stamp in SQL, so a NOT EXISTS on the outbox key leaves out what is already queued;
the stamp is built from portable date parts, so it works on SQLite (``make run``) too.
"""

import datetime

from django.db.models import CharField, Value
from django.db.models.functions import (
    Cast,
    Concat,
    ExtractDay,
    ExtractHour,
    ExtractMinute,
    ExtractMonth,
    ExtractYear,
    LPad,
)


def utc_stamp(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%MZ")


def utc_stamp_sql(field):
    """The same stamp as ``utc_stamp``, as an SQL expression over a datetime field."""

    def part(extract, width):
        return LPad(Cast(extract(field, tzinfo=datetime.UTC), CharField()), width, Value("0"))

    return Concat(
        part(ExtractYear, 4),
        part(ExtractMonth, 2),
        part(ExtractDay, 2),
        Value("T"),
        part(ExtractHour, 2),
        part(ExtractMinute, 2),
        Value("Z"),
        output_field=CharField(),
    )
