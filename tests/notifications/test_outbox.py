"""The outbox: queued with the change that causes it, sent once, retried on failure."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from notifications import services
from notifications.models import OutboxMessage
from notifications.tasks import deliver_due_messages
from tests.factories import ContactPointFactory

pytestmark = pytest.mark.django_db

# A mail server that refuses connections: a real failure, not a mock.
UNREACHABLE_SMTP = {
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": 9,
    "EMAIL_TIMEOUT": 2,
}


def queue(key="enquiry-waiting:1:1", to="ansatt@example.no"):
    return services.message_queue(
        to=to,
        reason="enquiry_waiting",
        key=key,
        template="enquiry_waiting",
        context={"contact_point": ContactPointFactory(), "inbox_url": "https://x.example/"},
    )


def test_message_queue_renders_neutral_norwegian_message():
    message = queue()
    assert message.subject == "En ny henvendelse venter"
    assert "Frivilligsentral" in message.body_text
    assert message.status == OutboxMessage.Status.PENDING


def test_message_queue_same_key_once():
    assert queue(key="k-1") is not None
    assert queue(key="k-1") is None
    assert OutboxMessage.objects.filter(key="k-1").count() == 1


def test_message_queue_rolled_back_with_its_transaction():
    def change_that_fails():
        with transaction.atomic():
            queue(key="k-2")
            raise RuntimeError("the change that caused it failed")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert not OutboxMessage.objects.filter(key="k-2").exists()


def test_message_deliver_sends_and_marks_sent():
    message = queue()
    assert services.message_deliver(message_id=message.pk) is True

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.sent_at is not None
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["ansatt@example.no"]
    assert sent.subject == "En ny henvendelse venter"
    assert sent.alternatives[0].mimetype == "text/html"


def test_message_deliver_twice_sends_once():
    message = queue()
    services.message_deliver(message_id=message.pk)
    assert services.message_deliver(message_id=message.pk) is False
    assert len(mail.outbox) == 1


def test_message_deliver_mail_server_down_retries_with_backoff(settings):
    for name, value in UNREACHABLE_SMTP.items():
        setattr(settings, name, value)
    message = queue()

    assert services.message_deliver(message_id=message.pk) is False

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1
    assert "ConnectionRefusedError" in message.last_error
    wait = message.next_attempt_at - timezone.now()
    assert datetime.timedelta(seconds=25) < wait <= datetime.timedelta(seconds=60)
    # Not due yet: the sweep leaves it alone.
    assert services.message_deliver(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.attempts == 1


def test_message_deliver_gives_up_after_limit(settings):
    for name, value in UNREACHABLE_SMTP.items():
        setattr(settings, name, value)
    message = queue()
    delays = []
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(services.MAX_ATTEMPTS):
            services.message_deliver(message_id=message.pk)
            message.refresh_from_db()
            delays.append(message.next_attempt_at - timezone.now())
            traveller.move_to(message.next_attempt_at)

    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == services.MAX_ATTEMPTS
    # The waits grow (exponential backoff) up to the cap.
    assert delays[0] < delays[3] < delays[6]
    assert max(delays) <= datetime.timedelta(seconds=services.BACKOFF_MAX_SECONDS)


def test_sweep_sends_due_messages_after_mail_server_returns(settings):
    for name, value in UNREACHABLE_SMTP.items():
        setattr(settings, name, value)
    message = queue()
    services.message_deliver(message_id=message.pk)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        deliver_due_messages()

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_admin_retry_failed_message_sent_by_next_sweep(client):
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.factories import UserFactory

    message = queue()
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.FAILED, attempts=services.MAX_ATTEMPTS
    )
    admin = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(admin, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(admin)

    changelist = client.get("/admin/notifications/outboxmessage/?status__exact=failed")
    assert "ansatt@example.no" in changelist.content.decode()
    client.post(
        "/admin/notifications/outboxmessage/",
        {"action": "retry_now", "_selected_action": [message.pk]},
    )
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxMessage.Status.PENDING, 0)
    deliver_due_messages()

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1
