"""Retention: each kind of personal data goes the day after its limit, not the day
before; open enquiries stay whatever their age; each run is recorded."""

import datetime
import logging
import uuid

import pytest
from django.utils import timezone

from contactpoints.models import ContactPoint
from enquiries.models import Enquiry
from events.models import Event, EventMessage
from groups.models import SelfHelpGroup
from notifications import retention
from notifications.models import OutboxMessage, RetentionRun
from notifications.tasks import run_retention
from notifications.workdays import OSLO
from tests.factories import (
    ContactPointFactory,
    EnquiryFactory,
    EventFactory,
    InterestRegistrationFactory,
    RegistrationFactory,
    SelfHelpGroupFactory,
)

pytestmark = pytest.mark.django_db

# In UTC, so that "N days ago" is N × 24 hours also across the change to summer time.
NOW = datetime.datetime(2026, 11, 24, 3, 40, tzinfo=OSLO).astimezone(datetime.UTC)
DAY = datetime.timedelta(days=1)


def closed_enquiry(closed_days_ago, contact_point):
    closed_at = NOW - closed_days_ago * DAY
    enquiry = EnquiryFactory(
        contact_point=contact_point, status=Enquiry.Status.CLOSED, closed_at=closed_at
    )
    Enquiry.objects.filter(pk=enquiry.pk).update(created_at=closed_at - 10 * DAY)
    return enquiry


def outbox(key, *, status, days_ago):
    moment = NOW - days_ago * DAY
    message = OutboxMessage.objects.create(
        key=key,
        reason="test",
        recipient="someone@example.no",
        subject="s",
        body_text="b",
        status=status,
        sent_at=moment if status == OutboxMessage.Status.SENT else None,
    )
    OutboxMessage.objects.filter(pk=message.pk).update(created_at=moment)
    return message


def exists(obj):
    return type(obj).objects.filter(pk=obj.pk).exists()


@pytest.fixture
def data(time_machine):
    time_machine.move_to(NOW - 800 * DAY, tick=False)
    cp = ContactPointFactory()
    group = SelfHelpGroupFactory(contact_point=cp)
    things = {
        "cp": cp,
        "group": group,
        # Enquiries: closed 182 days ago, exactly 183, 184.
        "closed_182": closed_enquiry(182, cp),
        "closed_183": closed_enquiry(183, cp),
        "closed_184": closed_enquiry(184, cp),
        "closed_700": closed_enquiry(700, cp),
    }
    # Open enquiries of every status, two years old: never deleted.
    for status in [s for s in Enquiry.Status.values if s != Enquiry.Status.CLOSED]:
        things[f"open_{status}"] = EnquiryFactory(contact_point=cp, status=status)

    # Registrations of events that ended 29 and 31 days ago, and of a future event.
    for days in (29, 31):
        event = EventFactory(
            contact_point=cp,
            starts_at=NOW - days * DAY - datetime.timedelta(hours=2),
            ends_at=NOW - days * DAY,
        )
        things[f"event_{days}"] = event
        things[f"registration_{days}"] = RegistrationFactory(event=event)
        things[f"message_{days}"] = EventMessage.objects.create(
            event=event, key=uuid.uuid4(), text="Husk paraply"
        )
    future = EventFactory(contact_point=cp, starts_at=NOW + 10 * DAY)
    things["registration_future"] = RegistrationFactory(event=future)

    # Interest registrations 364 and 366 days old.
    for days in (364, 366):
        time_machine.move_to(NOW - days * DAY, tick=False)
        things[f"interest_{days}"] = InterestRegistrationFactory()

    # Outbox: sent 89 / 91 days ago; failed 89 / 91; pending queued 200 days ago.
    things["sent_89"] = outbox("k-sent-89", status=OutboxMessage.Status.SENT, days_ago=89)
    things["sent_91"] = outbox("k-sent-91", status=OutboxMessage.Status.SENT, days_ago=91)
    things["failed_89"] = outbox("k-failed-89", status=OutboxMessage.Status.FAILED, days_ago=89)
    things["failed_91"] = outbox("k-failed-91", status=OutboxMessage.Status.FAILED, days_ago=91)
    things["pending_200"] = outbox(
        "k-pending-200", status=OutboxMessage.Status.PENDING, days_ago=200
    )
    time_machine.move_to(NOW, tick=False)
    return things


