"""Assigning starters to group meetings, their answers, and the messages they get.

A starter (igangsetter) often has no account: everything reaches them by email, or by
SMS when the roster has only a phone number, with a secret link to confirm or decline.
"""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from contactpoints.models import Membership, Starter
from groups import lifecycle
from groups.models import GroupMeeting, GroupStatusChange, SelfHelpGroup, StarterAssignment
from notifications.models import OutboxMessage
from notifications.services import message_queue
from selvhjelp.concurrency import version_claim
from selvhjelp.slugs import unique_slug


def _region_id(contact_point):
    county = contact_point.municipality.county
    region_county = getattr(county, "region_county", None)
    return region_county.region_id if region_county else None


def _starter_may_serve(*, starter, group):
    """A starter serves their own contact point, or any in their region if shared."""
    if starter.contact_point_id == group.contact_point_id:
        return True
    if not starter.shared_in_region:
        return False
    own = _region_id(starter.contact_point)
    return own is not None and own == _region_id(group.contact_point)


def starter_assign(*, meeting, starter, notify=True):
    """Assign a starter to a group meeting and tell them, with a confirm/decline link.

    The assignment and its message are written in one transaction: both or neither.
    With ``notify=False`` the caller sends the message (``starter_assign_all`` sends
    one for several meetings).
    Raises ValidationError for a starter of another contact point (unless shared in
    the same region), an inactive starter, one who already declined this meeting or is
    already assigned, and for a cancelled or past meeting.
    """
    with transaction.atomic():
        meeting = (
            GroupMeeting.objects.select_for_update(of=("self",))
            .select_related(
                "group__contact_point__municipality__county__region_county",
                "group__municipality",
            )
            .get(pk=meeting.pk)
        )
        starter = Starter.objects.select_related(
            "contact_point__municipality__county__region_county"
        ).get(pk=starter.pk)
        if meeting.is_cancelled:
            raise ValidationError(_("This meeting is cancelled."), code="meeting_cancelled")
        if meeting.starts_at <= timezone.now():
            raise ValidationError(_("This meeting has already started."), code="meeting_past")
        if meeting.group.status == SelfHelpGroup.Status.CLOSED:
            raise ValidationError(_("This group is closed."), code="group_closed")
        if not starter.is_active:
            raise ValidationError(
                _("This starter is no longer active on the roster."), code="starter_inactive"
            )
        if not _starter_may_serve(starter=starter, group=meeting.group):
            raise ValidationError(
                _("This starter belongs to another contact point and is not shared with yours."),
                code="starter_elsewhere",
            )
        existing = StarterAssignment.objects.filter(meeting=meeting, starter=starter).first()
        if existing is not None:
            if existing.response == StarterAssignment.Response.DECLINED:
                raise ValidationError(
                    _("This starter has declined this meeting."), code="starter_declined"
                )
            raise ValidationError(
                _("This starter is already assigned to the meeting."), code="duplicate"
            )
        try:
            with transaction.atomic():
                assignment = StarterAssignment.objects.create(meeting=meeting, starter=starter)
        except IntegrityError as error:  # the same assignment made at the same moment
            raise ValidationError(
                _("This starter is already assigned to the meeting."), code="duplicate"
            ) from error
        if notify:
            _starter_assigned_message(assignment)
    return assignment


def _starter_assigned_message(assignment):
    return starter_message_queue(
        assignment=assignment,
        reason="starter_assigned",
        key=f"starter-assigned:{assignment.pk}",
        template="starter_assigned",
    )


def assignment_respond(*, assignment, response):
    """Record a starter's answer (confirmed or declined); answering again changes it.

    Raises ValidationError for an unknown answer and once the meeting is cancelled or
    has started.
    """
    if response not in (StarterAssignment.Response.CONFIRMED, StarterAssignment.Response.DECLINED):
        raise ValidationError(_("Choose whether you can come or not."), code="invalid_response")
    with transaction.atomic():
        assignment = (
            StarterAssignment.objects.select_for_update(of=("self",))
            .select_related("meeting")
            .get(pk=assignment.pk)
        )
        if assignment.meeting.is_cancelled:
            raise ValidationError(_("This meeting is cancelled."), code="meeting_cancelled")
        if assignment.meeting.starts_at <= timezone.now():
            raise ValidationError(_("This meeting has already started."), code="meeting_past")
        assignment.response = response
        assignment.responded_at = timezone.now()
        assignment.save(update_fields=["response", "responded_at"])
    return assignment


