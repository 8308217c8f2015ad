"""Registering for events, cancelling, and moving people up from the waiting list.

Every function locks the event row first (``SELECT ... FOR UPDATE``), as the capacity
trigger does, so two people taking the last seat at once are served one after the other
and the second one lands on the waiting list. The trigger stays the last line of
defence: if it refuses a confirmed registration anyway, the person is put on the
waiting list instead.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Registration
from notifications.services import message_queue

# Registrations are personal data kept for the event only (the form says so).

CAPACITY_CONSTRAINT = "events_registration_within_capacity"
UNIQUE_EMAIL_CONSTRAINT = "events_registration_unique_email"


def _constraint_of(error):
    """The name of the constraint an IntegrityError reports (PostgreSQL), or ""."""
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) or ""


def _already_registered():
    return ValidationError(
        _("This email address is already registered for this event."), code="duplicate"
    )


def registration_is_open(event, *, now=None):
    """People can register for a published event until it starts."""
    return event.status == Event.Status.PUBLISHED and event.starts_at > (now or timezone.now())


def _free_seats(event):
    if event.capacity is None:
        return None
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return max(event.capacity - confirmed, 0)


def registration_create(*, event, name, email="", phone="", base_url, language=None):
    """Register a person for an event: a confirmed place if one is free, else the waiting list.

    ``base_url`` is the site's absolute root (``request.build_absolute_uri("/")``), for
    the links in the message. A confirmation goes to the email address, if given, with
    the link to cancel. Raises ValidationError when registration is closed or the email
    address is already registered for the event.
    """
    email = (email or "").strip()
    phone = (phone or "").strip()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not registration_is_open(event):
            raise ValidationError(
                _("Registration for this event is closed."), code="registration_closed"
            )
        if (
            email
            and event.registrations.filter(email__iexact=email)
            .exclude(status=Registration.Status.CANCELLED)
            .exists()
        ):
            raise _already_registered()

        free = _free_seats(event)
        status = (
            Registration.Status.CONFIRMED
            if free is None or free > 0
            else Registration.Status.WAITING
        )
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event, name=name.strip(), email=email, phone=phone, status=status
                )
        except IntegrityError as error:
            constraint = _constraint_of(error)
            if constraint == UNIQUE_EMAIL_CONSTRAINT:
                raise _already_registered() from error
            if status != Registration.Status.CONFIRMED or constraint not in (
                CAPACITY_CONSTRAINT,
                "",  # SQLite names no constraint
            ):
                raise
            # The trigger saw the event full after all: the waiting list it is.
            try:
                with transaction.atomic():
                    registration = Registration.objects.create(
                        event=event,
                        name=name.strip(),
                        email=email,
                        phone=phone,
                        status=Registration.Status.WAITING,
                    )
            except IntegrityError as second:
                raise _already_registered() from second

        if email:
            confirmed = registration.status == Registration.Status.CONFIRMED
            message_queue(
                to=email,
                reason="registration_confirmed" if confirmed else "registration_waiting",
                key=f"registration-{'confirmed' if confirmed else 'waiting'}:{registration.pk}",
                template="registration_confirmed" if confirmed else "registration_waiting",
                context=registration_message_context(registration, base_url),
                language=language,
            )
    return registration


def registration_cancel(*, registration, base_url, language=None):
    """Cancel a registration; a freed seat goes to the first person on the waiting list.

    The person moved up is told by email (if they gave one) in the same transaction.
    Returns the registrations that were moved up. Raises ValidationError if the
    registration was already cancelled.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            raise ValidationError(
                _("This registration is already cancelled."), code="already_cancelled"
            )
        was_confirmed = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        if registration.email:
            message_queue(
                to=registration.email,
                reason="registration_cancelled",
                key=f"registration-cancelled:{registration.pk}",
                template="registration_cancelled",
                context=registration_message_context(registration, base_url),
                language=language,
            )
        moved_up = waiting_list_promote(event=event, base_url=base_url) if was_confirmed else []
    return moved_up


