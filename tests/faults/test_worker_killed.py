"""A worker killed with SIGKILL in the middle of a batch of reminders: after a restart,
each reminder is sent exactly once."""

from notifications.models import OutboxMessage
from tests.faults.harness import (
    assert_each_received_once,
    outbox_message_id,
    scan_as_beat_does,
    sweep_until,
    wait_for,
)

BATCH = 60
KILLED_AT = 20  # reminders accepted by the mail server before the kill


def all_sent():
    return not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()


def test_worker_killed_mid_send_each_reminder_sent_exactly_once(
    celery_processes, smtp_sink, due_starter_reminders
):
    starters = due_starter_reminders(BATCH)
    # The mail server accepts KILLED_AT reminders, then holds the next one mid-DATA: the
    # worker is killed while it waits for the answer, before the server took the message.
    smtp_sink.hold_data_after = KILLED_AT
    worker = celery_processes.worker("worker1")
    scan_as_beat_does()
    wait_for(smtp_sink.holding.is_set, timeout=60, what="the worker to be mid-send")
    worker.kill()
    assert smtp_sink.count() == KILLED_AT
    assert OutboxMessage.objects.filter(reason="starter_reminder").count() == BATCH

    # The killed worker's transaction never committed: its reminder is still waiting.
    # A new worker takes the delivery tasks left in the queue; beat's sweep the rest.
    restarted = celery_processes.worker("worker2")
    sweep_until(all_sent, restarted, what="every reminder sent")

    assert_each_received_once(smtp_sink, reason="starter_reminder", recipients=starters)


def test_worker_killed_after_server_accepted_repeat_keeps_message_id(
    celery_processes, smtp_sink, due_starter_reminders
):
    """The honest limit: the mail server took reminder KILLED_AT, and the worker died
    before recording that (it waited for the answer to QUIT). That reminder is sent
    again — with the same Message-ID, so the receiving side can recognise the repeat —
    and no other is repeated."""
    due_starter_reminders(BATCH)
    smtp_sink.hold_quit_after = KILLED_AT
    worker = celery_processes.worker("worker1")
    scan_as_beat_does()
    wait_for(smtp_sink.holding.is_set, timeout=60, what="the worker to wait on QUIT")
    worker.kill()
    repeated = smtp_sink.received[KILLED_AT - 1].message_id

    restarted = celery_processes.worker("worker2")
    sweep_until(all_sent, restarted, what="every reminder sent")

    expected = {
        outbox_message_id(pk): 1 for pk in OutboxMessage.objects.values_list("pk", flat=True)
    }
    expected[repeated] += 1
    assert len(expected) == BATCH
    assert dict(smtp_sink.message_ids()) == expected