def test_retention_deletes_after_each_limit_and_keeps_before(data):
    counts = retention.retention_run(now=timezone.now())
    assert counts == {
        "enquiries": 2,
        "registrations": 1,
        "event_messages": 1,
        "interest_registrations": 1,
        "enquiry_accesses": 0,
        "outbox_sent": 1,
        "outbox_failed": 1,
    }
    for gone in ("closed_184", "closed_700", "registration_31", "message_31", "interest_366"):
        assert not exists(data[gone]), gone
    for gone in ("sent_91", "failed_91"):
        assert not exists(data[gone]), gone
    for kept in ("closed_182", "closed_183", "registration_29", "message_29"):
        assert exists(data[kept]), kept
    for kept in ("registration_future",):
        assert exists(data[kept]), kept
    for kept in ("interest_364", "sent_89", "failed_89", "pending_200"):
        assert exists(data[kept]), kept


def test_retention_keeps_open_enquiries_of_any_age(data):
    retention.retention_run(now=timezone.now())
    open_statuses = [s for s in Enquiry.Status.values if s != Enquiry.Status.CLOSED]
    for status in open_statuses:
        assert exists(data[f"open_{status}"]), status
    assert Enquiry.objects.exclude(status=Enquiry.Status.CLOSED).count() == len(open_statuses)


def test_retention_deletes_nothing_else(data):
    before = {model: model.objects.count() for model in (ContactPoint, SelfHelpGroup, Event)}
    retention.retention_run(now=timezone.now())
    assert {model: model.objects.count() for model in before} == before


def test_retention_a_day_later_takes_the_next_ones(data, time_machine):
    time_machine.move_to(NOW + DAY, tick=False)
    counts = retention.retention_run(now=timezone.now())
    assert counts["enquiries"] == 3
    assert not exists(data["closed_183"])  # closed 184 days ago now
    assert exists(data["closed_182"])  # exactly 183 days: not yet "more than"


def test_retention_second_run_deletes_nothing_more(data):
    retention.retention_run(now=timezone.now())
    assert set(retention.retention_run(now=timezone.now()).values()) == {0}
    assert RetentionRun.objects.count() == 2


def test_retention_periods_follow_settings(data, settings):
    settings.ENQUIRY_RETENTION_DAYS = 30
    settings.INTEREST_RETENTION_DAYS = 365 * 3
    settings.REGISTRATION_RETENTION_DAYS = 10
    settings.OUTBOX_RETENTION_DAYS = 30
    counts = retention.retention_run(now=timezone.now())
    assert counts["enquiries"] == 4
    assert counts["interest_registrations"] == 0
    assert counts["registrations"] == 2
    assert not exists(data["registration_29"])
    assert exists(data["registration_future"])
    assert counts["outbox_sent"] == 2
    assert exists(data["pending_200"])


def test_retention_run_recorded_and_logged(data, caplog):
    with caplog.at_level(logging.INFO, logger="notifications.retention"):
        counts = retention.retention_run(now=timezone.now())
    run = RetentionRun.objects.get()
    assert run.ran_at == NOW
    assert run.counts == counts
    assert "2 enquiries" in caplog.text
    assert "1 registrations" in caplog.text


def test_retention_task_runs(data):
    run_retention.apply()
    assert RetentionRun.objects.get().counts["enquiries"] == 2


def test_delete_in_batches_deletes_all_in_small_batches(data):
    cp = data["cp"]
    for _ in range(5):
        closed_enquiry(400, cp)
    expired = Enquiry.objects.filter(closed_at__lt=NOW - 300 * DAY)
    assert expired.count() == 6
    deleted = retention.delete_in_batches(expired, batch_size=2)
    assert deleted == 6
    assert not expired.exists()
    assert exists(data["closed_184"])
