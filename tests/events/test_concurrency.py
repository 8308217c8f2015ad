"""Two people take the last seat at the same moment: one gets it, one waits."""

import threading

from django.db import connections, transaction

from events import services
from events.models import Registration
from tests.factories import EventFactory
from tests.helpers import wait_until_another_backend_waits_on_a_lock

BASE_URL = "https://selvhjelp.example/"


def test_registration_last_seat_race_one_confirmed_one_waiting(reference_rows):
    event = EventFactory(capacity=2)
    services.registration_create(event=event, name="Først", email="f@example.no", base_url=BASE_URL)
    start = threading.Barrier(2)
    errors = []

    def register(name):
        try:
            start.wait(timeout=10)
            services.registration_create(
                event=event, name=name, email=f"{name}@example.no", base_url=BASE_URL
            )
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(name,)) for name in ("anna", "bjorn")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    statuses = sorted(event.registrations.exclude(name="Først").values_list("status", flat=True))
    assert statuses == [Registration.Status.CONFIRMED, Registration.Status.WAITING]
    assert event.registrations.filter(status=Registration.Status.CONFIRMED).count() == 2


def test_registration_held_lock_makes_the_second_wait_then_waitlists(reference_rows):
    """The first registration's transaction is still open when the second arrives: the
    second blocks on the event row, then sees the seat taken."""
    event = EventFactory(capacity=1)
    first_in = threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                registration = services.registration_create(
                    event=event, name="anna", email="anna@example.no", base_url=BASE_URL
                )
                first_in.set()
                wait_until_another_backend_waits_on_a_lock()
            outcome["anna"] = registration.status
        finally:
            connections.close_all()

    def second():
        try:
            first_in.wait(timeout=10)
            registration = services.registration_create(
                event=event, name="bjorn", email="bjorn@example.no", base_url=BASE_URL
            )
            outcome["bjorn"] = registration.status
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcome == {"anna": "confirmed", "bjorn": "waiting"}
