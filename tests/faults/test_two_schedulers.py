"""Two beat schedulers running at once: no duplicate reminders.

What makes it safe is in the database, not in Celery: a reminder's outbox key is
deterministic (a second scan queues nothing new, the unique key refuses a duplicate
written at the same moment), and a row is claimed before it is sent.
"""

import psycopg
from django.db import connection

from notifications.models import OutboxMessage
from tests.faults.harness import (
    assert_each_received_once,
    database_url,
    scan_as_beat_does,
    sweep_until,
    wait_for,
    wait_until_run,
)

REMINDERS = 30


def all_sent():
    return not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()


def sent_scans(beat):
    return beat.log().count("Sending due task scan-reminders")


def finished_scans(worker):
    return sum(
        "Task notifications.tasks.scan_reminders[" in line and "succeeded" in line
        for line in worker.log().splitlines()
    )


def test_two_beats_two_workers_each_reminder_sent_once(
    celery_processes, smtp_sink, due_starter_reminders
):
    starters = due_starter_reminders(REMINDERS)
    workers = [celery_processes.worker("worker1"), celery_processes.worker("worker2")]
    beats = [celery_processes.beat("beat1"), celery_processes.beat("beat2")]

    wait_for(
        lambda: (
            OutboxMessage.objects.filter(reason="starter_reminder").count() == REMINDERS
            and all_sent()
        ),
        timeout=60,
        what="every reminder queued and sent",
    )
    # Both schedulers keep scanning and sweeping for a while longer: three more scans
    # from each, run to the end by the workers.
    sent = [sent_scans(beat) for beat in beats]
    finished = sum(finished_scans(worker) for worker in workers)
    wait_for(
        lambda: (
            all(sent_scans(b) >= n + 3 for b, n in zip(beats, sent, strict=True))
            and sum(finished_scans(w) for w in workers) >= finished + 6
        ),
        timeout=60,
        what="three more scans from each beat, run by the workers",
    )
    for beat in beats:
        beat.stop()
    for worker in workers:
        worker.stop()

    # Both schedulers sent scans all along; the workers ran them as they came.
    assert all(sent_scans(beat) >= 4 for beat in beats)
    assert_each_received_once(smtp_sink, reason="starter_reminder", recipients=starters)


def test_two_scans_at_the_same_moment_each_reminder_queued_and_sent_once(
    celery_processes, smtp_sink, due_starter_reminders
):
    """The worst case of two schedulers: their scans start at the same instant, both
    find the same reminders due, and both try to queue them."""
    starters = due_starter_reminders(REMINDERS)
    workers = [celery_processes.worker("worker1"), celery_processes.worker("worker2")]

    # Hold both scans at their first read of the assignments, then let them go at once.
    with psycopg.connect(database_url(connection.settings_dict)) as gate:
        gate.execute("LOCK TABLE groups_starterassignment IN ACCESS EXCLUSIVE MODE")
        scan_ids = [scan_as_beat_does(), scan_as_beat_does()]
        wait_for(
            lambda: waiting_on_a_lock(gate) >= 2,
            timeout=30,
            what="both scans waiting at the gate",
        )
        gate.commit()
    for scan_id in scan_ids:
        wait_until_run(scan_id, workers)
    # Each worker ran one of the two scans: they overlapped.
    assert all(any(f"[{i}] succeeded" in w.log() for i in scan_ids) for w in workers)

    sweep_until(all_sent, workers, what="every reminder sent")
    assert_each_received_once(smtp_sink, reason="starter_reminder", recipients=starters)


def waiting_on_a_lock(gate):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database() AND pid <> %s",
            [gate.info.backend_pid],
        )
        return cursor.fetchone()[0]
