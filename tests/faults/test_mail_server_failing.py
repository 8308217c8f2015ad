"""The mail server failing for a while: nothing is lost, retries back off, and past the
limit a message is marked failed and shown to admins."""

import datetime
from collections import Counter

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notifications import services
from notifications.models import OutboxMessage
from tests.factories import ContactPointFactory, UserFactory
from tests.faults.harness import sweep_as_beat_does, wait_for


@pytest.fixture
def contact_point(reference_data):
    return ContactPointFactory()


def queue_messages(contact_point, count):
    """Staff notifications, queued in one transaction as a change would queue them;
    each asks a worker to send it once the transaction commits."""
    with transaction.atomic():
        return [
            services.message_queue(
                to=f"ansatt{n}@fs.example.no",
                reason="enquiry_waiting",
                key=f"enquiry-waiting:faults:{n}",
                template="enquiry_waiting",
                context={"contact_point": contact_point, "inbox_url": settings.SITE_URL},
            ).pk
            for n in range(count)
        ]


def rows(ids):
    return list(OutboxMessage.objects.filter(pk__in=ids).order_by("pk"))


def message_id(pk):
    return f"<outbox-{pk}@{settings.MESSAGE_ID_DOMAIN}>"


def assert_backed_off(messages, *, attempts, failed_between):
    """Each message waits as long as the backoff says after its ``attempts``-th failure,
    which happened within ``failed_between`` (two instants)."""
    ceiling = min(services.BACKOFF_MAX_SECONDS, services.BACKOFF_BASE_SECONDS * 2 ** (attempts - 1))
    earliest, latest = failed_between
    for message in messages:
        assert message.status == OutboxMessage.Status.PENDING
        assert message.attempts == attempts
        assert message.last_error.startswith("SMTPConnectError")
        assert earliest + datetime.timedelta(seconds=ceiling / 2) <= message.next_attempt_at
        assert message.next_attempt_at <= latest + datetime.timedelta(seconds=ceiling)


def wait_out_the_backoff(ids):
    """Stands in for the minutes of waiting: the rows' time has come."""
    OutboxMessage.objects.filter(pk__in=ids).update(next_attempt_at=timezone.now())


def test_mail_server_down_retries_back_off_then_each_sent_once(
    contact_point, celery_processes, smtp_sink
):
    smtp_sink.refusing = True
    worker = celery_processes.worker()

    before = timezone.now()
    ids = queue_messages(contact_point, 5)
    # The worker tries each at once (the task queued after the commit) and fails.
    wait_for(
        lambda: all(message.attempts == 1 for message in rows(ids)),
        timeout=30,
        what="a first failed attempt at each message",
    )
    assert_backed_off(rows(ids), attempts=1, failed_between=(before, timezone.now()))

    # The outage goes on: each later attempt fails too, and waits longer.
    for attempts in (2, 3, 4):
        wait_out_the_backoff(ids)
        before = timezone.now()
        sweep_as_beat_does(worker)
        assert_backed_off(rows(ids), attempts=attempts, failed_between=(before, timezone.now()))
    # A sweep before their time sends nothing and tries nothing.
    sweep_as_beat_does(worker)
    assert {message.attempts for message in rows(ids)} == {4}
    assert smtp_sink.received == []
    assert smtp_sink.refused == 5 * 4

    # The mail server is back; at their next attempt, every message goes, once.
    smtp_sink.refusing = False
    wait_out_the_backoff(ids)
    sweep_as_beat_does(worker)
    sweep_as_beat_does(worker)

    assert {(m.status, m.attempts) for m in rows(ids)} == {(OutboxMessage.Status.SENT, 5)}
    assert smtp_sink.message_ids() == Counter(message_id(pk) for pk in ids)
    assert sorted(m.recipients for m in smtp_sink.received) == [
        (f"ansatt{n}@fs.example.no",) for n in range(5)
    ]


def test_mail_server_down_past_limit_marked_failed_and_shown_to_admins(
    client, contact_point, celery_processes, smtp_sink
):
    smtp_sink.refusing = True
    worker = celery_processes.worker()
    [pk] = queue_messages(contact_point, 1)
    wait_for(lambda: rows([pk])[0].attempts == 1, timeout=30, what="a first failed attempt")

    for _ in range(services.MAX_ATTEMPTS - 1):
        wait_out_the_backoff([pk])
        sweep_as_beat_does(worker)

    [message] = rows([pk])
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == services.MAX_ATTEMPTS
    assert smtp_sink.refused == services.MAX_ATTEMPTS
    # Given up: later sweeps leave it alone.
    sweep_as_beat_does(worker)
    assert rows([pk])[0].attempts == services.MAX_ATTEMPTS

    # An admin sees it among the failed messages, and sends it again once the mail
    # server is back.
    admin = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(admin, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(admin)
    failed_list = client.get("/admin/notifications/outboxmessage/?status__exact=failed")
    assert failed_list.status_code == 200
    assert "ansatt0@fs.example.no" in failed_list.content.decode()
    sent_list = client.get("/admin/notifications/outboxmessage/?status__exact=sent")
    assert "ansatt0@fs.example.no" not in sent_list.content.decode()

    smtp_sink.refusing = False
    client.post(
        "/admin/notifications/outboxmessage/", {"action": "retry_now", "_selected_action": [pk]}
    )
    sweep_as_beat_does(worker)

    assert rows([pk])[0].status == OutboxMessage.Status.SENT
    assert smtp_sink.message_ids() == Counter([message_id(pk)])
