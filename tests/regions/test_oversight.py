"""The region dashboard's figures, counted by hand in a two-region world
(tests/regions/oversight_world.py), and what each kind of admin is shown."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine

from enquiries.models import Enquiry
from regions import oversight
from regions.oversight import Dashboard
from regions.oversight_access import oversight_scope, regions_to_choose
from regions.oversight_counts import Figure
from tests.factories import UserFactory
from tests.regions.oversight_world import NOW, at, build

pytestmark = pytest.mark.django_db

H = datetime.timedelta(hours=1)
EXACT, UNDER, HIDDEN = Figure.EXACT, Figure.UNDER, Figure.HIDDEN
MONTHS = [datetime.date(2025, 12, 1)] + [datetime.date(2026, m, 1) for m in range(1, 12)]


def series(**counts):
    """Twelve monthly counts, Dec 2025 to Nov 2026, from e.g. jan=2, nov=1."""
    names = ["dec", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov"]
    return [counts.get(name, 0) for name in names]


@pytest.fixture
def world():
    with time_machine.travel(NOW, tick=False):
        yield build()


def board_for(user, region=None):
    regions = regions_to_choose(user)
    return Dashboard(scope=oversight_scope(user, region, regions), now=NOW)


@pytest.fixture
def ost_admin(world):
    user = UserFactory()
    world["ost"].admins.add(user)
    return user


@pytest.fixture
def ost(ost_admin):
    return board_for(ost_admin)


def by_name(rows):
    return {row.name: row for row in rows}


def figure(value, state=EXACT):
    return Figure(value, state)


def test_period_is_twelve_calendar_months_and_quiet_is_three_months_back(ost):
    assert list(ost.period.months) == MONTHS
    assert ost.period.start == at(2025, 12, 1, 0)
    assert ost.period.quiet_before == at(2026, 8, 15)


def test_contact_points_listed_in_scope_without_rejected_or_other_region(ost):
    assert [row.name for row in ost.contact_points] == ["Alfa", "Beta", "Delta", "Gamma"]


def test_contact_point_figures_counted_by_hand(ost):
    rows = by_name(ost.contact_points)
    alfa, beta, gamma, delta = rows["Alfa"], rows["Beta"], rows["Gamma"], rows["Delta"]

    assert (alfa.status, alfa.staff, alfa.events_held) == ("approved", 2, 2)
    assert alfa.groups == {
        "planned": 1,
        "recruiting": 0,
        "starting": 1,
        "running": 1,
        "paused": 0,
        "closed": 1,
    }
    assert alfa.enquiries.value == 5  # 10 Jan, 20 Jan, 5 Apr, 6 Apr, 1 Jul
    assert alfa.median_response == 26 * H  # of 2 h, 26 h, 50 h
    assert alfa.last_activity == at(2026, 10, 20, 14)  # g1 updated
    assert alfa.quiet is False

    assert (beta.staff, beta.events_held, beta.enquiries.value) == (1, 0, 1)
    assert beta.groups["running"] == 1
    assert beta.median_response == 48 * H
    assert beta.last_activity == at(2026, 5, 1)
    assert beta.quiet is True  # nothing since 1 May, before 15 August

    assert (gamma.status, gamma.staff, gamma.enquiries.value) == ("pending", 0, 0)
    assert gamma.last_activity is None
    assert gamma.quiet is False  # pending: not expected to be active yet

    assert delta.enquiries.value == 3
    assert delta.median_response is None  # none answered
    assert delta.last_activity is None
    assert delta.quiet is False  # approved 1 October: not three months yet


def test_contact_point_enquiry_counts_hide_one_more_so_the_monthly_total_gives_nothing_back(ost):
    rows = by_name(ost.contact_points)
    # Beta's 1 reads "under 3"; the monthly chart adds up to 9, so the smallest count of
    # 4 or more (Alfa's 5) is hidden too: 9 − 3 − 0 = 6 is Beta + Alfa, 1 + 5 or 2 + 4.
    assert rows["Beta"].enquiries == figure(1, UNDER)
    assert rows["Alfa"].enquiries == figure(5, HIDDEN)
    assert rows["Delta"].enquiries == figure(3)
    assert rows["Gamma"].enquiries == figure(0)
    assert sum(ost.enquiries_by_month) == 9


def test_municipalities_counted_by_hand(ost):
    rows = by_name(ost.municipalities)
    assert len(rows) == 34  # every municipality of Oslo, Østfold and Akershus
    assert "Bergen" not in rows

    oslo = rows["Oslo - Oslove"]
    assert oslo.contact_points == figure(1, UNDER)
    assert oslo.groups == figure(2, UNDER)  # g1 running, g2 starting
    assert oslo.interest == figure(4)  # the one already told is not waiting
    assert oslo.enquiries == figure(5, HIDDEN)  # Alfa's own figure
    assert not oslo.stands_out

    fredrikstad = rows["Fredrikstad"]
    assert fredrikstad.groups == figure(1, UNDER)
    assert fredrikstad.interest == figure(0)
    assert fredrikstad.enquiries == figure(1, UNDER)

    halden = rows["Halden"]
    assert (halden.contact_points, halden.groups) == (figure(1, UNDER), figure(0))
    assert (halden.interest, halden.enquiries) == (figure(3), figure(3))
    assert halden.interest_no_group
    assert not halden.interest_no_contact_point

    baerum = rows["Bærum"]  # Gamma is still pending: no contact point yet
    assert (baerum.contact_points, baerum.interest) == (figure(0), figure(2, UNDER))
    assert baerum.interest_no_group
    assert baerum.interest_no_contact_point

    asker = rows["Asker"]  # Epsilon was rejected
    assert asker.interest == figure(1, UNDER)
    assert asker.interest_no_group
    assert asker.interest_no_contact_point

    moss = rows["Moss"]
    assert (moss.contact_points, moss.groups, moss.interest, moss.enquiries) == (
        figure(0),
        figure(0),
        figure(0),
        figure(0),
    )
    standing_out = [row.name for row in ost.municipalities if row.stands_out]
    assert standing_out == ["Asker", "Bærum", "Halden"]


def test_groups_by_status_topic_and_format(ost):
    assert [(status, count) for status, _label, count in ost.groups_by_status] == [
        ("planned", 1),
        ("recruiting", 0),
        ("starting", 1),
        ("running", 2),
        ("paused", 0),
        ("closed", 1),
    ]
    topics = dict(ost.topics)
    assert topics["Angst"] == figure(3)  # g1, g3, g5 (g4 is closed; vest's are sorg)
    assert topics["Sorg"] == figure(1, UNDER)  # g2
    assert topics["Depresjon"] == figure(0)
    assert [(value, count) for value, _label, count in ost.formats] == [
        ("in_person", 2),
        ("phone", 1),
        ("video", 1),
    ]


def test_starters_on_rosters_trained_active_and_shared(ost):
    # s1, s2, s3, s5 (s4 inactive; Vera is in vest). Trained: s1, s3, s5. Active: s1
    # only (s3 declined; s5's meeting was before the period). Shared: s1, s3, s5.
    assert ost.starters == {"roster": 4, "trained": 3, "active": 1, "shared": 3}
    pool = list(ost.shared_starters())
    assert [(s.name, s.assigned) for s in pool] == [
        ("Berit Delt", False),
        ("Siri Delt", True),
        ("Stein Delt", False),
    ]


def test_events_by_kind_and_month_include_the_district_office(ost):
    kinds = {value: count for value, _label, count in ost.event_kinds}
    assert kinds == {
        "information_meeting": 1,  # 10 Feb (cancelled, draft, future, Nov 2025 left out)
        "network_meeting": 1,  # 5 Oct
        "starter_training": 1,  # the district office's, 10 Sep
        "experience_gathering": 0,
        "other": 0,
    }
    assert ost.events_by_month == series(feb=1, sep=1, oct=1)


def test_monthly_series_counted_by_hand(ost):
    assert ost.enquiries_by_month == series(jan=2, feb=1, apr=2, jul=1, oct=1, nov=2)
    assert ost.answered_by_month == series(jan=2, feb=1, apr=1)
    # g1 first recorded starting 10 March (and running in May: counted once); g5
    # recorded running 1 May; g2 has no record, its status changed 20 June.
    assert ost.groups_started_by_month == series(mar=1, may=1, jun=1)


def test_headline_figures(ost):
    assert ost.headline == {
        "contact_points": 3,  # Alfa, Beta, Delta approved
        "pending": 1,
        "quiet": 1,
        "groups_meeting": 3,
        "groups_started": 3,
        "enquiries": 9,
        "answered": 4,
        "events": 3,
        "median_response": 37 * H,  # of 2, 26, 48 and 50 hours
    }


def test_median_without_postgresql_is_the_same(ost, monkeypatch):
    """SQLite (make run) has no percentile_cont; the fallback gives the same answers."""
    postgres = ost
    sqlite = Dashboard(scope=postgres.scope, now=NOW)
    monkeypatch.setattr(oversight, "connection", SimpleNamespace(vendor="sqlite"))
    assert [row.median_response for row in sqlite.contact_points] == [
        row.median_response for row in postgres.contact_points
    ]
    assert sqlite.median_response == postgres.median_response == 37 * H


def test_other_regions_admin_sees_only_their_region(world):
    user = UserFactory()
    world["vest"].admins.add(user)
    vest = board_for(user)
    assert [row.name for row in vest.contact_points] == ["Vest"]
    assert sum(vest.enquiries_by_month) == 7
    assert vest.starters["roster"] == 1
    assert {row.name for row in vest.municipalities} >= {"Bergen"}
    assert "Oslo - Oslove" not in {row.name for row in vest.municipalities}
    assert {value: n for value, _l, n in vest.event_kinds}["starter_training"] == 1


def test_region_admin_asking_for_another_region_gets_404(world, ost_admin):
    from django.http import Http404

    with pytest.raises(Http404):
        board_for(ost_admin, region=world["vest"].pk)


def test_national_admin_sees_all_regions_or_one(world):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    everything = board_for(superuser)
    assert [row.name for row in everything.contact_points] == [
        "Alfa",
        "Beta",
        "Delta",
        "Gamma",
        "Vest",
    ]
    assert sum(everything.enquiries_by_month) == 16
    assert len(everything.municipalities) == 357  # the whole country
    assert {v: n for v, _l, n in everything.event_kinds}["starter_training"] == 2

    vest = board_for(superuser, region=world["vest"].pk)
    assert [row.name for row in vest.contact_points] == ["Vest"]


def test_admin_of_two_regions_sees_both_together(world, ost_admin):
    world["vest"].admins.add(ost_admin)
    both = board_for(ost_admin)
    assert both.scope.region is None
    assert [row.name for row in both.contact_points] == ["Alfa", "Beta", "Delta", "Gamma", "Vest"]
    only_ost = board_for(ost_admin, region=world["ost"].pk)
    assert sum(only_ost.enquiries_by_month) == 9


def test_enquiry_answered_before_the_period_counts_for_last_activity_only(ost):
    late = Enquiry.objects.get(created_at=at(2025, 10, 1, 10))
    assert late.first_response_at == at(2025, 10, 2, 10)
    assert sum(ost.answered_by_month) == 4  # not counted in the period


def test_contact_point_onboarding_steps_done_counted(ost_admin):
    from contactpoints.models import ContactPoint, OnboardingStep

    gamma = ContactPoint.objects.get(name="Gamma")
    # Pending, no group, no event, no partners: only "a person responsible" shows in the data.
    assert by_name(board_for(ost_admin).contact_points)["Gamma"].onboarding_done == 1

    for step in (OnboardingStep.Step.ANCHORING, OnboardingStep.Step.WORK_PLAN):
        OnboardingStep.objects.create(contact_point=gamma, step=step)
    ContactPoint.objects.filter(pk=gamma.pk).update(partners="Frivilligsentralen, NAV")

    assert by_name(board_for(ost_admin).contact_points)["Gamma"].onboarding_done == 4
