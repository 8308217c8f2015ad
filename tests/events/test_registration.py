"""Registering for an event, the waiting list, and cancelling with the emailed link."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from events import services
from events.models import Event, Registration
from notifications.models import OutboxMessage
from selvhjelp.abuse import sign_started
from tests.events.conftest import evening_in, registration_data
from tests.factories import EventFactory, RegistrationFactory
from tests.helpers import human_form_fields

pytestmark = pytest.mark.django_db

BASE_URL = "https://selvhjelp.example/"
# Words that must never show on a lock screen.
REVEALING = ["angst", "sorg", "depresjon", "rus", "selvhjelp", "gruppe", "informasjonsmøte"]


def detail(event):
    return f"/arrangementer/{event.slug}/"


def register(client, event, **fields):
    return client.post(detail(event), registration_data(**fields))


def cancel_path(registration):
    return f"/arrangementer/avmelding/{registration.token}/"


def assert_neutral(subject, event):
    assert event.title.casefold() not in subject.casefold()
    for word in REVEALING:
        assert word not in subject.casefold(), subject


# --- Registering through the page ----------------------------------------------------


def test_registration_confirmed_saves_row_and_queues_confirmation(english):
    event = EventFactory(title="Informasjonsmøte om sorg", capacity=2)

    response = register(english, event, name="Kari", email="Kari@Example.no")

    assert response.status_code == 302
    assert response["Location"] == f"/arrangementer/{event.slug}/pameldt/"
    registration = Registration.objects.get(event=event)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.name == "Kari"
    assert registration.email == "Kari@Example.no"
    message = OutboxMessage.objects.get(key=f"registration-confirmed:{registration.pk}")
    assert message.recipient == "Kari@Example.no"
    assert message.subject == "Your registration is confirmed"
    assert_neutral(message.subject, event)
    cancel_url = f"http://testserver/arrangementer/avmelding/{registration.token}/"
    assert cancel_url in message.body_text
    assert cancel_url in message.body_html
    assert "Informasjonsmøte om sorg" in message.body_text


def test_registration_success_page_says_registered(english):
    event = EventFactory()

    response = register(english, event)
    html = english.get(response["Location"]).content.decode()

    assert "<h1>You are registered</h1>" in html
    assert "We have sent a confirmation to your email address" in html
    # The link to cancel is in the email, not on the screen.
    token = Registration.objects.get().token
    assert token not in html


def test_registration_phone_only_shows_cancel_link_instead_of_email(english):
    event = EventFactory()

    response = register(english, event, email="", phone="412 34 567")

    registration = Registration.objects.get()
    assert registration.phone == "412 34 567"
    assert registration.email == ""
    assert not OutboxMessage.objects.exists()
    html = english.get(response["Location"]).content.decode()
    assert "You gave no email address, so no confirmation is sent." in html
    assert f'href="/arrangementer/avmelding/{registration.token}/"' in html


def test_registration_success_page_without_registration_goes_to_event(client):
    event = EventFactory()

    response = client.get(f"/arrangementer/{event.slug}/pameldt/")

    assert response.status_code == 302
    assert response["Location"] == detail(event)


def test_registration_full_event_goes_to_waiting_list(english):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)

    response = register(english, event, email="ventende@example.no")

    registration = Registration.objects.get(email="ventende@example.no")
    assert registration.status == Registration.Status.WAITING
    message = OutboxMessage.objects.get(key=f"registration-waiting:{registration.pk}")
    assert message.subject == "You are on the waiting list"
    assert_neutral(message.subject, event)
    assert "waiting list" in message.body_text
    assert registration.token in message.body_text
    html = english.get(response["Location"]).content.decode()
    assert "You are on the waiting list" in html
    assert "you are number 1 on the waiting list" in html


def test_registration_online_event_sends_link_to_confirmed_only(english):
    event = EventFactory(
        is_online=True, municipality=None, online_url="https://video.example.no/rom-7", capacity=1
    )

    register(english, event, email="forst@example.no")
    register(english, event, email="sist@example.no")

    confirmed = OutboxMessage.objects.get(recipient="forst@example.no")
    waiting = OutboxMessage.objects.get(recipient="sist@example.no")
    assert "https://video.example.no/rom-7" in confirmed.body_text
    assert "https://video.example.no/rom-7" not in waiting.body_text


def test_registration_online_event_needs_email(english):
    event = EventFactory(is_online=True, municipality=None, online_url="https://v.example/r")

    response = register(english, event, email="", phone="41234567")

    assert response.status_code == 200
    assert not Registration.objects.exists()
    assert "so we can send you the link to the meeting" in response.content.decode()


def test_registration_without_email_or_phone_is_refused(english):
    event = EventFactory()

    response = register(english, event, email="", phone="")

    assert response.status_code == 200
    assert not Registration.objects.exists()
    html = response.content.decode()
    assert "Write an email address or a phone number" in html
    assert 'href="#id_email"' in html  # the error summary links to the field


def test_registration_without_consent_is_refused(english):
    event = EventFactory()
    data = registration_data()
    del data["consent"]

    response = english.post(detail(event), data)

    assert response.status_code == 200
    assert not Registration.objects.exists()
    assert "Tick the box so we may store your registration." in response.content.decode()


def test_registration_duplicate_email_is_a_form_error_keeping_what_was_typed(english):
    event = EventFactory()
    RegistrationFactory(event=event, email="kari@example.no")

    response = register(english, event, name="Kari Typed", email="KARI@example.no")

    assert response.status_code == 200
    assert Registration.objects.count() == 1
    html = response.content.decode()
    assert "This email address is already registered for this event." in html
    assert 'value="Kari Typed"' in html
    assert 'value="KARI@example.no"' in html
    assert 'aria-invalid="true"' in html
    assert not OutboxMessage.objects.exists()


def test_registration_same_email_again_after_cancelling_is_allowed(client):
    event = EventFactory()
    RegistrationFactory(event=event, email="kari@example.no", status="cancelled")

    register(client, event, email="kari@example.no")

    assert event.registrations.filter(status=Registration.Status.CONFIRMED).count() == 1


def test_registration_invalid_phone_is_refused(english):
    event = EventFactory()

    response = register(english, event, email="", phone="ring meg")

    assert response.status_code == 200
    assert not Registration.objects.exists()
    assert "Write a phone number with 8 digits" in response.content.decode()


def test_registration_honeypot_filled_saves_nothing(client):
    event = EventFactory()

    response = register(client, event, website="http://spam.example")

    assert response.status_code == 200
    assert not Registration.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_registration_too_quick_saves_nothing_and_keeps_input(english):
    event = EventFactory()

    response = register(
        english, event, name="Rask", started=sign_started(timezone.now().timestamp())
    )

    assert response.status_code == 200
    assert not Registration.objects.exists()
    assert 'value="Rask"' in response.content.decode()


def test_registration_rate_limited_answers_429(client, settings):
    # The limit is read when the view is decorated, at import: use the configured one.
    allowed = int(settings.PUBLIC_FORM_RATE.split("/")[0])
    event = EventFactory(capacity=None)

    statuses = [
        register(client, event, email=f"p{number}@example.no").status_code
        for number in range(allowed + 1)
    ]

    assert statuses == [302] * allowed + [429]
    assert Registration.objects.count() == allowed


@pytest.mark.parametrize(
    "event_kwargs",
    [
        {"status": Event.Status.CANCELLED},
        {
            "starts_at": evening_in(-1),
            "ends_at": evening_in(-1) + datetime.timedelta(hours=2),
        },
        {
            # started an hour ago, ends in an hour
            "starts_at": timezone.now() - datetime.timedelta(hours=1),
            "ends_at": timezone.now() + datetime.timedelta(hours=1),
        },
    ],
    ids=["cancelled", "past", "ongoing"],
)
def test_registration_closed_event_takes_no_registration(client, event_kwargs):
    event = EventFactory(**event_kwargs)

    response = register(client, event)

    assert response.status_code == 200
    assert 'name="consent"' not in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_get_is_never_rate_limited(client, settings):
    allowed = int(settings.PUBLIC_FORM_RATE.split("/")[0])
    event = EventFactory()

    assert {client.get(detail(event)).status_code for _ in range(allowed + 1)} == {200}


# --- The service --------------------------------------------------------------------


def test_registration_create_service_fills_seats_then_waiting_list():
    event = EventFactory(capacity=2)

    statuses = [
        services.registration_create(
            event=event, name=f"P{n}", email=f"p{n}@example.no", base_url=BASE_URL
        ).status
        for n in range(4)
    ]

    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]


def test_registration_create_service_without_capacity_always_confirms():
    event = EventFactory(capacity=None)

    for n in range(5):
        services.registration_create(event=event, name="P", phone=f"4123456{n}", base_url=BASE_URL)

    assert set(event.registrations.values_list("status", flat=True)) == {"confirmed"}


def test_registration_create_service_duplicate_email_raises_translated():
    event = EventFactory()
    services.registration_create(event=event, name="A", email="a@example.no", base_url=BASE_URL)

    with pytest.raises(ValidationError) as raised:
        services.registration_create(
            event=event, name="A", email=" A@EXAMPLE.NO ", base_url=BASE_URL
        )

    assert raised.value.code == "duplicate"
    assert event.registrations.count() == 1


def test_registration_create_service_refuses_cancelled_event():
    event = EventFactory(status=Event.Status.CANCELLED)

    with pytest.raises(ValidationError) as raised:
        services.registration_create(event=event, name="A", email="a@x.no", base_url=BASE_URL)

    assert raised.value.code == "registration_closed"


# --- Cancelling ---------------------------------------------------------------------


def full_event_with_waiting_list():
    event = EventFactory(capacity=1)
    holder = services.registration_create(
        event=event, name="Anna", email="anna@example.no", base_url=BASE_URL
    )
    first = services.registration_create(
        event=event, name="Bjørn", email="bjorn@example.no", base_url=BASE_URL
    )
    second = services.registration_create(
        event=event, name="Cecilie", email="cecilie@example.no", base_url=BASE_URL
    )
    return event, holder, first, second


def test_cancel_get_asks_and_changes_nothing(english):
    _event, holder, first, _second = full_event_with_waiting_list()
    messages_before = OutboxMessage.objects.count()

    response = english.get(cancel_path(holder))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Cancel your registration?" in html
    assert f'action="{cancel_path(holder)}"' in html
    assert 'method="post"' in html
    holder.refresh_from_db()
    first.refresh_from_db()
    assert holder.status == Registration.Status.CONFIRMED
    assert first.status == Registration.Status.WAITING
    assert OutboxMessage.objects.count() == messages_before
    assert response["Cache-Control"].startswith("max-age=0")


def test_cancel_post_moves_first_waiting_person_up_and_tells_only_them(english):
    event, holder, first, second = full_event_with_waiting_list()

    response = english.post(cancel_path(holder))

    assert response.status_code == 200
    assert "Your registration is cancelled" in response.content.decode()
    holder.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert holder.status == Registration.Status.CANCELLED
    assert holder.cancelled_at is not None
    assert first.status == Registration.Status.CONFIRMED
    assert second.status == Registration.Status.WAITING

    moved = OutboxMessage.objects.filter(reason="registration_moved_up")
    assert [m.key for m in moved] == [f"registration-moved-up:{first.pk}"]
    message = moved.get()
    assert message.recipient == "bjorn@example.no"
    assert_neutral(message.subject, event)
    assert cancel_path(first) in message.body_text
    receipt = OutboxMessage.objects.get(reason="registration_cancelled")
    assert receipt.recipient == "anna@example.no"
    assert_neutral(receipt.subject, event)


def test_cancel_waiting_registration_moves_nobody_up(client):
    _event, holder, first, second = full_event_with_waiting_list()

    client.post(cancel_path(first))

    first.refresh_from_db()
    second.refresh_from_db()
    holder.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert second.status == Registration.Status.WAITING
    assert holder.status == Registration.Status.CONFIRMED
    assert not OutboxMessage.objects.filter(reason="registration_moved_up").exists()


def test_cancel_twice_second_time_is_friendly_404(english):
    _event, holder, _first, _second = full_event_with_waiting_list()
    english.post(cancel_path(holder))

    again = english.post(cancel_path(holder))
    look = english.get(cancel_path(holder))

    assert again.status_code == 404
    assert look.status_code == 404
    assert "This link no longer works" in look.content.decode()
    assert Registration.objects.filter(status=Registration.Status.CONFIRMED).count() == 1


@pytest.mark.parametrize("token", ["finnes-ikke", "x" * 80, "%00", "a'b"])
def test_cancel_unknown_token_is_friendly_404(english, token):
    response = english.get(f"/arrangementer/avmelding/{token}/")

    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()


def test_cancel_after_event_is_over_is_404(client):
    past = evening_in(-40)
    event = EventFactory(starts_at=past, ends_at=past + datetime.timedelta(hours=2))
    registration = RegistrationFactory(event=event)

    assert client.post(cancel_path(registration)).status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_cancel_phone_only_registration_texts_the_person_moved_up(client):
    event = EventFactory(capacity=1)
    holder = services.registration_create(
        event=event, name="Anna", phone="41234567", base_url=BASE_URL
    )
    waiting = services.registration_create(
        event=event, name="Bjørn", phone="41234568", base_url=BASE_URL
    )

    client.post(cancel_path(holder))

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    # The one who cancelled gave no email and is told nothing; the one moved up is
    # told by text message.
    [message] = OutboxMessage.objects.all()
    assert (message.channel, message.recipient) == ("sms", "41234568")


def test_waiting_list_promote_fills_raised_capacity_in_order():
    event, _holder, first, second = full_event_with_waiting_list()
    Event.objects.filter(pk=event.pk).update(capacity=3)

    moved = services.waiting_list_promote(event=event, base_url=BASE_URL)

    assert [r.pk for r in moved] == [first.pk, second.pk]
    assert event.registrations.filter(status=Registration.Status.CONFIRMED).count() == 3


def test_registrations_delete_expired_after_30_days():
    old_start = evening_in(-32)
    old = EventFactory(starts_at=old_start, ends_at=old_start + datetime.timedelta(hours=2))
    recent_start = evening_in(-20)
    recent = EventFactory(
        starts_at=recent_start, ends_at=recent_start + datetime.timedelta(hours=2)
    )
    RegistrationFactory.create_batch(2, event=old)
    kept = RegistrationFactory(event=recent)

    assert services.registrations_delete_expired() == 2
    assert list(Registration.objects.all()) == [kept]


def test_registration_messages_name_no_problem_in_subject():
    event = EventFactory(title="Informasjonsmøte om angst og depresjon", capacity=1)
    services.registration_create(event=event, name="A", email="a@x.no", base_url=BASE_URL)
    services.registration_create(event=event, name="B", email="b@x.no", base_url=BASE_URL)

    for message in OutboxMessage.objects.all():
        assert_neutral(message.subject, event)
        assert re.search(
            r"https://selvhjelp\.example/arrangementer/avmelding/\S+/", message.body_text
        )


def test_registration_human_form_fields_helper_is_used(client):
    # The guard fields are what a browser sends; without them nothing is saved.
    event = EventFactory()
    data = registration_data()
    for field in human_form_fields():
        del data[field]

    client.post(detail(event), data)

    assert not Registration.objects.exists()
