"""Retention: personal data is deleted when its time is up, every night.

- Enquiries closed more than ``ENQUIRY_RETENTION_DAYS`` (default 183, about six months)
  ago. Open enquiries are never deleted, however old: someone still has to answer them.
- Registrations of events that ended more than ``REGISTRATION_RETENTION_DAYS`` (default
  30, as the registration form promises) ago, through ``events.services``; the messages
  staff sent to those events' registrants go with them.
- Interest registrations older than ``INTEREST_RETENTION_DAYS`` (default 365).
- Rows of the enquiry access log (who read which enquiry) older than
  ``ENQUIRY_ACCESS_LOG_RETENTION_DAYS`` (default 730): they outlive the enquiries, so a
  manager can answer "who read it" for a while after an enquiry is gone.
- Outbox messages sent more than ``OUTBOX_RETENTION_DAYS`` (default 90) ago, and failed
  ones queued that long ago: they hold recipients' names and addresses. Pending messages
  are never deleted. A deleted row's key is gone too, so no scanner may look further
  back than this for what it already sent (theirs look back days, not months).

Each table is deleted in batches of ``BATCH_SIZE`` primary keys, each in its own short
transaction, so a large backlog neither holds locks for long nor fills memory. Each run
writes one ``RetentionRun`` row with the counts and logs them.
"""

import datetime
import logging

from django.conf import settings
from django.db import transaction

from enquiries.models import Enquiry, EnquiryAccess, InterestRegistration
from events import services as event_services
from notifications.models import OutboxMessage, RetentionRun

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000


def retention_days(name):
    """A period from settings (ENQUIRY_/REGISTRATION_/INTEREST_/OUTBOX_RETENTION_DAYS,
    ENQUIRY_ACCESS_LOG_RETENTION_DAYS)."""
    return int(getattr(settings, name))


def delete_in_batches(queryset, *, batch_size=BATCH_SIZE):
    """Delete the rows of ``queryset`` a batch of primary keys at a time; returns how
    many rows of the queryset's model were deleted.

    Walks the primary key upwards (keyset pagination), so each batch starts where the
    last one ended instead of rescanning what is already gone.
    """
    model = queryset.model
    deleted = 0
    last_pk = None
    while True:
        batch = queryset.order_by("pk")
        if last_pk is not None:
            batch = batch.filter(pk__gt=last_pk)
        pks = list(batch.values_list("pk", flat=True)[:batch_size])
        if not pks:
            return deleted
        with transaction.atomic():
            _total, per_model = model.objects.filter(pk__in=pks).delete()
        deleted += per_model.get(model._meta.label, 0)
        last_pk = pks[-1]


def _registrations_delete(*, now):
    """Registrations of events that ended more than REGISTRATION_RETENTION_DAYS ago,
    through the events app's own service."""
    return event_services.registrations_delete_expired(
        now=now, days=retention_days("REGISTRATION_RETENTION_DAYS")
    )


def retention_run(*, now):
    """Delete what has passed its retention period; record and return the counts."""
    counts = {
        "enquiries": delete_in_batches(
            Enquiry.objects.filter(
                status=Enquiry.Status.CLOSED,
                closed_at__lt=now
                - datetime.timedelta(days=retention_days("ENQUIRY_RETENTION_DAYS")),
            )
        ),
        "registrations": _registrations_delete(now=now),
        "event_messages": event_services.event_messages_delete_expired(
            now=now, days=retention_days("REGISTRATION_RETENTION_DAYS")
        ),
        "interest_registrations": delete_in_batches(
            InterestRegistration.objects.filter(
                created_at__lt=now
                - datetime.timedelta(days=retention_days("INTEREST_RETENTION_DAYS"))
            )
        ),
        "enquiry_accesses": delete_in_batches(
            EnquiryAccess.objects.filter(
                accessed_at__lt=now
                - datetime.timedelta(days=retention_days("ENQUIRY_ACCESS_LOG_RETENTION_DAYS"))
            )
        ),
    }
    outbox_cutoff = now - datetime.timedelta(days=retention_days("OUTBOX_RETENTION_DAYS"))
    counts["outbox_sent"] = delete_in_batches(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT, sent_at__lt=outbox_cutoff)
    )
    counts["outbox_failed"] = delete_in_batches(
        OutboxMessage.objects.filter(
            status=OutboxMessage.Status.FAILED, created_at__lt=outbox_cutoff
        )
    )
    RetentionRun.objects.create(ran_at=now, counts=counts)
    logger.info(
        "Retention deleted %s",
        ", ".join(f"{count} {name}" for name, count in counts.items()),
    )
    return counts
