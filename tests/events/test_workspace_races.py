"""Two members of staff pressing the same button at the same moment (or one person's
double click): the database decides, nobody gets two messages, no seat is sold twice."""

import queue
import uuid

from django.core.exceptions import ValidationError

from events import services
from events.models import EventMessage, Registration
from notifications.models import OutboxMessage
from tests.factories import EventFactory, MembershipFactory, RegistrationFactory
from tests.helpers import run_at_once

BASE_URL = "https://selvhjelp.example/"


def test_event_message_double_submit_at_once_is_sent_once(reference_rows):
    event = EventFactory(capacity=None)
    RegistrationFactory.create_batch(3, event=event)
    user = MembershipFactory(contact_point=event.contact_point).user
    key = uuid.uuid4()

    results = run_at_once(
        lambda: services.event_message_send(
            event=event, text="Husk matpakke.", include_waiting=False, key=key, user=user
        )[1]
    )

    assert sorted(results) == [False, True]
    assert EventMessage.objects.count() == 1
    assert OutboxMessage.objects.filter(reason="event_message").count() == 3


def test_registration_promote_two_for_the_last_seat_one_gets_it(reference_rows):
    event = EventFactory(capacity=2)
    RegistrationFactory(event=event)
    waiting = [
        RegistrationFactory(event=event, status=Registration.Status.WAITING) for _ in range(2)
    ]
    handed_out = queue.Queue()
    for registration in waiting:
        handed_out.put(registration)

    def promote():
        try:
            services.registration_promote(registration=handed_out.get(), base_url=BASE_URL)
        except ValidationError as error:
            return error.code
        return "moved up"

    results = run_at_once(promote)

    assert sorted(results) == ["full", "moved up"]
    assert event.registrations.filter(status=Registration.Status.CONFIRMED).count() == 2
    assert event.registrations.filter(status=Registration.Status.WAITING).count() == 1
    assert OutboxMessage.objects.filter(reason="registration_moved_up").count() == 1
