"""Registrants: the day-before reminder (time travel), and being told of a changed or
cancelled event (the services and the admin that calls them)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from events import services
from events.models import Event, Registration
from notifications.models import OutboxMessage
from notifications.scanners import registrants, run_all
from tests.factories import EventFactory, RegionFactory, RegistrationFactory, UserFactory
from tests.helpers import run_at_once

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
UTC = datetime.UTC
MINUTE = datetime.timedelta(minutes=1)


def oslo(*parts):
    return datetime.datetime(*parts, tzinfo=OSLO)


# A Thursday evening event; the reminder is due from Wednesday 09:00.
EVENT = oslo(2026, 6, 11, 18, 0)
DUE = oslo(2026, 6, 10, 9, 0)
CREATED = oslo(2026, 6, 1, 12, 0)


def registration(starts_at=EVENT, *, created_at=CREATED, event=None, **fields):
    with time_machine.travel(created_at, tick=False):
        event = event or EventFactory(starts_at=starts_at, venue_name="Biblioteket")
        return RegistrationFactory(event=event, **fields)


def scan_at(moment):
    with time_machine.travel(moment, tick=False):
        return registrants.scan(now=timezone.now())


def keys(reason="registration_reminder"):
    return sorted(OutboxMessage.objects.filter(reason=reason).values_list("key", flat=True))


def key_of(registration, starts_at=None):
    return registrants.reminder_key(registration.pk, starts_at or registration.event.starts_at)


def cancel_url(registration):
    return settings.SITE_URL + reverse("events:cancel", kwargs={"token": registration.token})


# --- the day-before reminder --------------------------------------------------------


def test_registration_reminder_key_names_event_time_in_utc():
    person = registration()

    assert key_of(person) == f"registration-reminder:{person.pk}:20260611T1600Z"


def test_registration_reminder_not_due_before_nine_the_day_before():
    registration()

    assert scan_at(DUE - MINUTE) == 0
    assert keys() == []


def test_registration_reminder_due_from_nine_the_day_before():
    person = registration()

    assert scan_at(DUE) == 1

    message = OutboxMessage.objects.get()
    assert message.key == key_of(person)
    assert message.recipient == person.email
    assert message.channel == OutboxMessage.Channel.EMAIL
    assert cancel_url(person) in message.body_text
    assert cancel_url(person) in message.body_html
    assert "Biblioteket" in message.body_text


def test_registration_reminder_neutral_subject_in_bokmal():
    person = registration()

    scan_at(DUE)

    message = OutboxMessage.objects.get()
    # Registrations keep no language: bokmål.
    with translation.override("nb"):
        assert message.subject == gettext("Reminder about your registration")
    assert person.event.title not in message.subject


def test_registration_reminder_not_twice():
    person = registration()

    assert scan_at(DUE) == 1
    assert scan_at(DUE + 5 * MINUTE) == 0
    assert scan_at(EVENT - MINUTE) == 0

    assert keys() == [key_of(person)]
    assert not registrants.due_registrations(now=DUE + 5 * MINUTE).exists()


def test_registration_reminder_sent_late_on_the_day_after_missed_scans():
    person = registration()

    assert scan_at(oslo(2026, 6, 11, 16, 0)) == 1
    assert keys() == [key_of(person)]


def test_registration_reminder_not_after_event_started():
    registration()

    assert scan_at(EVENT) == 0
    assert scan_at(EVENT + 30 * MINUTE) == 0


def test_registration_reminder_not_when_registered_after_nine_the_day_before():
    registration(created_at=DUE + MINUTE)
    on_time = registration(created_at=DUE - MINUTE)

    assert scan_at(DUE + 2 * MINUTE) == 1
    assert scan_at(oslo(2026, 6, 11, 12, 0)) == 0
    assert keys() == [key_of(on_time)]


def test_registration_reminder_not_when_registered_on_the_day():
    registration(created_at=oslo(2026, 6, 11, 10, 0))

    assert scan_at(oslo(2026, 6, 11, 10, 5)) == 0


def test_registration_reminder_morning_event_reminded_the_day_before_at_nine():
    person = registration(starts_at=oslo(2026, 6, 11, 8, 0))

    assert scan_at(DUE - MINUTE) == 0
    assert scan_at(DUE) == 1
    assert keys() == [key_of(person)]


def test_registration_reminder_only_for_confirmed():
    event = registration().event
    registration(event=event, status=Registration.Status.WAITING)
    registration(event=event, status=Registration.Status.CANCELLED, cancelled_at=timezone.now())

    assert scan_at(DUE) == 1


@pytest.mark.parametrize("status", [Event.Status.DRAFT, Event.Status.CANCELLED])
def test_registration_reminder_not_for_unpublished_event(status):
    person = registration()
    Event.objects.filter(pk=person.event_id).update(status=status)

    assert scan_at(DUE) == 0


def test_registration_reminder_by_sms_with_phone_only():
    person = registration(email="", phone="+4798765432")

    scan_at(DUE)

    message = OutboxMessage.objects.get()
    assert message.channel == OutboxMessage.Channel.SMS
    assert message.recipient == "+4798765432"
    assert cancel_url(person) in message.body_text
    assert person.event.title not in message.body_text
    assert "18:00" in message.body_text


def test_registration_reminder_online_event_gives_the_link():
    with time_machine.travel(CREATED, tick=False):
        event = EventFactory(
            starts_at=EVENT,
            is_online=True,
            municipality=None,
            online_url="https://møte.example/rom-42",
        )
    by_email = registration(event=event)
    registration(event=event, email="", phone="+4798765432")

    scan_at(DUE)

    email = OutboxMessage.objects.get(recipient=by_email.email)
    sms = OutboxMessage.objects.get(recipient="+4798765432")
    assert "https://møte.example/rom-42" in email.body_text
    assert "https://møte.example/rom-42" in email.body_html
    assert "https://møte.example/rom-42" in sms.body_text


def test_registration_reminder_region_event():
    with time_machine.travel(CREATED, tick=False):
        event = EventFactory(starts_at=EVENT, contact_point=None, region=RegionFactory())
    person = registration(event=event)

    assert scan_at(DUE) == 1
    assert event.region.name in OutboxMessage.objects.get(key=key_of(person)).body_text


def test_registration_reminder_due_again_for_moved_event():
    person = registration()
    scan_at(DUE)
    moved_to = oslo(2026, 6, 18, 18, 0)
    Event.objects.filter(pk=person.event_id).update(
        starts_at=moved_to, ends_at=moved_to + datetime.timedelta(hours=2)
    )

    assert scan_at(oslo(2026, 6, 17, 8, 59)) == 0
    assert scan_at(oslo(2026, 6, 17, 9, 0)) == 1
    assert keys() == sorted([key_of(person, EVENT), key_of(person, moved_to)])


def test_registration_reminder_after_october_change_at_nine_local_time():
    # Summer time ends Sunday 25 October 2026; Sunday 09:00 CET is 08:00 UTC.
    person = registration(starts_at=oslo(2026, 10, 26, 18, 0), created_at=oslo(2026, 10, 1, 9))
    nine = datetime.datetime(2026, 10, 25, 8, 0, tzinfo=UTC)

    assert scan_at(nine - MINUTE) == 0
    assert scan_at(nine) == 1
    assert keys() == [key_of(person)]


def test_registration_reminder_after_march_change_at_nine_local_time():
    # Summer time starts Sunday 29 March 2026; Sunday 09:00 CEST is 07:00 UTC.
    person = registration(starts_at=oslo(2026, 3, 30, 18, 0), created_at=oslo(2026, 3, 1, 9))
    nine = datetime.datetime(2026, 3, 29, 7, 0, tzinfo=UTC)

    assert scan_at(nine - MINUTE) == 0
    assert scan_at(nine) == 1
    assert keys() == [key_of(person)]


def test_registration_reminder_run_all_includes_scanner():
    person = registration()

    with time_machine.travel(DUE, tick=False):
        result = run_all(now=timezone.now())

    assert result["notifications.scanners.registrants.scan"] == 1
    assert keys() == [key_of(person)]


def test_registration_reminder_scan_finds_due_in_fixed_queries(django_assert_num_queries):
    event = registration().event
    for _ in range(4):
        registration(event=event)
    OutboxMessage.objects.bulk_create(
        OutboxMessage(key=key_of(person), reason="registration_reminder", recipient="x", subject="")
        for person in Registration.objects.all()
    )

    # Everything already queued: one query finds nothing to do.
    with time_machine.travel(DUE, tick=False), django_assert_num_queries(1):
        assert registrants.scan(now=timezone.now()) == 0


@pytest.mark.django_db(transaction=True)
def test_registration_reminder_concurrent_scans_queue_once(reference_data):
    event = registration().event
    for _ in range(5):
        registration(event=event)
    with time_machine.travel(DUE, tick=False):
        results = run_at_once(lambda: registrants.scan(now=DUE))

    assert sum(results) == 6
    assert OutboxMessage.objects.filter(reason="registration_reminder").count() == 6


# --- event changed ------------------------------------------------------------------


def people_at(event):
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    by_phone = RegistrationFactory(event=event, email="", phone="+4791111111")
    RegistrationFactory(
        event=event, status=Registration.Status.CANCELLED, cancelled_at=timezone.now()
    )
    return confirmed, waiting, by_phone


def move(event, *, days=1):
    event.starts_at += datetime.timedelta(days=days)
    event.ends_at += datetime.timedelta(days=days)
    event.save()


def test_event_change_notify_tells_confirmed_and_waiting():
    event = EventFactory()
    confirmed, waiting, _by_phone = people_at(event)
    move(event)

    assert services.event_change_notify(event=event, changes=["starts_at", "ends_at"]) == 3

    messages = OutboxMessage.objects.filter(reason="event_changed")
    assert sorted(messages.values_list("recipient", flat=True)) == sorted(
        [confirmed.email, waiting.email, "+4791111111"]
    )
    assert messages.get(recipient="+4791111111").channel == OutboxMessage.Channel.SMS
    email = messages.get(recipient=confirmed.email)
    assert cancel_url(confirmed) in email.body_text
    with translation.override("nb"):
        assert email.subject == gettext("A change to an event you registered for")
        assert gettext("a new time") in email.body_text
        assert gettext("a new place") not in email.body_text
        assert gettext("You are still on the waiting list.") in (
            messages.get(recipient=waiting.email).body_text
        )


def test_event_change_notify_retry_queues_nothing_new():
    event = EventFactory()
    people_at(event)
    move(event)

    services.event_change_notify(event=event, changes=["starts_at"])
    assert services.event_change_notify(event=event, changes=["starts_at"]) == 0

    assert OutboxMessage.objects.filter(reason="event_changed").count() == 3


def test_event_change_notify_second_change_tells_again():
    event = EventFactory()
    people_at(event)
    move(event)
    services.event_change_notify(event=event, changes=["starts_at"])

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1), tick=False):
        event.venue_name = "Rådhuset"
        event.save()
        assert services.event_change_notify(event=event, changes=["venue_name"]) == 3

    assert OutboxMessage.objects.filter(reason="event_changed").count() == 6


def test_event_change_notify_ignores_other_fields():
    event = EventFactory()
    people_at(event)

    assert services.event_change_notify(event=event, changes=["title", "description"]) == 0
    assert not OutboxMessage.objects.exists()


def test_event_change_notify_not_for_started_event():
    event = EventFactory(starts_at=timezone.now() - datetime.timedelta(minutes=10))
    people_at(event)

    assert services.event_change_notify(event=event, changes=["venue_name"]) == 0


# --- event cancelled ----------------------------------------------------------------


def test_event_cancel_cancels_and_tells_registrants():
    event = EventFactory()
    confirmed, waiting, _by_phone = people_at(event)

    assert services.event_cancel(event=event) == 3

    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    messages = OutboxMessage.objects.filter(reason="event_cancelled")
    assert sorted(messages.values_list("recipient", flat=True)) == sorted(
        [confirmed.email, waiting.email, "+4791111111"]
    )
    with translation.override("nb"):
        assert messages.get(recipient=confirmed.email).subject == gettext(
            "An event you registered for is cancelled"
        )
    assert event.title not in messages.get(recipient="+4791111111").body_text


def test_event_cancel_retry_queues_nothing_new():
    event = EventFactory()
    people_at(event)
    services.event_cancel(event=event)

    assert services.event_cancel(event=event) == 0
    assert OutboxMessage.objects.filter(reason="event_cancelled").count() == 3


def test_event_cancel_started_event_refused():
    event = EventFactory(starts_at=timezone.now() - datetime.timedelta(minutes=10))
    people_at(event)

    with pytest.raises(ValidationError):
        services.event_cancel(event=event)

    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert not OutboxMessage.objects.exists()


def test_event_cancel_no_more_day_before_reminder():
    person = registration()
    with time_machine.travel(DUE - datetime.timedelta(hours=2), tick=False):
        services.event_cancel(event=person.event)

    assert scan_at(DUE) == 0


# --- the admin calls them -----------------------------------------------------------


@pytest.fixture
def admin_client(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(superuser, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(superuser)
    return client


def event_form(event, **changes):
    """The admin change form of ``event`` as the browser sends it, with ``changes``."""
    starts_at = timezone.localtime(changes.pop("starts_at", event.starts_at))
    ends_at = timezone.localtime(changes.pop("ends_at", event.ends_at))
    data = {
        "contact_point": event.contact_point_id or "",
        "region": event.region_id or "",
        "title": event.title,
        "slug": event.slug,
        "kind": event.kind,
        "audience": event.audience,
        "intended_outcome": event.intended_outcome,
        "description": event.description,
        "starts_at_0": starts_at.date().isoformat(),
        "starts_at_1": starts_at.strftime("%H:%M:%S"),
        "ends_at_0": ends_at.date().isoformat(),
        "ends_at_1": ends_at.strftime("%H:%M:%S"),
        "online_url": event.online_url,
        "municipality": event.municipality_id or "",
        "venue_name": event.venue_name,
        "venue_address": event.venue_address,
        "capacity": event.capacity or "",
        "status": event.status,
        "_save": "Save",
    }
    if event.is_online:
        data["is_online"] = "on"
    data.update(changes)
    return data


def test_admin_save_with_new_time_tells_registrants(admin_client):
    event = EventFactory()
    people_at(event)
    new_start = event.starts_at + datetime.timedelta(days=1)

    response = admin_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        event_form(event, starts_at=new_start, ends_at=new_start + datetime.timedelta(hours=2)),
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.starts_at == new_start
    assert OutboxMessage.objects.filter(reason="event_changed").count() == 3


def test_admin_save_with_new_place_tells_registrants(admin_client):
    event = EventFactory()
    people_at(event)

    admin_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        event_form(event, venue_name="Rådhuset"),
    )

    messages = OutboxMessage.objects.filter(reason="event_changed")
    assert messages.count() == 3
    with translation.override("nb"):
        assert gettext("a new place") in messages.filter(channel="email").first().body_text
    assert "Rådhuset" in messages.get(channel="sms").body_text


def test_admin_save_other_change_tells_nobody(admin_client):
    event = EventFactory()
    people_at(event)

    response = admin_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        event_form(event, description="Velkommen! Kaffe og vafler."),
    )

    assert response.status_code == 302
    assert not OutboxMessage.objects.exists()


def test_admin_save_status_cancelled_tells_registrants(admin_client):
    event = EventFactory()
    people_at(event)

    admin_client.post(
        reverse("admin:events_event_change", args=[event.pk]),
        event_form(event, status=Event.Status.CANCELLED),
    )

    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert OutboxMessage.objects.filter(reason="event_cancelled").count() == 3


def test_admin_action_cancel_and_tell(admin_client):
    first, second = EventFactory(), EventFactory()
    people_at(first)
    RegistrationFactory(event=second)
    untouched = EventFactory()
    RegistrationFactory(event=untouched)

    response = admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "cancel_and_tell", "_selected_action": [first.pk, second.pk]},
    )

    assert response.status_code == 302
    assert set(Event.objects.filter(status=Event.Status.CANCELLED)) == {first, second}
    assert OutboxMessage.objects.filter(reason="event_cancelled").count() == 4
    assert not OutboxMessage.objects.filter(recipient=untouched.registrations.get().email)


def test_admin_action_leaves_started_event(admin_client):
    started = EventFactory(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    RegistrationFactory(event=started)

    admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "cancel_and_tell", "_selected_action": [started.pk]},
    )

    started.refresh_from_db()
    assert started.status == Event.Status.PUBLISHED
    assert not OutboxMessage.objects.exists()
