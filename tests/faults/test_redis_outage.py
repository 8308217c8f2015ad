"""Redis stopped: enquiries sent meanwhile are all saved and answered; after Redis
returns, every notification is sent, none twice."""

from collections import Counter

import pytest
from django.conf import settings
from django.urls import reverse

from enquiries.models import Enquiry
from notifications.models import OutboxMessage
from tests.factories import (
    ContactPointFactory,
    MembershipFactory,
    SelfHelpGroupFactory,
    UserFactory,
)
from tests.faults.harness import sweep_as_beat_does, wait_for
from tests.helpers import human_form_fields

ENQUIRIES = 10


@pytest.fixture
def group(reference_data):
    contact_point = ContactPointFactory(name="Frivilligsentralen på Tøyen")
    MembershipFactory(contact_point=contact_point, user=UserFactory(email="ansatt@fs.example.no"))
    return SelfHelpGroupFactory(contact_point=contact_point)


def enquiry_data(n):
    return {
        "name": f"Innbygger {n}",
        "preferred_channel": "email",
        "email": f"innbygger{n}@example.no",
        "phone": "",
        "preferred_time": "",
        "message": "Jeg vil gjerne vite mer om gruppen.",
        "consent": "on",
        **human_form_fields(),
    }


def expected_deliveries():
    """What the mail server must receive: each outbox row's Message-ID, to its
    recipient."""
    return {
        f"<outbox-{pk}@{settings.MESSAGE_ID_DOMAIN}>": (recipient,)
        for pk, recipient in OutboxMessage.objects.values_list("pk", "recipient")
    }


def outage_scenario(client, group, throwaway_redis, celery_processes, smtp_sink):
    # A worker is running when Redis goes away; it has to find its way back.
    worker = celery_processes.worker()
    throwaway_redis.stop()

    url = reverse("enquiries:group", kwargs={"slug": group.slug})
    responses = [client.post(url, enquiry_data(n), follow=True) for n in range(ENQUIRIES)]

    # Every resident got the receipt page, naming the contact point.
    for response in responses:
        assert response.redirect_chain == [(reverse("enquiries:receipt"), 302)]
        assert "Frivilligsentralen på Tøyen" in response.content.decode()
    # Every enquiry is saved, with its staff notification waiting in the outbox.
    enquiries = Enquiry.objects.filter(contact_point=group.contact_point)
    assert sorted(enquiries.values_list("email", flat=True)) == sorted(
        f"innbygger{n}@example.no" for n in range(ENQUIRIES)
    )
    staff = group.contact_point.memberships.get().user
    assert set(OutboxMessage.objects.values_list("key", "status")) == {
        (f"enquiry-waiting:{enquiry.pk}:{staff.pk}", OutboxMessage.Status.PENDING)
        for enquiry in enquiries
    }

    # Redis returns, empty: it kept nothing. Beat's sweep, sent through it, reaches the
    # worker once the worker has reconnected.
    throwaway_redis.start()
    sweep_as_beat_does(worker)
    wait_for(
        lambda: not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists(),
        timeout=30,
        what="every outbox row sent",
    )
    # Another sweep finds nothing more to send.
    sweep_as_beat_does(worker)

    expected = expected_deliveries()
    assert len(expected) == ENQUIRIES
    assert smtp_sink.message_ids() == Counter(expected.keys())
    assert {(m.message_id, m.recipients) for m in smtp_sink.received} == set(expected.items())


def test_enquiries_broker_stopped_saved_then_each_notification_sent_once(
    client, group, throwaway_redis, celery_processes, smtp_sink
):
    outage_scenario(client, group, throwaway_redis, celery_processes, smtp_sink)


def test_enquiries_whole_redis_stopped_saved_then_each_notification_sent_once(
    client, group, throwaway_redis, celery_processes, smtp_sink, settings
):
    # As in production: one Redis for the cache (rate limits) and the broker.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": throwaway_redis.url,
        }
    }
    outage_scenario(client, group, throwaway_redis, celery_processes, smtp_sink)
