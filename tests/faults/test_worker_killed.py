"""A worker killed with SIGKILL in the middle of a batch of reminders: after a restart,
each reminder is sent exactly once."""

from collections import Counter

import pytest
from django.conf import settings
from django.db import transaction

from notifications import services
from notifications.models import OutboxMessage
from tests.factories import ContactPointFactory
from tests.faults.harness import sweep_until, wait_for

BATCH = 60
KILLED_AT = 20  # messages accepted by the mail server before the kill


@pytest.fixture
def batch(reference_data):
    contact_point = ContactPointFactory()
    with transaction.atomic():
        return [
            services.message_queue(
                to=f"ansatt{n}@fs.example.no",
                reason="enquiry_waiting",
                key=f"enquiry-waiting:faults:{n}",
                template="enquiry_waiting",
                context={"contact_point": contact_point, "inbox_url": settings.SITE_URL},
            ).pk
            for n in range(BATCH)
        ]


def message_id(pk):
    return f"<outbox-{pk}@{settings.MESSAGE_ID_DOMAIN}>"


def all_sent():
    return not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()


def test_worker_killed_mid_send_each_message_sent_exactly_once(celery_processes, smtp_sink, batch):
    # The mail server accepts KILLED_AT messages, then holds the next one mid-DATA: the
    # worker is killed while it waits for the answer, before the server took the message.
    smtp_sink.hold_data_after = KILLED_AT
    worker = celery_processes.worker("worker1")
    wait_for(smtp_sink.holding.is_set, timeout=60, what="the worker to be mid-send")
    worker.kill()
    assert smtp_sink.count() == KILLED_AT

    # The killed worker's transaction never committed: its message is still waiting.
    restarted = celery_processes.worker("worker2")
    sweep_until(all_sent, restarted, what="every message sent")

    assert smtp_sink.message_ids() == Counter(message_id(pk) for pk in batch)
    assert all(m.recipients for m in smtp_sink.received)


def test_worker_killed_after_server_accepted_repeat_keeps_message_id(
    celery_processes, smtp_sink, batch
):
    """The honest limit: the mail server took message KILLED_AT, and the worker died
    before recording that (it waited for the answer to QUIT). The message is sent again
    — with the same Message-ID, so the receiving side can recognise the repeat — and no
    other message is repeated."""
    smtp_sink.hold_quit_after = KILLED_AT
    worker = celery_processes.worker("worker1")
    wait_for(smtp_sink.holding.is_set, timeout=60, what="the worker to wait on QUIT")
    worker.kill()
    repeated = smtp_sink.received[KILLED_AT - 1].message_id

    restarted = celery_processes.worker("worker2")
    sweep_until(all_sent, restarted, what="every message sent")

    expected = Counter(message_id(pk) for pk in batch)
    expected[repeated] += 1
    assert smtp_sink.message_ids() == expected
