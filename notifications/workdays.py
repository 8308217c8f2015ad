"""Norwegian working days: Monday to Friday, except the public holidays.

A contact point promises to answer within N working days (``ContactPoint.response_days``).
The deadline is the same local time (Europe/Oslo) N working days later: an enquiry sent
on Tuesday at 14:10 with three working days is due on Friday at 14:10, or on Monday at
14:10 when that Friday is a holiday.

An enquiry sent on a weekend or a holiday starts counting at the beginning (00:00) of
the next working day: sent on Saturday, three working days run out at the end of
Wednesday (Thursday 00:00). So a later enquiry is never due before an earlier one.

The holidays are those of the law on public holidays (helligdagsloven) that can fall on
a weekday, plus 1 and 17 May: New Year's Day, Maundy Thursday, Good Friday, Easter
Monday, Labour Day, Constitution Day, Ascension Day, Whit Monday, Christmas Day and
Boxing Day. Christmas Eve and New Year's Eve are ordinary working days by law.
"""

import datetime
import functools
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
DAY = datetime.timedelta(days=1)


def easter_sunday(year):
    """Easter Sunday of ``year`` (Gregorian calendar), by the anonymous Gregorian
    algorithm (Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@functools.lru_cache(maxsize=64)
def public_holidays(year):
    """The Norwegian public holidays of ``year`` that can fall on a weekday."""
    easter = easter_sunday(year)
    return frozenset(
        {
            datetime.date(year, 1, 1),  # første nyttårsdag
            easter - 3 * DAY,  # skjærtorsdag
            easter - 2 * DAY,  # langfredag
            easter + DAY,  # andre påskedag
            datetime.date(year, 5, 1),  # arbeidernes dag
            datetime.date(year, 5, 17),  # grunnlovsdag
            easter + 39 * DAY,  # Kristi himmelfartsdag
            easter + 50 * DAY,  # andre pinsedag
            datetime.date(year, 12, 25),  # første juledag
            datetime.date(year, 12, 26),  # andre juledag
        }
    )


def is_working_day(day):
    return day.weekday() < 5 and day not in public_holidays(day.year)


def _step_working_days(day, days, direction=1):
    """The working day ``days`` working days after (or before) ``day``."""
    while days > 0:
        day += direction * DAY
        if is_working_day(day):
            days -= 1
    return day


def _next_working_day(day):
    return _step_working_days(day, 1)


def _local(value):
    if value.tzinfo is None:
        raise ValueError("add_working_days needs an aware datetime.")
    return value.astimezone(OSLO)


def add_working_days(start, days):
    """The moment ``days`` working days after ``start``, at the same local time.

    ``start`` is an aware datetime; the answer is in Europe/Oslo. A start on a weekend
    or holiday counts from 00:00 of the next working day. The answer always falls on a
    working day, so never on a Sunday when the clocks change.
    """
    if days < 0:
        raise ValueError("days must be 0 or more")
    local = _local(start)
    day = local.date()
    clock = local.timetz().replace(tzinfo=None)
    if not is_working_day(day):
        day, clock = _next_working_day(day), datetime.time(0)
        if days == 0:
            return datetime.datetime.combine(day, clock, tzinfo=OSLO)
    return datetime.datetime.combine(_step_working_days(day, days), clock, tzinfo=OSLO)


def latest_start_due(now, days):
    """The latest start whose deadline (``add_working_days(start, days)``) has come by
    ``now``: for every aware ``start``, ``add_working_days(start, days) <= now`` exactly
    when ``start <= latest_start_due(now, days)``.

    This turns "the deadline has passed" into a bound on ``created_at`` that an index
    can use, holidays included.
    """
    local = _local(now)
    today = local.date()
    if is_working_day(today):
        # Started on that working day at the same time or earlier: due today by now.
        day = _step_working_days(today, days, direction=-1)
        return datetime.datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=OSLO)
    # On a weekend or holiday: everything started up to the end of the day that counts
    # to the last working day before today is due, whatever the time of day.
    last_working_day = _step_working_days(today, 1, direction=-1)
    day = _step_working_days(last_working_day, days, direction=-1)
    end_of_day = datetime.datetime.combine(day + DAY, datetime.time(0), tzinfo=OSLO)
    return end_of_day - datetime.timedelta(microseconds=1)
