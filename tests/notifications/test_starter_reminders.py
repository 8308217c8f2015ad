"""Reminders to starters before their meetings: when, how often, to whom (time travel)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from contactpoints.models import Membership
from groups.models import GroupMeeting, SelfHelpGroup, StarterAssignment
from notifications.models import OutboxMessage
from notifications.scanners import run_all, starters
from tests.factories import (
    ContactPointFactory,
    GroupMeetingFactory,
    MembershipFactory,
    SelfHelpGroupFactory,
    StarterAssignmentFactory,
    StarterFactory,
    UserFactory,
)
from tests.helpers import run_at_once

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
UTC = datetime.UTC


def oslo(*parts):
    return datetime.datetime(*parts, tzinfo=OSLO)


# A Thursday evening in June (summer time): 48 h before is Tuesday 18:00, the morning
# reminder Thursday 07:00.
MEETING = oslo(2026, 6, 11, 18, 0)
ASSIGNED = oslo(2026, 6, 1, 10, 0)
AHEAD_DUE = oslo(2026, 6, 9, 18, 0)
MORNING_DUE = oslo(2026, 6, 11, 7, 0)
MINUTE = datetime.timedelta(minutes=1)


def assign(
    starts_at=MEETING,
    *,
    assigned_at=ASSIGNED,
    hours=48,
    morning=True,
    starter=None,
    group=None,
    **assignment_fields,
):
    with time_machine.travel(assigned_at, tick=False):
        if group is None:
            contact_point = ContactPointFactory(
                starter_reminder_hours=hours, starter_reminder_morning=morning, phone="75000000"
            )
            group = SelfHelpGroupFactory(
                contact_point=contact_point, venue_name="Kvartershuset", venue_address="Storgata 1"
            )
        meeting = GroupMeetingFactory(group=group, starts_at=starts_at)
        starter = starter or StarterFactory(contact_point=group.contact_point)
        return StarterAssignmentFactory(meeting=meeting, starter=starter, **assignment_fields)


def scan_at(moment):
    with time_machine.travel(moment, tick=False):
        return starters.scan(now=timezone.now())


def keys():
    return sorted(
        OutboxMessage.objects.filter(reason__startswith="starter_").values_list("key", flat=True)
    )


def ahead(assignment, hours=48, starts_at=None):
    return starters.ahead_key(assignment.pk, hours, starts_at or assignment.meeting.starts_at)


def morning(assignment, starts_at=None):
    return starters.morning_key(assignment.pk, starts_at or assignment.meeting.starts_at)


# --- keys ------------------------------------------------------------------------------


def test_starter_reminder_keys_name_the_meeting_time_in_utc():
    assignment = assign()

    assert ahead(assignment) == f"starter-reminder:{assignment.pk}:48h:20260611T1600Z"
    assert morning(assignment) == f"starter-morning:{assignment.pk}:20260611T1600Z"


# --- the ahead reminder -------------------------------------------------------------


def test_starter_reminder_not_due_before_48_hours():
    assign()

    assert scan_at(AHEAD_DUE - MINUTE) == 0
    assert keys() == []


def test_starter_reminder_due_at_48_hours():
    assignment = assign()

    assert scan_at(AHEAD_DUE) == 1

    message = OutboxMessage.objects.get()
    assert message.key == ahead(assignment)
    assert message.reason == "starter_reminder"
    assert message.recipient == assignment.starter.email
    assert message.channel == OutboxMessage.Channel.EMAIL
    assert "Kvartershuset, Storgata 1" in message.body_text
    link = settings.SITE_URL + reverse("starters:respond", kwargs={"token": assignment.token})
    assert link in message.body_text
    assert link in message.body_html


def test_starter_reminder_message_is_neutral_and_in_bokmal():
    assignment = assign()
    MembershipFactory(
        contact_point=assignment.meeting.group.contact_point,
        role=Membership.Role.MANAGER,
        user=UserFactory(full_name="Kari Leder"),
    )

    scan_at(AHEAD_DUE)

    message = OutboxMessage.objects.get()
    with translation.override("nb"):
        assert message.subject == gettext("Reminder: you have a group meeting")
        assert gettext("Managers") + ": Kari Leder" in message.body_text
        # Not answered yet: the reminder asks for an answer.
        assert gettext("You have not told us yet whether you can come. Please answer here:") in (
            message.body_text
        )
    assert assignment.meeting.group.title not in message.subject
    assert "75000000" in message.body_text


def test_starter_reminder_confirmed_starter_is_not_asked_again():
    assign(response=StarterAssignment.Response.CONFIRMED)

    scan_at(AHEAD_DUE)

    with translation.override("nb"):
        assert gettext("If you cannot come after all, please tell us here:") in (
            OutboxMessage.objects.get().body_text
        )


def test_starter_reminder_not_twice():
    assignment = assign()

    assert scan_at(AHEAD_DUE) == 1
    assert scan_at(AHEAD_DUE + 5 * MINUTE) == 0
    assert scan_at(AHEAD_DUE + 6 * 60 * MINUTE) == 0

    assert keys() == [ahead(assignment)]
    # The database leaves out what is queued: a pass reads nothing it will not send.
    assert not starters.due_assignments(now=AHEAD_DUE + 5 * MINUTE).exists()


def test_starter_reminder_sql_key_matches_python_key():
    assignment = assign(starts_at=oslo(2026, 12, 3, 9, 5))

    row = (
        starters.due_assignments(now=oslo(2026, 12, 2, 9, 0))
        .values("ahead_key", "morning_key")
        .get()
    )

    assert row == {"ahead_key": ahead(assignment), "morning_key": morning(assignment)}


def test_starter_reminder_sent_late_after_missed_scans():
    assignment = assign()

    # The scanner was down from before Tuesday 18:00 until Wednesday noon.
    assert scan_at(oslo(2026, 6, 10, 12, 0)) == 1

    assert keys() == [ahead(assignment)]


def test_starter_reminder_not_after_meeting_started():
    assign(hours=48, morning=False)

    assert scan_at(MEETING) == 0
    assert scan_at(MEETING + 10 * MINUTE) == 0
    assert keys() == []


def test_starter_reminder_not_for_declined_assignment():
    assign(response=StarterAssignment.Response.DECLINED)

    assert scan_at(AHEAD_DUE) == 0
    assert scan_at(MORNING_DUE) == 0


def test_starter_reminder_not_for_cancelled_meeting():
    assignment = assign()
    GroupMeeting.objects.filter(pk=assignment.meeting_id).update(is_cancelled=True)

    assert scan_at(AHEAD_DUE) == 0
    assert scan_at(MORNING_DUE) == 0


def test_starter_reminder_not_for_inactive_starter():
    assignment = assign()
    assignment.starter.is_active = False
    assignment.starter.save()

    assert scan_at(AHEAD_DUE) == 0


def test_starter_reminder_not_for_closed_group():
    assignment = assign()
    SelfHelpGroup.objects.filter(pk=assignment.meeting.group_id).update(
        status=SelfHelpGroup.Status.CLOSED, open_for_new_members=False
    )

    assert scan_at(AHEAD_DUE) == 0


def test_starter_reminder_resumes_when_declined_then_confirmed():
    assignment = assign(response=StarterAssignment.Response.DECLINED)
    assert scan_at(AHEAD_DUE) == 0

    StarterAssignment.objects.filter(pk=assignment.pk).update(
        response=StarterAssignment.Response.CONFIRMED
    )

    assert scan_at(AHEAD_DUE + 60 * MINUTE) == 1
    assert keys() == [ahead(assignment)]


def test_starter_reminder_not_when_assigned_after_it_was_due():
    # Assigned on Wednesday: the assignment message, just sent, gave the details.
    assignment = assign(assigned_at=oslo(2026, 6, 10, 9, 0))

    assert scan_at(oslo(2026, 6, 10, 9, 5)) == 0
    assert scan_at(MORNING_DUE) == 1
    assert keys() == [morning(assignment)]


def test_starter_reminder_hours_set_by_contact_point():
    assignment = assign(hours=24, morning=False)

    assert scan_at(oslo(2026, 6, 10, 17, 59)) == 0
    assert scan_at(oslo(2026, 6, 10, 18, 0)) == 1
    assert keys() == [ahead(assignment, hours=24)]


def test_starter_reminder_hours_zero_sends_morning_only():
    assignment = assign(hours=0)

    assert scan_at(AHEAD_DUE) == 0
    assert scan_at(MORNING_DUE) == 1
    assert keys() == [morning(assignment)]


def test_starter_reminder_no_morning_when_turned_off():
    assignment = assign(morning=False)

    scan_at(AHEAD_DUE)
    assert scan_at(MORNING_DUE) == 0
    assert scan_at(MEETING - MINUTE) == 0
    assert keys() == [ahead(assignment)]


def test_starter_reminder_none_when_both_turned_off():
    assign(hours=0, morning=False)

    for moment in (AHEAD_DUE, MORNING_DUE, MEETING - MINUTE):
        assert scan_at(moment) == 0
    assert keys() == []


# --- the morning reminder -----------------------------------------------------------


def test_starter_morning_reminder_due_from_seven():
    assignment = assign()
    scan_at(AHEAD_DUE)

    assert scan_at(MORNING_DUE - MINUTE) == 0
    assert scan_at(MORNING_DUE) == 1

    message = OutboxMessage.objects.get(key=morning(assignment))
    assert message.reason == "starter_morning"
    with translation.override("nb"):
        assert gettext("A reminder: you are coming as a starter to this group meeting today.") in (
            message.body_text
        )
    assert keys() == sorted([ahead(assignment), morning(assignment)])


def test_starter_morning_reminder_not_twice():
    assign()
    scan_at(AHEAD_DUE)

    assert scan_at(MORNING_DUE) == 1
    assert scan_at(MORNING_DUE + 5 * MINUTE) == 0
    assert scan_at(MEETING - MINUTE) == 0
    assert OutboxMessage.objects.count() == 2


def test_starter_morning_reminder_not_for_meeting_before_seven():
    assignment = assign(starts_at=oslo(2026, 6, 11, 6, 30))

    assert scan_at(oslo(2026, 6, 9, 6, 30)) == 1
    assert scan_at(oslo(2026, 6, 11, 6, 29)) == 0
    assert keys() == [ahead(assignment)]


def test_starter_morning_reminder_not_for_meeting_at_seven():
    assign(starts_at=oslo(2026, 6, 11, 7, 0), hours=0)

    assert scan_at(oslo(2026, 6, 11, 6, 59)) == 0
    assert keys() == []


def test_starter_missed_ahead_reminder_gives_way_to_morning():
    # The scanner was down from Tuesday afternoon to Thursday 07:30: one reminder, not two.
    assignment = assign()

    assert scan_at(oslo(2026, 6, 11, 7, 30)) == 1
    assert scan_at(oslo(2026, 6, 11, 8, 0)) == 0
    assert keys() == [morning(assignment)]


# --- two reminders less than 3 hours apart are one ----------------------------------


def test_starter_reminders_at_same_moment_send_the_ahead_one():
    # 12 hours before 19:00 is 07:00, the morning reminder's time: one, the ahead one.
    assignment = assign(starts_at=oslo(2026, 6, 11, 19, 0), hours=12)

    assert scan_at(oslo(2026, 6, 11, 7, 0)) == 1
    assert scan_at(oslo(2026, 6, 11, 12, 0)) == 0
    assert keys() == [ahead(assignment, hours=12)]


def test_starter_reminders_close_together_send_the_earlier():
    # 10 hours before 18:00 is 08:00, an hour after the morning reminder: the morning one.
    assignment = assign(hours=10)

    assert scan_at(MORNING_DUE) == 1
    assert scan_at(oslo(2026, 6, 11, 8, 0)) == 0
    assert scan_at(oslo(2026, 6, 11, 17, 0)) == 0
    assert keys() == [morning(assignment)]


def test_starter_reminders_three_hours_apart_both_sent():
    # 8 hours before 18:00 is 10:00, three hours after the morning reminder: both.
    assignment = assign(hours=8)

    assert scan_at(MORNING_DUE) == 1
    assert scan_at(oslo(2026, 6, 11, 9, 59)) == 0
    assert scan_at(oslo(2026, 6, 11, 10, 0)) == 1
    assert keys() == sorted([ahead(assignment, hours=8), morning(assignment)])


# --- a meeting moved to another time ------------------------------------------------


def test_starter_reminder_due_again_for_moved_meeting():
    assignment = assign()
    assert scan_at(AHEAD_DUE) == 1
    moved_to = oslo(2026, 6, 12, 18, 0)
    GroupMeeting.objects.filter(pk=assignment.meeting_id).update(starts_at=moved_to)

    assert scan_at(AHEAD_DUE + 60 * MINUTE) == 0
    assert scan_at(oslo(2026, 6, 10, 18, 0)) == 1

    new_key = ahead(assignment, starts_at=moved_to)
    assert keys() == sorted([ahead(assignment, starts_at=MEETING), new_key])
    assert "12. juni" in OutboxMessage.objects.get(key=new_key).body_text


def test_starter_reminder_moved_later_on_the_day_reminds_with_new_time():
    assignment = assign()
    scan_at(AHEAD_DUE)
    scan_at(MORNING_DUE)
    GroupMeeting.objects.filter(pk=assignment.meeting_id).update(starts_at=oslo(2026, 6, 11, 19, 0))

    assert scan_at(oslo(2026, 6, 11, 10, 0)) == 1
    assert scan_at(oslo(2026, 6, 11, 10, 5)) == 0

    newest = OutboxMessage.objects.get(key=morning(assignment, starts_at=oslo(2026, 6, 11, 19, 0)))
    assert "19:00" in newest.body_text
    assert OutboxMessage.objects.count() == 3


# --- summer time --------------------------------------------------------------------


def test_starter_reminder_after_october_change_at_right_utc_instant():
    # Summer time ends Sunday 25 October 2026. Monday 18:00 CET is 17:00 UTC; 48 real
    # hours before is Saturday 17:00 UTC (19:00 summer time).
    assignment = assign(
        starts_at=oslo(2026, 10, 26, 18, 0), assigned_at=oslo(2026, 10, 1, 12, 0), morning=False
    )
    due = datetime.datetime(2026, 10, 24, 17, 0, tzinfo=UTC)

    assert scan_at(due - MINUTE) == 0
    assert scan_at(due) == 1
    assert keys() == [f"starter-reminder:{assignment.pk}:48h:20261026T1700Z"]


def test_starter_reminder_after_march_change_at_right_utc_instant():
    # Summer time starts Sunday 29 March 2026. Monday 18:00 CEST is 16:00 UTC; 48 real
    # hours before is Saturday 16:00 UTC (17:00 winter time).
    assignment = assign(starts_at=oslo(2026, 3, 30, 18, 0), assigned_at=oslo(2026, 3, 1, 12, 0))
    due = datetime.datetime(2026, 3, 28, 16, 0, tzinfo=UTC)

    assert scan_at(due - MINUTE) == 0
    assert scan_at(due) == 1
    assert keys() == [f"starter-reminder:{assignment.pk}:48h:20260330T1600Z"]


def test_starter_morning_reminder_after_march_change_at_seven_summer_time():
    assignment = assign(
        starts_at=oslo(2026, 3, 30, 18, 0), assigned_at=oslo(2026, 3, 1, 12, 0), hours=0
    )
    seven = datetime.datetime(2026, 3, 30, 5, 0, tzinfo=UTC)  # 07:00 CEST

    assert scan_at(seven - MINUTE) == 0
    assert scan_at(seven) == 1
    assert keys() == [morning(assignment)]


# --- channels -----------------------------------------------------------------------


def test_starter_reminder_by_sms_without_email():
    assignment = assign(
        starter=None,
        hours=48,
    )
    assignment.starter.email = ""
    assignment.starter.phone = "+4791234567"
    assignment.starter.save()

    scan_at(AHEAD_DUE)
    scan_at(MORNING_DUE)

    messages = OutboxMessage.objects.order_by("created_at", "pk")
    assert [m.channel for m in messages] == ["sms", "sms"]
    assert {m.recipient for m in messages} == {"+4791234567"}
    link = settings.SITE_URL + reverse("starters:respond", kwargs={"token": assignment.token})
    for message in messages:
        assert link in message.body_text
        assert assignment.meeting.group.title not in message.body_text
        assert "Kvartershuset" not in message.body_text
        assert len(message.body_text) < 200
    assert "18:00" in messages[1].body_text


# --- many at once, and racing scanners ----------------------------------------------


def test_starter_reminder_scan_queries_do_not_grow_with_assignments(
    django_assert_max_num_queries,
):
    for _ in range(3):
        assign()
    with time_machine.travel(AHEAD_DUE, tick=False), django_assert_max_num_queries(30) as ctx:
        assert starters.scan(now=timezone.now()) == 3
    three = len(ctx.captured_queries)

    OutboxMessage.objects.all().delete()
    for _ in range(7):
        assign()
    with time_machine.travel(AHEAD_DUE, tick=False), django_assert_max_num_queries(80) as ctx:
        assert starters.scan(now=timezone.now()) == 10
    # Finding what is due is a fixed number of queries; each message is then one
    # get_or_create in savepoints (6 statements inside the test's transaction).
    per_message = (len(ctx.captured_queries) - three) / 7
    assert per_message == 6


def test_starter_reminder_run_all_includes_scanner():
    assignment = assign()

    with time_machine.travel(AHEAD_DUE, tick=False):
        result = run_all(now=timezone.now())

    assert result["notifications.scanners.starters.scan"] == 1
    assert ahead(assignment) in keys()


@pytest.mark.django_db(transaction=True)
def test_starter_reminder_concurrent_scans_queue_once(reference_data):
    for _ in range(5):
        assign()
    with time_machine.travel(AHEAD_DUE, tick=False):
        results = run_at_once(lambda: starters.scan(now=AHEAD_DUE))

    assert sum(results) == 5
    assert OutboxMessage.objects.filter(reason="starter_reminder").count() == 5
