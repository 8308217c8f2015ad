"""Registering for events, cancelling, and moving people up from the waiting list.

Every function locks the event row first (``SELECT ... FOR UPDATE``), as the capacity
trigger does, so two people taking the last seat at once are served one after the other
and the second one lands on the waiting list. The trigger stays the last line of
defence: if it refuses a confirmed registration anyway, the person is put on the
waiting list instead.
"""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from events.models import Event, EventMessage, Registration
from notifications.services import message_queue
from selvhjelp.slugs import unique_slug

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
    registration was already cancelled, or the event is over (nothing left to cancel).
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            raise ValidationError(
                _("This registration is already cancelled."), code="already_cancelled"
            )
        if event.ends_at < timezone.now():
            raise ValidationError(
                _("This event is over: its registrations can no longer be cancelled."),
                code="event_over",
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
            _moved_up_tell(registration, base_url)
    return moved_up


def _moved_up_tell(registration, base_url):
    # One key per registration: moved up by the waiting list or by staff, told once.
    # By email, or by text message to someone who gave only a phone number.
    if registration.email or registration.phone:
        message_queue(
            to=registration.email or registration.phone,
            reason="registration_moved_up",
            key=f"registration-moved-up:{registration.pk}",
            template="registration_moved_up",
            context=registration_message_context(registration, base_url),
            channel="email" if registration.email else "sms",
        )


def registrations_delete_expired(*, now=None, days=None):
    """Delete registrations once their event ended more than ``days`` ago
    (settings.REGISTRATION_RETENTION_DAYS, 30 as the form promises). Run nightly by the
    retention task. Returns how many were deleted."""
    keep = datetime.timedelta(days=settings.REGISTRATION_RETENTION_DAYS if days is None else days)
    cutoff = (now or timezone.now()) - keep
    deleted, _per_model = Registration.objects.filter(event__ends_at__lt=cutoff).delete()
    return deleted


def event_messages_delete_expired(*, now=None, days=None):
    """Delete the messages staff sent to an event's registrants on the same schedule as
    the registrations: staff may have written a name in one. Returns how many."""
    keep = datetime.timedelta(days=settings.REGISTRATION_RETENTION_DAYS if days is None else days)
    cutoff = (now or timezone.now()) - keep
    deleted, _per_model = EventMessage.objects.filter(event__ends_at__lt=cutoff).delete()
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


def event_cancel(*, event, refuse_cancelled=False):
    """Cancel an event and tell its confirmed and waiting registrants.

    Also right for an event already marked cancelled (an admin changed its status):
    those not yet told are told. With ``refuse_cancelled`` (staff pressing "cancel" in
    the workspace) an event already cancelled is refused instead. The registrations
    stay until the nightly deletion. Raises ValidationError once the event has started.
    Returns how many were told.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if refuse_cancelled and event.status == Event.Status.CANCELLED:
            raise ValidationError(_("This event is already cancelled."), code="already_cancelled")
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


# --- The contact point's workspace ---------------------------------------------------

# What staff fill in for an event (the workspace form's fields).
EDITABLE_FIELDS = (
    "title",
    "kind",
    "audience",
    "intended_outcome",
    "description",
    "starts_at",
    "ends_at",
    "is_online",
    "municipality",
    "venue_name",
    "venue_address",
    "online_url",
    "capacity",
    "status",
)
CAPACITY_COVERS_CONSTRAINT = "events_event_capacity_covers_registrations"
_SLUG_ATTEMPTS = 5


class EventSaved(NamedTuple):
    event: Event
    told: int  # registrants told of a new time, place or link


def _place_tidy(event):
    # An event is online or in a place, never both: what belongs to the other way of
    # meeting is cleared, so it never shows (or is sent) by mistake.
    if event.is_online:
        event.municipality = None
        event.venue_name = ""
        event.venue_address = ""
    else:
        event.online_url = ""


def _fields_check(data):
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    if data.get("status", Event.Status.DRAFT) not in (Event.Status.DRAFT, Event.Status.PUBLISHED):
        raise ValidationError(
            {"status": _("Save the event as a draft or publish it.")}, code="invalid_status"
        )


def event_create(*, contact_point, data):
    """Create a contact point's event from the workspace form's ``data``
    (EDITABLE_FIELDS). Its public address is made from the title and never changes."""
    _fields_check(data)
    for attempt in range(_SLUG_ATTEMPTS):
        event = Event(contact_point=contact_point, **data)
        _place_tidy(event)
        event.slug = unique_slug(Event.objects.all(), event.title, fallback="arrangement")
        try:
            with transaction.atomic():
                event.save()
        except IntegrityError:
            # Someone took the same slug a moment ago: look again.
            if attempt == _SLUG_ATTEMPTS - 1 or not Event.objects.filter(slug=event.slug).exists():
                raise
            continue
        return event
    raise AssertionError("unreachable")  # pragma: no cover


def _confirmed_count(event):
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def _capacity_too_low(confirmed):
    return ValidationError(
        {
            "capacity": ngettext_lazy(
                "%(count)d person is already registered: the capacity cannot be lower. "
                "Cancel registrations first, or leave the capacity as it is.",
                "%(count)d people are already registered: the capacity cannot be lower. "
                "Cancel registrations first, or leave the capacity as it is.",
                "count",
            )
            % {"count": confirmed}
        },
        code="capacity_below_registrations",
    )


def event_update(*, event, data):
    """Save staff's changes to an event, and tell its registrants what they need to know.

    A new time, place or meeting link of a published event goes to its confirmed and
    waiting registrants (``event_change_notify``). A capacity below the confirmed
    registrations is refused by the database; that becomes a ValidationError on
    ``capacity``. A cancelled event cannot be changed, and an event people registered
    for cannot go back to being a draft (cancel it instead). Returns ``EventSaved``.
    """
    _fields_check(data)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status == Event.Status.CANCELLED:
            raise ValidationError(
                _("This event is cancelled and can no longer be changed."), code="cancelled"
            )
        was_published = event.status == Event.Status.PUBLISHED
        if (
            was_published
            and data.get("status") == Event.Status.DRAFT
            and event.registrations.exclude(status=Registration.Status.CANCELLED).exists()
        ):
            raise ValidationError(
                {
                    "status": _(
                        "People have registered for this event, so it cannot go back to "
                        "being a draft. Cancel the event instead if it will not take place."
                    )
                },
                code="registrations_exist",
            )
        attnames = {name: Event._meta.get_field(name).attname for name in EDITABLE_FIELDS}
        before = {name: getattr(event, attname) for name, attname in attnames.items()}
        for name, value in data.items():
            setattr(event, name, value)
        _place_tidy(event)
        changed = [
            name for name, attname in attnames.items() if getattr(event, attname) != before[name]
        ]
        try:
            with transaction.atomic():
                event.save()
        except IntegrityError as error:
            if "capacity" in changed and _constraint_of(error) in (CAPACITY_COVERS_CONSTRAINT, ""):
                raise _capacity_too_low(_confirmed_count(event)) from error
            raise
        told = 0
        if was_published and event.status == Event.Status.PUBLISHED:
            told = event_change_notify(event=event, changes=changed)
    return EventSaved(event=event, told=told)


def registration_promote(*, registration, base_url):
    """Move a person up from the waiting list (staff choosing whom), and tell them.

    Only before a published event starts. A full event is refused by the database's
    capacity trigger; that becomes a ValidationError (code ``full``). The person is
    told by email, with the same message as when the waiting list moves up by itself;
    without an email address staff must tell them (the page says so).
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event__contact_point", "event__region", "event__municipality")
            .get(pk=registration.pk)
        )
        if registration.status != Registration.Status.WAITING:
            raise ValidationError(
                _("Only someone on the waiting list can be moved up."), code="not_waiting"
            )
        if not registration_is_open(event):
            raise ValidationError(
                _(
                    "People can only be moved up before a published event starts: this "
                    "event is not published, or it has started."
                ),
                code="closed",
            )
        registration.status = Registration.Status.CONFIRMED
        try:
            with transaction.atomic():
                registration.save(update_fields=["status"])
        except IntegrityError as error:
            if _constraint_of(error) not in (CAPACITY_CONSTRAINT, ""):
                raise
            raise ValidationError(
                _(
                    "The event is full, so nobody can be moved up. Raise the capacity, or "
                    "cancel a registration first."
                ),
                code="full",
            ) from error
        _moved_up_tell(registration, base_url)
    return registration