def starter_message_context(assignment):
    """What every message to a starter shows: the meeting, where, and whom to call.

    The venue is given even when it is not public: the starter needs it. Managers
    prefetched as ``contact_point.manager_memberships`` are used as they are.
    """
    meeting = assignment.meeting
    group = meeting.group
    contact_point = group.contact_point
    memberships = getattr(contact_point, "manager_memberships", None)
    if memberships is None:
        memberships = contact_point.memberships.filter(role=Membership.Role.MANAGER).select_related(
            "user"
        )
    managers = [m.user.full_name for m in memberships if m.user.full_name]
    return {
        "assignment": assignment,
        "starter": assignment.starter,
        "meeting": meeting,
        "group": group,
        "contact_point": contact_point,
        "managers": sorted(managers),
        "is_remote": group.format != SelfHelpGroup.Format.IN_PERSON,
        "respond_url": settings.SITE_URL
        + reverse("starters:respond", kwargs={"token": assignment.token}),
    }


def starter_message_queue(*, assignment, reason, key, template, context=None):
    """Queue a message to a starter: by email if the roster has one, else by SMS.

    Starters have no language setting, so messages are in bokmål.
    """
    starter = assignment.starter
    channel = OutboxMessage.Channel.EMAIL if starter.email else OutboxMessage.Channel.SMS
    return message_queue(
        to=starter.email or starter.phone,
        reason=reason,
        key=key,
        template=template,
        context={**starter_message_context(assignment), **(context or {})},
        channel=channel,
    )


# --- The staff workspace: groups, their first meetings, and their starters ----------

# slugify() drops æ, ø and å; spelled out, "Sorg på Tøyen" becomes "sorg-pa-toyen".
GROUP_FIELDS = (
    "title",
    "description",
    "kind",
    "format",
    "municipality",
    "venue_name",
    "venue_address",
    "show_venue_publicly",
    "weekday",
    "start_time",
    "frequency",
    "planned_start",
    "open_for_new_members",
)
MAX_GENERATED_MEETINGS = 12


def _status_record(*, group, from_status, to_status, reason, effective_on, user):
    return GroupStatusChange.objects.create(
        group=group,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        effective_on=effective_on,
        changed_by=user if user and user.is_authenticated else None,
    )


def _group_save_new(*, group, topics, user):
    """Save a new group with a unique slug, its topics and the first line of its history."""
    now = timezone.now()
    group.status = SelfHelpGroup.Status.PLANNED
    group.status_changed_at = now
    for _attempt in range(3):
        group.slug = unique_slug(SelfHelpGroup.objects.all(), group.title, fallback="gruppe")
        group.full_clean(exclude=["contact_point"])
        try:
            with transaction.atomic():
                group.save()
        except IntegrityError:  # someone took the same slug at the same moment
            group.pk = None
            continue
        break
    else:
        raise ValidationError(_("Please try again."), code="slug_taken")
    group.topics.set(topics)
    _status_record(
        group=group,
        from_status="",
        to_status=group.status,
        reason="",
        effective_on=timezone.localdate(now),
        user=user,
    )
    return group


def group_create(*, contact_point, fields, topics, user):
    """Create a planned group of ``contact_point`` from the workspace form's fields.

    ``fields`` maps the names in ``GROUP_FIELDS`` to values. Creating counts as
    confirming the listing.
    """
    with transaction.atomic():
        group = SelfHelpGroup(contact_point=contact_point, **fields)
        group.confirmed_at = timezone.now()
        return _group_save_new(group=group, topics=topics, user=user)


def group_update(*, group, version, fields, topics, user):
    """Save staff's edit of a group, if nobody saved it since they opened the form.

    Raises ``EditConflict`` (a ValidationError) when the version has moved on, and
    ValidationError for fields that break the group's rules. Saving confirms the
    listing ("still correct?").
    """
    with transaction.atomic():
        new_version = version_claim(SelfHelpGroup, pk=group.pk, version=version)
        group = SelfHelpGroup.objects.select_for_update().get(pk=group.pk)
        for name, value in fields.items():
            setattr(group, name, value)
        group.version = new_version
        group.confirmed_at = timezone.now()
        group.full_clean(exclude=["contact_point"])
        group.save()
        group.topics.set(topics)
    return group


