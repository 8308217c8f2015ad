import logging

from celery import shared_task

from events import services

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def delete_expired_registrations():
    """Retention: registrations go 30 days after their event, as the form promises."""
    deleted = services.registrations_delete_expired()
    logger.info("Deleted %d registrations of events that ended over 30 days ago.", deleted)