def event_message_send(*, event, text, include_waiting, key, user):
    """Send staff's message to an event's confirmed registrants (and, if asked, its
    waiting list): by email to those who gave one, by text message to the others.

    ``key`` (a UUID made when the form was shown) names the message: the same form
    sent twice queues nothing the second time. Returns ``(EventMessage, created)``.
    Raises ValidationError when nobody would get it.
    """
    with transaction.atomic():
        # The lock makes a double submit wait for the first, then find its key.
        event = Event.objects.select_for_update().get(pk=event.pk)
        sent = EventMessage.objects.filter(key=key).first()
        if sent is not None:
            if sent.event_id != event.pk:
                raise ValidationError(_("This form has expired. Open it again."), code="key")
            return sent, False
        statuses = [Registration.Status.CONFIRMED]
        if include_waiting:
            statuses.append(Registration.Status.WAITING)
        registrants = list(
            event.registrations.filter(status__in=statuses)
            .select_related("event__contact_point", "event__region", "event__municipality")
            .order_by("pk")
        )
        if not registrants:
            raise ValidationError(
                _("Nobody would get this message: no one is registered."), code="nobody"
            )
        message = EventMessage.objects.create(
            event=event, key=key, text=text, include_waiting=include_waiting, sent_by=user
        )
        context = {"message_text": text, "sender": event.contact_point or event.region}
        for registration in registrants:
            queued = _registrant_message_queue(
                registration=registration,
                reason="event_message",
                key=f"event-message:{key}:{registration.pk}",
                template="event_message",
                context=context,
            )
            if queued is None:
                continue
            if queued.channel == "sms":
                message.sms_count += 1
            else:
                message.email_count += 1
        message.save(update_fields=["email_count", "sms_count"])
    return message, True
