import logging

from celery import shared_task
from django.utils import timezone

from notifications import digests, retention, scanners, services

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def deliver_message(*, message_id):
    """Send one outbox message now (queued right after the change that caused it)."""
    services.message_deliver(message_id=message_id)


@shared_task(ignore_result=True)
def deliver_due_messages():
    """The sweep: send what is due — retries, and messages queued while the broker was
    down. Runs every minute from beat; each row is claimed, so overlaps are harmless."""
    for message_id in services.due_message_ids(limit=200):
        services.message_deliver(message_id=message_id)


@shared_task(ignore_result=True)
def scan_reminders():
    """Queue every reminder that is due (the scanners in notifications/scanners/)."""
    queued = scanners.run_all(now=timezone.now())
    logger.info("Reminder scan queued %s", queued)


@shared_task(ignore_result=True)
def send_weekly_digests():
    """Monday 07:00: queue the weekly digest for contact-point staff. Safe to run again
    in the same week (one key per person and ISO week)."""
    digests.weekly_digests_queue(now=timezone.now())


@shared_task(ignore_result=True)
def send_monthly_summaries():
    """The 1st, 07:00: queue last month's summary for region admins. Safe to run again
    in the same month (one key per person and month)."""
    digests.monthly_summaries_queue(now=timezone.now())


@shared_task(ignore_result=True)
def run_retention():
    """Nightly: delete what has passed its retention period, and record the counts."""
    retention.retention_run(now=timezone.now())
