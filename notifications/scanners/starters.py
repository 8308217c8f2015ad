"""Reminders to starters before the group meetings they are assigned to.

Two reminders per assignment, each set by the group's contact point:

- *ahead*: ``starter_reminder_hours`` before the meeting (default 48; 0 turns it off),
  counted in real hours, so across a change to or from summer time it comes at the
  same UTC instant as the arithmetic says, not at the same wall-clock time;
- *morning*: from 07:00 Europe/Oslo on the day of the meeting
  (``starter_reminder_morning``), only for meetings after 07:00.

Rules where they meet:

- Two reminders due less than 3 hours apart are one: the earlier is sent (a tie goes
  to the ahead reminder), the later never.
- A reminder that was already due when the starter was assigned is not sent: the
  assignment message, minutes old, gave the same details.
- A late reminder (the scanner did not run for a while) is still sent until the meeting
  starts, but when several are due at once only the latest is: a 48-hour reminder at
  07:05 on the day, next to the morning one, would be noise.
- Declined assignments, inactive starters, cancelled meetings, closed groups and
  meetings that have started get nothing.

Keys name the meeting's start time, so a meeting moved to another time is a new
occurrence and its reminders are due again for the new time:
``starter-reminder:<assignment id>:<hours>h:<starts_at UTC>`` and
``starter-morning:<assignment id>:<starts_at UTC>`` (the stamp gives the date).
"""

import datetime

from django.db.models import CharField, Exists, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from contactpoints.models import ContactPoint, Membership
from groups.models import SelfHelpGroup, StarterAssignment
from groups.services import starter_message_queue
from notifications.models import OutboxMessage
from notifications.scanners.stamps import utc_stamp, utc_stamp_sql

MORNING_AT = datetime.time(7, 0)
CLOSE_TOGETHER = datetime.timedelta(hours=3)
ONE_DAY = datetime.timedelta(days=1)
CHUNK = 500

AHEAD = "starter_reminder"
MORNING = "starter_morning"


def ahead_key(assignment_id, hours, starts_at):
    return f"starter-reminder:{assignment_id}:{hours}h:{utc_stamp(starts_at)}"


def morning_key(assignment_id, starts_at):
    return f"starter-morning:{assignment_id}:{utc_stamp(starts_at)}"


def _local_moment(day, at):
    return timezone.make_aware(datetime.datetime.combine(day, at), timezone.get_default_timezone())


def reminder_times(*, starts_at, hours, morning):
    """The reminders of one meeting as [(due, reason)], after the 3-hour rule."""
    times = []
    if hours > 0:
        times.append((starts_at - datetime.timedelta(hours=hours), AHEAD))
    local_start = timezone.localtime(starts_at, timezone.get_default_timezone())
    if morning and local_start.time() > MORNING_AT:
        times.append((_local_moment(local_start.date(), MORNING_AT), MORNING))
    times.sort(key=lambda item: (item[0], item[1] != AHEAD))
    if len(times) == 2 and times[1][0] - times[0][0] < CLOSE_TOGETHER:
        times = times[:1]
    return times


def reminder_due(*, starts_at, hours, morning, assigned_at, now):
    """The reason of the reminder to send now for one assignment, or None."""
    if now >= starts_at:
        return None
    due = [
        (at, reason)
        for at, reason in reminder_times(starts_at=starts_at, hours=hours, morning=morning)
        if assigned_at < at <= now
    ]
    return due[-1][1] if due else None


def due_assignments(*, now):
    """Assignments with a reminder that may be due and is not queued yet.

    Bounded by time: meetings from now up to the longest ahead time in use. The final
    word on each row is ``reminder_due``; this narrows it down in the database.
    """
    contact_point = "meeting__group__contact_point__"
    hours_in_use = list(
        ContactPoint.objects.filter(starter_reminder_hours__gt=0)
        .order_by()
        .values_list("starter_reminder_hours", flat=True)
        .distinct()
    )
    # The meetings' index range: as far ahead as any reminder reaches (the morning one
    # only today), so the planner sees how few meetings are in play.
    horizon = now + max(datetime.timedelta(hours=max(hours_in_use, default=0)), ONE_DAY)
    ahead_due = Q(pk__in=[])
    for hours in hours_in_use:
        ahead_due |= Q(
            **{f"{contact_point}starter_reminder_hours": hours},
            meeting__starts_at__lte=now + datetime.timedelta(hours=hours),
        )
    today = timezone.localtime(now, timezone.get_default_timezone()).date()
    morning_due = Q(pk__in=[])
    if now >= _local_moment(today, MORNING_AT):
        morning_due = Q(
            **{f"{contact_point}starter_reminder_morning": True},
            meeting__starts_at__lt=_local_moment(today + ONE_DAY, datetime.time()),
        )
    stamp = utc_stamp_sql("meeting__starts_at")
    return (
        StarterAssignment.objects.filter(
            meeting__starts_at__gt=now,
            meeting__starts_at__lte=horizon,
            meeting__is_cancelled=False,
            starter__is_active=True,
        )
        .exclude(response=StarterAssignment.Response.DECLINED)
        .exclude(meeting__group__status=SelfHelpGroup.Status.CLOSED)
        .annotate(
            ahead_key=Concat(
                Value("starter-reminder:"),
                Cast("pk", CharField()),
                Value(":"),
                Cast(f"{contact_point}starter_reminder_hours", CharField()),
                Value("h:"),
                stamp,
                output_field=CharField(),
            ),
            morning_key=Concat(
                Value("starter-morning:"),
                Cast("pk", CharField()),
                Value(":"),
                stamp,
                output_field=CharField(),
            ),
        )
        .annotate(
            ahead_queued=Exists(OutboxMessage.objects.filter(key=OuterRef("ahead_key"))),
            morning_queued=Exists(OutboxMessage.objects.filter(key=OuterRef("morning_key"))),
        )
        .filter((ahead_due & Q(ahead_queued=False)) | (morning_due & Q(morning_queued=False)))
    )


def scan(*, now):
    """Queue the starter reminders due at ``now``; returns how many were queued."""
    assignments = (
        due_assignments(now=now)
        .select_related("starter", "meeting__group__contact_point", "meeting__group__municipality")
        .prefetch_related(
            Prefetch(
                "meeting__group__contact_point__memberships",
                queryset=Membership.objects.filter(role=Membership.Role.MANAGER).select_related(
                    "user"
                ),
                to_attr="manager_memberships",
            )
        )
        .order_by("meeting__starts_at", "pk")
    )
    queued = 0
    for assignment in assignments.iterator(chunk_size=CHUNK):
        meeting = assignment.meeting
        contact_point = meeting.group.contact_point
        hours = contact_point.starter_reminder_hours
        reason = reminder_due(
            starts_at=meeting.starts_at,
            hours=hours,
            morning=contact_point.starter_reminder_morning,
            assigned_at=assignment.assigned_at,
            now=now,
        )
        if reason == AHEAD and not assignment.ahead_queued:
            key = ahead_key(assignment.pk, hours, meeting.starts_at)
        elif reason == MORNING and not assignment.morning_queued:
            key = morning_key(assignment.pk, meeting.starts_at)
        else:
            continue
        message = starter_message_queue(
            assignment=assignment,
            reason=reason,
            key=key,
            template="starter_reminder",
            context={"is_morning": reason == MORNING},
        )
        queued += message is not None
    return queued