def group_confirm(*, group, user):
    """Staff confirm that the group's listing is still correct (the "stale" flag goes).

    ``updated_at`` moves too: the weekly digest counts stale listings by it.
    """
    now = timezone.now()
    SelfHelpGroup.objects.filter(pk=group.pk).update(confirmed_at=now, updated_at=now)
    group.confirmed_at = now
    return group


def group_status_change(*, group, to_status, reason, effective_on, user):
    """Move a group along its lifecycle (``groups.lifecycle``) and record the step.

    Refuses the same status again, closing a closed group, a step the lifecycle does
    not allow, a missing note when closing (or reason when reopening), and a date in
    the future or before the last recorded step. Closing saves the note as the
    closing note, closes the group to new members and cancels its coming meetings,
    telling their starters. Raises ValidationError, keyed by the form's field names.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        group = SelfHelpGroup.objects.select_for_update().get(pk=group.pk)
        current = group.status
        if to_status not in SelfHelpGroup.Status.values:
            raise ValidationError(
                {"to_status": _("Choose a status from the list.")}, code="invalid_status"
            )
        if to_status == current == SelfHelpGroup.Status.CLOSED:
            raise ValidationError(
                {"to_status": _("This group is already closed.")}, code="already_closed"
            )
        if to_status == current:
            raise ValidationError(
                {"to_status": _("The group already has this status.")}, code="same_status"
            )
        if not lifecycle.transition_allowed(current, to_status):
            raise ValidationError(
                {
                    "to_status": _(
                        "A group cannot go from “%(from)s” to “%(to)s”. Choose one of the "
                        "statuses offered."
                    )
                    % {
                        "from": SelfHelpGroup.Status(current).label,
                        "to": SelfHelpGroup.Status(to_status).label,
                    }
                },
                code="transition_not_allowed",
            )
        if lifecycle.reason_required(current, to_status) and not reason:
            message = (
                _("Write a closing note: why the group closes.")
                if to_status == SelfHelpGroup.Status.CLOSED
                else _("Write why the group is reopened.")
            )
            raise ValidationError({"reason": message}, code="reason_required")
        today = timezone.localdate()
        if effective_on > today:
            raise ValidationError(
                {
                    "effective_on": _(
                        "The date cannot be in the future: record the change when it happens."
                    )
                },
                code="date_future",
            )
        # The line recording the group's creation does not count: a group that has met
        # for years may be registered today and marked running from when it started.
        last = group.status_changes.exclude(from_status="").order_by("-effective_on").first()
        if last is not None and effective_on < last.effective_on:
            raise ValidationError(
                {
                    "effective_on": _(
                        "The date is before the group's last status change (%(date)s)."
                    )
                    % {"date": date_format(last.effective_on, "SHORT_DATE_FORMAT")}
                },
                code="date_before_last",
            )

        update = ["status", "status_changed_at", "version", "updated_at"]
        group.status = to_status
        group.status_changed_at = timezone.now()
        # The status change touches fields of the edit form (closing closes the group
        # to new members): someone editing the group at the same time must be told.
        group.version += 1
        if to_status == SelfHelpGroup.Status.CLOSED:
            group.closing_note = reason
            group.open_for_new_members = False
            update += ["closing_note", "open_for_new_members"]
            for meeting in group.meetings.filter(starts_at__gt=timezone.now(), is_cancelled=False):
                _meeting_cancel(meeting)
        elif current == SelfHelpGroup.Status.CLOSED:
            group.closing_note = ""
            update.append("closing_note")
        group.save(update_fields=update)
        _status_record(
            group=group,
            from_status=current,
            to_status=to_status,
            reason=reason,
            effective_on=effective_on,
            user=user,
        )
    return group


def group_duplicate(*, group, user):
    """A new planned group with the fields and topics of ``group``: no meetings, no
    history but its creation, the title marked as a copy, open for new members, and
    no planned start if the original's has passed. The listing is not confirmed
    until staff edit and save the copy."""
    with transaction.atomic():
        copy = SelfHelpGroup(
            contact_point=group.contact_point,
            **{name: getattr(group, name) for name in GROUP_FIELDS},
        )
        copy.title = (_("%(title)s (copy)") % {"title": group.title})[:200]
        copy.open_for_new_members = True
        if copy.planned_start and copy.planned_start < timezone.localdate():
            copy.planned_start = None  # the original's start has passed
        return _group_save_new(group=copy, topics=list(group.topics.all()), user=user)


def _nth_weekday(year, month, weekday, nth):
    """The ``nth`` (0-based) ``weekday`` of a month, or its last one if there are fewer."""
    first = datetime.date(year, month, 1)
    day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7)
    days_in_month = calendar.monthrange(year, month)[1]
    while nth > 0 and day.day + 7 <= days_in_month:
        day += datetime.timedelta(days=7)
        nth -= 1
    return day


def meeting_dates(*, first_date, count, interval):
    """``count`` dates from ``first_date``: every week, every other week, or monthly on
    the same weekday of the month (the 2nd Tuesday; the last one when a month has
    fewer)."""
    if interval == SelfHelpGroup.Frequency.MONTHLY:
        nth = (first_date.day - 1) // 7
        dates = []
        year, month = first_date.year, first_date.month
        for _number in range(count):
            dates.append(_nth_weekday(year, month, first_date.weekday(), nth))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        dates[0] = first_date
        return dates
    step = 14 if interval == SelfHelpGroup.Frequency.BIWEEKLY else 7
    return [first_date + datetime.timedelta(days=step * n) for n in range(count)]


def group_meetings_generate(*, group, first_date, start_time, count, duration, interval):
    """Create the group's first ``count`` meetings, from ``first_date`` at ``start_time``.

    Times the group already has a meeting at (cancelled or not) are skipped, so
    generating twice does not double them. Returns ``(created, skipped)``: the new
    meetings and the times that already existed. Refuses a closed group, a first
    meeting in the past and more than ``MAX_GENERATED_MEETINGS`` at once.
    """
    if not 1 <= count <= MAX_GENERATED_MEETINGS:
        raise ValidationError(
            {
                "count": _("Choose between 1 and %(max)s meetings.")
                % {"max": MAX_GENERATED_MEETINGS}
            },
            code="count_range",
        )
    if duration <= datetime.timedelta(0):
        raise ValidationError({"duration": _("Choose how long a meeting lasts.")}, code="duration")
    times = [
        timezone.make_aware(datetime.datetime.combine(day, start_time))
        for day in meeting_dates(first_date=first_date, count=count, interval=interval)
    ]
    if times[0] <= timezone.now():
        raise ValidationError(
            {"first_date": _("The first meeting must be in the future.")}, code="meeting_past"
        )
    with transaction.atomic():
        group = SelfHelpGroup.objects.select_for_update().get(pk=group.pk)
        if group.status == SelfHelpGroup.Status.CLOSED:
            raise ValidationError(_("This group is closed."), code="group_closed")
        existing = set(
            group.meetings.filter(starts_at__in=times).values_list("starts_at", flat=True)
        )
        created = [
            GroupMeeting.objects.create(group=group, starts_at=moment, ends_at=moment + duration)
            for moment in times
            if moment not in existing
        ]
    return created, sorted(existing)


def _starter_release(assignment, *, meeting_cancelled):
    """Tell a starter who had not declined that they are not needed at a coming meeting."""
    meeting = assignment.meeting
    if (
        assignment.response == StarterAssignment.Response.DECLINED
        or meeting.starts_at <= timezone.now()
    ):
        return None
    return starter_message_queue(
        assignment=assignment,
        reason="starter_released",
        key=f"starter-released:{assignment.pk}",
        template="starter_released",
        context={"meeting_cancelled": meeting_cancelled},
    )


def _meeting_cancel(meeting):
    """Cancel a meeting inside the caller's transaction; its starters are told and
    their assignments removed (a restored meeting gets starters assigned afresh)."""
    assignments = meeting.assignments.select_related(
        "starter", "meeting__group__contact_point", "meeting__group__municipality"
    )
    for assignment in assignments:
        _starter_release(assignment, meeting_cancelled=True)
    assignments.delete()
    meeting.is_cancelled = True
    meeting.save(update_fields=["is_cancelled"])


def meeting_cancel(*, meeting):
    """Cancel a coming meeting of a group and tell the starters assigned to it."""
    with transaction.atomic():
        meeting = GroupMeeting.objects.select_for_update().get(pk=meeting.pk)
        if meeting.starts_at <= timezone.now():
            raise ValidationError(_("This meeting has already started."), code="meeting_past")
        if meeting.is_cancelled:
            raise ValidationError(_("This meeting is already cancelled."), code="meeting_cancelled")
        _meeting_cancel(meeting)
    return meeting


def meeting_restore(*, meeting):
    """Put a cancelled coming meeting back (starters are then assigned again)."""
    with transaction.atomic():
        meeting = (
            GroupMeeting.objects.select_for_update(of=("self",))
            .select_related("group")
            .get(pk=meeting.pk)
        )
        if meeting.starts_at <= timezone.now():
            raise ValidationError(_("This meeting has already started."), code="meeting_past")
        if not meeting.is_cancelled:
            raise ValidationError(_("This meeting is not cancelled."), code="meeting_not_cancelled")
        if meeting.group.status == SelfHelpGroup.Status.CLOSED:
            raise ValidationError(_("This group is closed."), code="group_closed")
        meeting.is_cancelled = False
        meeting.save(update_fields=["is_cancelled"])
    return meeting


def starter_assign_all(*, group, starter):
    """Assign a starter to every coming meeting of the group that is not cancelled.

    Each meeting goes through ``starter_assign``; the starter gets one message listing
    the meetings, with a confirm/decline link for each (the usual message when it is
    only one). Assignments and message are written in one transaction. Returns
    ``(assigned, refused)``: the new assignments, and ``(meeting, message)`` pairs for
    the meetings the starter could not be assigned to (already there, declined it).
    Raises ValidationError when there is no coming meeting, or when the starter may
    not serve this group at all.
    """
    meetings = list(
        group.meetings.filter(starts_at__gt=timezone.now(), is_cancelled=False).order_by(
            "starts_at"
        )
    )
    if not meetings:
        raise ValidationError(
            _("The group has no coming meetings. Add the first meetings, then assign a starter."),
            code="no_meetings",
        )
    assigned, refused = [], []
    with transaction.atomic():
        for meeting in meetings:
            try:
                assigned.append(starter_assign(meeting=meeting, starter=starter, notify=False))
            except ValidationError as error:
                if error.code in ("duplicate", "starter_declined", "meeting_past"):
                    refused.append((meeting, error.messages[0]))
                    continue
                raise
        if len(assigned) == 1:
            _starter_assigned_message(assigned[0])
        elif assigned:
            starter_message_queue(
                assignment=assigned[0],
                reason="starter_assigned",
                key="starter-assigned:" + "+".join(str(a.pk) for a in assigned),
                template="starter_assigned_many",
                context={
                    "items": [
                        {
                            "meeting": a.meeting,
                            "respond_url": settings.SITE_URL
                            + reverse("starters:respond", kwargs={"token": a.token}),
                        }
                        for a in assigned
                    ]
                },
            )
    return assigned, refused


def starter_unassign(*, assignment):
    """Take a starter off a meeting; a starter who had not declined a coming meeting is
    told they are no longer needed there."""
    with transaction.atomic():
        assignment = (
            StarterAssignment.objects.select_for_update(of=("self",))
            .select_related(
                "starter", "meeting__group__contact_point", "meeting__group__municipality"
            )
            .get(pk=assignment.pk)
        )
        if not assignment.meeting.is_cancelled:
            _starter_release(assignment, meeting_cancelled=False)
        assignment.delete()


def starter_upcoming_release(*, starter):
    """Take a starter off every coming meeting they had not declined, telling them.

    Used when a starter leaves the roster. Returns how many meetings they were taken
    off. Declined assignments stay: they are the record of an answer.
    """
    with transaction.atomic():
        assignments = list(
            StarterAssignment.objects.select_for_update(of=("self",))
            .filter(
                starter=starter,
                meeting__starts_at__gt=timezone.now(),
                meeting__is_cancelled=False,
            )
            .exclude(response=StarterAssignment.Response.DECLINED)
            .select_related(
                "starter", "meeting__group__contact_point", "meeting__group__municipality"
            )
        )
        for assignment in assignments:
            _starter_release(assignment, meeting_cancelled=False)
        StarterAssignment.objects.filter(pk__in=[a.pk for a in assignments]).delete()
    return len(assignments)
