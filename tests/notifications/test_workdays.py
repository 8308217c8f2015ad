"""Norwegian working days: weekends and public holidays, Easter by the algorithm."""

import datetime

import pytest

from notifications.workdays import (
    OSLO,
    add_working_days,
    easter_sunday,
    is_working_day,
    latest_start_due,
    public_holidays,
)


def oslo(*args):
    return datetime.datetime(*args, tzinfo=OSLO)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2024, datetime.date(2024, 3, 31)),
        (2025, datetime.date(2025, 4, 20)),
        (2026, datetime.date(2026, 4, 5)),
        (2027, datetime.date(2027, 3, 28)),
        (2038, datetime.date(2038, 4, 25)),
        (2285, datetime.date(2285, 3, 22)),  # the earliest possible date
    ],
)
def test_easter_sunday_known_years(year, expected):
    assert easter_sunday(year) == expected


def test_public_holidays_2026_are_the_norwegian_ones():
    assert public_holidays(2026) == {
        datetime.date(2026, 1, 1),
        datetime.date(2026, 4, 2),  # skjærtorsdag
        datetime.date(2026, 4, 3),  # langfredag
        datetime.date(2026, 4, 6),  # andre påskedag
        datetime.date(2026, 5, 1),
        datetime.date(2026, 5, 14),  # Kristi himmelfartsdag
        datetime.date(2026, 5, 17),
        datetime.date(2026, 5, 25),  # andre pinsedag
        datetime.date(2026, 12, 25),
        datetime.date(2026, 12, 26),
    }


def test_is_working_day_weekend_holiday_and_christmas_eve():
    assert is_working_day(datetime.date(2026, 11, 23))  # a Monday
    assert not is_working_day(datetime.date(2026, 11, 21))  # Saturday
    assert not is_working_day(datetime.date(2026, 11, 22))  # Sunday
    assert not is_working_day(datetime.date(2027, 3, 29))  # Easter Monday 2027
    assert is_working_day(datetime.date(2026, 12, 24))  # not a public holiday by law


def test_add_working_days_within_a_week_keeps_local_time():
    assert add_working_days(oslo(2026, 11, 24, 14, 10), 3) == oslo(2026, 11, 27, 14, 10)


def test_add_working_days_across_a_weekend():
    assert add_working_days(oslo(2026, 11, 26, 9, 0), 3) == oslo(2026, 12, 1, 9, 0)


def test_add_working_days_across_easter_2026():
    # Wednesday 1 April; Thursday 2, Friday 3, the weekend and Monday 6 are off.
    assert add_working_days(oslo(2026, 4, 1, 12, 0), 1) == oslo(2026, 4, 7, 12, 0)
    assert add_working_days(oslo(2026, 4, 1, 12, 0), 3) == oslo(2026, 4, 9, 12, 0)


def test_add_working_days_across_easter_2027():
    # Easter 28 March 2027: Thursday 25, Friday 26 and Monday 29 March are off.
    assert add_working_days(oslo(2027, 3, 24, 8, 30), 3) == oslo(2027, 4, 1, 8, 30)


def test_add_working_days_across_christmas_and_new_year():
    # Wednesday 23 Dec 2026: 24 works, 25–27 off, 28–31 work, 1 Jan off.
    assert add_working_days(oslo(2026, 12, 23, 10, 0), 5) == oslo(2026, 12, 31, 10, 0)
    assert add_working_days(oslo(2026, 12, 23, 10, 0), 6) == oslo(2027, 1, 4, 10, 0)


def test_add_working_days_from_a_saturday_counts_from_monday_morning():
    assert add_working_days(oslo(2026, 11, 21, 10, 0), 3) == oslo(2026, 11, 26, 0, 0)
    assert add_working_days(oslo(2026, 11, 21, 10, 0), 0) == oslo(2026, 11, 23, 0, 0)


def test_add_working_days_across_the_clock_change_keeps_local_time():
    # Summer time ends on Sunday 25 October 2026: UTC offset +2 before, +1 after.
    start = oslo(2026, 10, 23, 15, 0)
    deadline = add_working_days(start, 1)
    assert deadline == oslo(2026, 10, 26, 15, 0)
    elapsed = deadline.astimezone(datetime.UTC) - start.astimezone(datetime.UTC)
    assert elapsed == datetime.timedelta(days=3, hours=1)


def test_add_working_days_takes_utc_input():
    start = datetime.datetime(2026, 11, 24, 13, 10, tzinfo=datetime.UTC)  # 14:10 in Oslo
    assert add_working_days(start, 3) == oslo(2026, 11, 27, 14, 10)


def test_add_working_days_naive_raises():
    with pytest.raises(ValueError, match="aware"):
        add_working_days(datetime.datetime(2026, 11, 24, 12, 0), 1)


@pytest.mark.parametrize("days", [0, 1, 3, 5])
@pytest.mark.parametrize(
    "now",
    [
        oslo(2026, 11, 27, 14, 10),  # a Friday afternoon
        oslo(2026, 11, 28, 11, 0),  # a Saturday
        oslo(2026, 4, 6, 9, 0),  # Easter Monday
        oslo(2026, 4, 7, 0, 0),  # the first working minute after Easter
        oslo(2027, 1, 4, 7, 45),  # the first Monday of 2027
    ],
)
def test_latest_start_due_is_the_exact_bound(now, days):
    """Every start in the weeks before ``now``, every 20 minutes: due by ``now`` exactly
    when it is no later than the bound."""
    bound = latest_start_due(now, days)
    assert add_working_days(bound, days) <= now
    start = now - datetime.timedelta(days=21)
    while start <= now:
        assert (add_working_days(start, days) <= now) == (start <= bound), start
        start += datetime.timedelta(minutes=20)
    just_after = bound + datetime.timedelta(microseconds=1)
    assert add_working_days(just_after, days) > now
