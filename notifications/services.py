"""Queue messages in the outbox and deliver them.

Callers queue inside their own transaction; delivery happens after the commit, in a
Celery worker, or in the periodic sweep when the broker was unreachable at the time.
"""

import logging
import random
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications.models import OutboxMessage
from notifications.sms import send_sms

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE_SECONDS = 60
BACKOFF_MAX_SECONDS = 6 * 60 * 60


def message_queue(*, to, reason, key, template, context, language=None, channel="email"):
    """Render a message and write it to the outbox, once per key.

    For email, ``template`` names three templates under ``templates/notifications/``:
    ``<template>.subject.txt``, ``<template>.txt`` and ``<template>.html``. The subject
    shows on a lock screen: it must never name a problem, a group topic or a person.
    For SMS (``channel="sms"``, ``to`` a phone number) it names one,
    ``<template>.sms.txt``: short, and just as discreet, since all of it shows.
    Returns the new OutboxMessage, or None when the key was already queued.
    Delivery is requested after the surrounding transaction commits.
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        if channel == OutboxMessage.Channel.SMS:
            subject, body_html = "", ""
            body_text = " ".join(
                render_to_string(f"notifications/{template}.sms.txt", context).split()
            )
        else:
            subject = " ".join(
                render_to_string(f"notifications/{template}.subject.txt", context).split()
            )
            body_text = render_to_string(f"notifications/{template}.txt", context)
            body_html = render_to_string(f"notifications/{template}.html", context)

    with transaction.atomic():
        message, created = OutboxMessage.objects.get_or_create(
            key=key[:200],
            defaults={
                "reason": reason,
                "channel": channel,
                "recipient": to,
                "subject": subject[:200],
                "body_text": body_text,
                "body_html": body_html,
            },
        )
    if not created:
        return None
    transaction.on_commit(lambda: request_delivery(message_id=message.pk))
    return message


def request_delivery(*, message_id):
    """Ask a worker to send now. If the broker is down, the sweep sends it later."""
    from notifications.tasks import deliver_message

    try:
        deliver_message.apply_async(kwargs={"message_id": message_id}, retry=False)
    except Exception:  # any broker error: the row is safe in the database
        logger.warning("Broker unreachable; message %s waits for the sweep.", message_id)


def backoff_delay(attempts):
    """Exponential backoff with jitter (between half and all of the doubled delay), so
    many failures don't retry in step."""
    ceiling = min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempts - 1))
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))


def message_deliver(*, message_id):
    """Claim one due message, send it and mark it sent. Returns True if sent.

    The row stays locked while it is sent, so two workers (or a task and the sweep)
    can never send it both; a worker killed mid-send rolls back and the message is
    tried again.
    """
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(
                pk=message_id,
                status=OutboxMessage.Status.PENDING,
                next_attempt_at__lte=timezone.now(),
            )
            .first()
        )
        if message is None:
            return False
        try:
            if message.channel == OutboxMessage.Channel.SMS:
                send_sms(to=message.recipient, text=message.body_text)
            else:
                _send_email(message)
        except Exception as error:  # SMTP and provider errors vary; all are retried
            message.attempts += 1
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
                logger.error("Message %s failed for good: %s", message.pk, message.last_error)
            else:
                message.next_attempt_at = timezone.now() + backoff_delay(message.attempts)
            message.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
            return False
        message.status = OutboxMessage.Status.SENT
        message.sent_at = timezone.now()
        message.attempts += 1
        message.save(update_fields=["status", "sent_at", "attempts"])
        return True


def due_message_ids(*, limit=100):
    return list(
        OutboxMessage.objects.filter(
            status=OutboxMessage.Status.PENDING, next_attempt_at__lte=timezone.now()
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def _send_email(message):
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        # The same message keeps the same id if it is ever sent again (a worker killed
        # between the mail server's acceptance and our commit), so mail systems can
        # recognise the repeat.
        headers={"Message-ID": f"<outbox-{message.pk}@{settings.MESSAGE_ID_DOMAIN}>"},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    connection = get_connection()
    connection.open()
    try:
        connection.send_messages([email])
    finally:
        try:
            connection.close()
        except (OSError, smtplib.SMTPException):
            # The server accepted the message; a hang or error on QUIT must not make
            # it count as failed and be sent again.
            logger.warning("Mail server did not close cleanly after message %s.", message.pk)
