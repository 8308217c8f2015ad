"""The day-before reminder to people registered for an event.

Due from 09:00 Europe/Oslo on the day before the event (by the event's local date),
until the event starts: a scanner that was down at 09:00 still sends it later, even on
the day itself. Only confirmed registrations of published events; people on the
waiting list are told if they move up, and that message gives the details.

A person who registered after 09:00 the day before gets no reminder: their
confirmation, sent at most a day before the event, is reminder enough.

By email, or by SMS when only a phone number was given. Registrations store no
language, so the reminder is in bokmål. The key names the event's start time, so an
event moved to another day is reminded again for the new day:
``registration-reminder:<registration id>:<event starts_at, UTC>``.
"""

import datetime

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from events.models import Event, Registration
from events.services import registration_message_context
from notifications.models import OutboxMessage
from notifications.scanners.stamps import utc_stamp, utc_stamp_sql
from notifications.services import message_queue

REMIND_AT = datetime.time(9, 0)
CHUNK = 500


def reminder_key(registration_id, starts_at):
    return f"registration-reminder:{registration_id}:{utc_stamp(starts_at)}"


def _local_moment(day, at):
    return timezone.make_aware(datetime.datetime.combine(day, at), timezone.get_default_timezone())


def due_registrations(*, now):
    """Confirmed registrations whose reminder is due at ``now`` and not queued yet.

    At most two local days are in play: today's events (due since 09:00 yesterday) and,
    from 09:00, tomorrow's (due since 09:00 today). Each is one range on the event's
    start time, with its own cut-off for when the person registered.
    """
    today = timezone.localtime(now, timezone.get_default_timezone()).date()
    one_day = datetime.timedelta(days=1)
    tomorrow_starts = _local_moment(today + one_day, datetime.time())
    nine_today = _local_moment(today, REMIND_AT)
    due = Q(
        event__starts_at__gt=now,
        event__starts_at__lt=tomorrow_starts,
        created_at__lt=_local_moment(today - one_day, REMIND_AT),
    )
    if now >= nine_today:
        due |= Q(
            event__starts_at__gte=tomorrow_starts,
            event__starts_at__lt=_local_moment(today + 2 * one_day, datetime.time()),
            created_at__lt=nine_today,
        )
    return (
        Registration.objects.filter(
            due,
            status=Registration.Status.CONFIRMED,
            event__status=Event.Status.PUBLISHED,
        )
        .annotate(
            reminder_key=Concat(
                Value("registration-reminder:"),
                Cast("pk", CharField()),
                Value(":"),
                utc_stamp_sql("event__starts_at"),
                output_field=CharField(),
            )
        )
        .filter(~Exists(OutboxMessage.objects.filter(key=OuterRef("reminder_key"))))
    )


def scan(*, now):
    """Queue the day-before reminders due at ``now``; returns how many were queued."""
    registrations = (
        due_registrations(now=now)
        .select_related("event__contact_point", "event__region", "event__municipality")
        .order_by("event__starts_at", "pk")
    )
    queued = 0
    for registration in registrations.iterator(chunk_size=CHUNK):
        channel = OutboxMessage.Channel.EMAIL if registration.email else OutboxMessage.Channel.SMS
        message = message_queue(
            to=registration.email or registration.phone,
            reason="registration_reminder",
            key=reminder_key(registration.pk, registration.event.starts_at),
            template="registration_reminder",
            context=registration_message_context(registration, settings.SITE_URL),
            channel=channel,
        )
        queued += message is not None
    return queued