def waiting_list_promote(*, event, base_url):
    """Give free seats to the waiting list, first come first served, and tell them.

    Called after a cancellation; also right for staff raising the capacity. Does
    nothing once the event has started: a seat freed then helps no one.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not registration_is_open(event):
            return []
        free = _free_seats(event)
        waiting = (
            event.registrations.select_for_update()
            .filter(status=Registration.Status.WAITING)
            .order_by("created_at", "pk")
        )
        moved_up = list(waiting if free is None else waiting[:free])
        for registration in moved_up:
            registration.status = Registration.Status.CONFIRMED
            registration.save(update_fields=["status"])
            if registration.email:
                message_queue(
                    to=registration.email,
                    reason="registration_moved_up",
                    key=f"registration-moved-up:{registration.pk}",
                    template="registration_moved_up",
                    context=registration_message_context(registration, base_url),
                )
    return moved_up


def registrations_delete_expired(*, now=None, days=None):
    """Delete registrations once their event ended more than ``days`` ago
    (settings.REGISTRATION_RETENTION_DAYS, 30 as the form promises). Run nightly by the
    retention task. Returns how many were deleted."""
    keep = datetime.timedelta(days=settings.REGISTRATION_RETENTION_DAYS if days is None else days)
    cutoff = (now or timezone.now()) - keep
    deleted, _per_model = Registration.objects.filter(event__ends_at__lt=cutoff).delete()
    return deleted


def registration_message_context(registration, base_url):
    """What every message to a registrant shows: the event, and the links to it and to
    cancel. Shared with the day-before reminder (notifications/scanners/registrants.py)."""
    root = base_url.rstrip("/")
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "cancel_url": root + reverse("events:cancel", kwargs={"token": registration.token}),
        "event_url": root + reverse("events:detail", kwargs={"slug": event.slug}),
    }


# What a registrant is told about when it changes: when, where, and how to join online.
NOTIFIED_CHANGES = (
    "starts_at",
    "ends_at",
    "is_online",
    "online_url",
    "municipality",
    "venue_name",
    "venue_address",
)


def _registrants_to_tell(event):
    return (
        event.registrations.filter(
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING]
        )
        .select_related("event__contact_point", "event__region", "event__municipality")
        .order_by("pk")
    )


def _change_stamp(event):
    # The event's updated_at names this change: the same call retried queues nothing
    # new, while the next saved change has a new stamp and is told again.
    return event.updated_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _registrant_message_queue(*, registration, reason, key, template, context):
    channel = "email" if registration.email else "sms"
    return message_queue(
        to=registration.email or registration.phone,
        reason=reason,
        key=key,
        template=template,
        context={**registration_message_context(registration, settings.SITE_URL), **context},
        channel=channel,
    )


def event_change_notify(*, event, changes):
    """Tell the confirmed and waiting registrants that an event's time or place changed.

    ``changes`` names the changed fields (those in NOTIFIED_CHANGES count). Call it
    after saving the change, in the same transaction. Nothing is sent for an event that
    is not published or has started. Returns how many messages were queued.
    """
    changed = [field for field in NOTIFIED_CHANGES if field in changes]
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if not changed or not registration_is_open(event):
            return 0
        stamp = _change_stamp(event)
        context = {
            "time_changed": bool({"starts_at", "ends_at"} & set(changed)),
            "place_changed": bool(
                {"is_online", "municipality", "venue_name", "venue_address"} & set(changed)
            ),
            "link_changed": "online_url" in changed,
        }
        queued = 0
        for registration in _registrants_to_tell(event):
            queued += (
                _registrant_message_queue(
                    registration=registration,
                    reason="event_changed",
                    key=f"event-changed:{registration.pk}:{stamp}",
                    template="event_changed",
                    context=context,
                )
                is not None
            )
    return queued


def event_cancel(*, event):
    """Cancel an event and tell its confirmed and waiting registrants.

    Also right for an event already marked cancelled (an admin changed its status):
    those not yet told are told. The registrations stay until the nightly deletion.
    Raises ValidationError once the event has started. Returns how many were told.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.starts_at <= timezone.now():
            raise ValidationError(
                _("This event has already started and cannot be cancelled."), code="started"
            )
        if event.status != Event.Status.CANCELLED:
            event.status = Event.Status.CANCELLED
            event.save(update_fields=["status", "updated_at"])
        stamp = _change_stamp(event)
        queued = 0
        for registration in _registrants_to_tell(event):
            queued += (
                _registrant_message_queue(
                    registration=registration,
                    reason="event_cancelled",
                    key=f"event-cancelled:{registration.pk}:{stamp}",
                    template="event_cancelled",
                    context={},
                )
                is not None
            )
    return queued
