"""An event's registrations in the workspace: the list, moving people up, cancelling on
someone's behalf, the CSV export and the message to everyone registered."""

import csv
import io
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, EventMessage, Registration
from notifications.models import OutboxMessage
from tests.events.conftest import evening_in
from tests.factories import (
    ContactPointFactory,
    EventFactory,
    MembershipFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

BASE_URL = "https://selvhjelp.example/"


@pytest.fixture
def cp():
    return ContactPointFactory(name="Frivilligsentralen Nord", slug="fs-nord")


@pytest.fixture
def member(cp):
    return MembershipFactory(contact_point=cp)


@pytest.fixture
def staff(client, member):
    """A staff member (not a manager) of ``cp``, signed in, reading English."""
    client.force_login(member.user)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def event(cp):
    return EventFactory(contact_point=cp, title="Informasjonsmøte om sorg", capacity=2)


def url(name, event, **kwargs):
    return reverse(
        f"workspace:{name}", kwargs={"cp": event.contact_point.slug, "pk": event.pk, **kwargs}
    )


def registration_url(name, registration, event=None):
    return url(name, event or registration.event, registration_pk=registration.pk)


def page_messages(response):
    return [(message.level_tag, str(message)) for message in response.context["messages"]]


# --- The registrations on the event page --------------------------------------------------


def test_event_detail_lists_registrations_by_status_in_order(staff, event):
    first = RegistrationFactory(event=event, name="Anne", phone="900 11 222")
    second = RegistrationFactory(event=event, name="Bjørn", email="", phone="+47 911 22 333")
    waiting_1 = RegistrationFactory(event=event, name="Cecilie", status=Registration.Status.WAITING)
    waiting_2 = RegistrationFactory(event=event, name="David", status=Registration.Status.WAITING)
    gone = RegistrationFactory(
        event=event,
        name="Eva",
        status=Registration.Status.CANCELLED,
        cancelled_at=timezone.now(),
    )
    RegistrationFactory(name="Ikke her")  # another event's

    response = staff.get(url("event_detail", event))

    assert response.status_code == 200
    assert response.context["confirmed"] == [first, second]
    assert response.context["waiting"] == [waiting_1, waiting_2]
    assert response.context["cancelled"] == [gone]
    assert response.context["free_seats"] == 0
    body = response.content.decode()
    assert f'href="mailto:{first.email}"' in body
    assert 'href="tel:+4791122333"' in body
    assert "Ikke her" not in body
    # Full: nobody can be moved up, so there is no button for it.
    assert registration_url("registration_promote", waiting_1) not in body
    assert registration_url("registration_cancel", waiting_1) in body


def test_event_detail_offers_move_up_when_there_is_room(staff, event):
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)

    response = staff.get(url("event_detail", event))

    assert response.context["free_seats"] == 1
    assert registration_url("registration_promote", waiting) in response.content.decode()


def test_event_detail_shows_staff_the_online_link(staff, cp):
    event = EventFactory(
        contact_point=cp, is_online=True, municipality=None, online_url="https://meet.example/a"
    )

    response = staff.get(url("event_detail", event))

    assert 'href="https://meet.example/a"' in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_event_detail_query_count_does_not_grow(
    staff, event, member, count, django_assert_num_queries
):
    event.capacity = None
    event.save()
    for number in range(count):
        RegistrationFactory(event=event)
        RegistrationFactory(
            event=event, status=Registration.Status.WAITING, email="", phone="90000000"
        )
        RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
        EventMessage.objects.create(
            event=event, key=uuid.uuid4(), text=f"Melding {number}", sent_by=member.user
        )

    # Session, user, the account bar's region check, contact point, role; the event;
    # its registrations; the messages sent with their senders.
    with django_assert_num_queries(8):
        response = staff.get(url("event_detail", event))

    assert len(response.context["confirmed"]) == count
    assert len(response.context["waiting"]) == count
    assert len(response.context["cancelled"]) == count
    assert len(response.context["sent_messages"]) == count


# --- Moving up ---------------------------------------------------------------------------


def test_registration_promote_moves_up_and_tells_by_email(staff, event):
    RegistrationFactory(event=event)
    first = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    second = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    event.capacity = 3
    event.save()

    # Staff choose whom: the second on the list, not the first.
    response = staff.post(registration_url("registration_promote", second), follow=True)

    second.refresh_from_db()
    first.refresh_from_db()
    assert second.status == Registration.Status.CONFIRMED
    assert first.status == Registration.Status.WAITING
    message = OutboxMessage.objects.get()
    assert message.key == f"registration-moved-up:{second.pk}"
    assert message.recipient == second.email
    assert message.reason == "registration_moved_up"
    assert response.redirect_chain[-1][0] == url("event_detail", event)
    assert [level for level, _text in page_messages(response)] == ["success"]


def test_registration_promote_refused_when_full(staff, event):
    RegistrationFactory.create_batch(2, event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)

    response = staff.post(registration_url("registration_promote", waiting), follow=True)

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITING
    assert OutboxMessage.objects.count() == 0
    assert response.status_code == 200
    assert page_messages(response) == [
        (
            "error",
            "The event is full, so nobody can be moved up. Raise the capacity, or cancel a "
            "registration first.",
        )
    ]


def test_registration_promote_service_full_is_refused_by_the_trigger(event):
    RegistrationFactory.create_batch(2, event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)

    with pytest.raises(ValidationError) as refused:
        services.registration_promote(registration=waiting, base_url=BASE_URL)

    assert refused.value.code == "full"
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITING


def test_registration_promote_phone_only_is_told_by_text_message(staff, event):
    waiting = RegistrationFactory(
        event=event, status=Registration.Status.WAITING, email="", phone="900 00 000"
    )

    response = staff.post(registration_url("registration_promote", waiting), follow=True)

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    [message] = OutboxMessage.objects.all()
    assert (message.channel, message.recipient) == ("sms", waiting.phone)
    assert waiting.token in message.body_text  # the cancel link
    [(level, _text)] = page_messages(response)
    assert level == "success"


def test_registration_promote_someone_not_waiting_is_refused(staff, event):
    confirmed = RegistrationFactory(event=event)
    cancelled = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)

    for registration in (confirmed, cancelled):
        response = staff.post(registration_url("registration_promote", registration), follow=True)
        assert [level for level, _text in page_messages(response)] == ["error"]

    cancelled.refresh_from_db()
    assert cancelled.status == Registration.Status.CANCELLED
    assert OutboxMessage.objects.count() == 0


def test_registration_promote_after_start_is_refused(staff, cp):
    event = EventFactory(contact_point=cp, starts_at=evening_in(-1), capacity=None)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)

    staff.post(registration_url("registration_promote", waiting))

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITING


def test_registration_promote_get_is_not_allowed(staff, event):
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)

    response = staff.get(registration_url("registration_promote", waiting))

    assert response.status_code == 405
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITING


# --- Cancelling on someone's behalf --------------------------------------------------------


def test_registration_cancel_get_asks_and_changes_nothing(staff, event):
    registration = RegistrationFactory(event=event, name="Kari")

    response = staff.get(registration_url("registration_cancel", registration))

    assert response.status_code == 200
    assert response.context["registration"] == registration
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_registration_cancel_frees_the_place_for_the_waiting_list(staff, event):
    leaving = RegistrationFactory(event=event)
    RegistrationFactory(event=event)
    first = RegistrationFactory(event=event, status=Registration.Status.WAITING, name="Først")
    second = RegistrationFactory(event=event, status=Registration.Status.WAITING)

    response = staff.post(registration_url("registration_cancel", leaving), follow=True)

    leaving.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert leaving.status == Registration.Status.CANCELLED
    assert leaving.cancelled_at is not None
    assert first.status == Registration.Status.CONFIRMED
    assert second.status == Registration.Status.WAITING
    assert set(OutboxMessage.objects.values_list("key", flat=True)) == {
        f"registration-cancelled:{leaving.pk}",
        f"registration-moved-up:{first.pk}",
    }
    assert [level for level, _text in page_messages(response)] == ["success", "info"]
    assert response.context["cancelled"] == [leaving]


def test_registration_cancel_twice_is_refused(staff, event):
    registration = RegistrationFactory(event=event)
    staff.post(registration_url("registration_cancel", registration), follow=True)

    response = staff.post(registration_url("registration_cancel", registration), follow=True)

    assert OutboxMessage.objects.filter(reason="registration_cancelled").count() == 1
    assert [level for level, _text in page_messages(response)] == ["error"]


# --- The wall for registrations ------------------------------------------------------------


@pytest.mark.parametrize("name", ["registration_promote", "registration_cancel"])
def test_registration_of_another_contact_points_event_under_own_event_is_404(staff, event, name):
    theirs = RegistrationFactory(
        event=EventFactory(contact_point=ContactPointFactory(slug="b"), capacity=None),
        status=Registration.Status.WAITING,
        name="B-deltaker",
    )

    got = staff.get(registration_url(name, theirs, event=event))
    posted = staff.post(registration_url(name, theirs, event=event))

    assert got.status_code in (404, 405)
    assert posted.status_code == 404
    assert b"B-deltaker" not in got.content + posted.content
    theirs.refresh_from_db()
    assert theirs.status == Registration.Status.WAITING
    assert OutboxMessage.objects.count() == 0


@pytest.mark.parametrize("name", ["registration_promote", "registration_cancel"])
def test_registration_of_another_event_of_the_same_contact_point_is_404(staff, cp, event, name):
    other = RegistrationFactory(
        event=EventFactory(contact_point=cp, capacity=None), status=Registration.Status.WAITING
    )

    assert staff.post(registration_url(name, other, event=event)).status_code == 404
    other.refresh_from_db()
    assert other.status == Registration.Status.WAITING


def test_registration_under_another_contact_points_event_is_404(staff, event):
    theirs = EventFactory(contact_point=ContactPointFactory(slug="b"))
    registration = RegistrationFactory(event=theirs)

    response = staff.post(
        reverse(
            "workspace:registration_cancel",
            kwargs={"cp": "fs-nord", "pk": theirs.pk, "registration_pk": registration.pk},
        )
    )

    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


# --- CSV export ---------------------------------------------------------------------------


def read_csv(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_csv_export_lists_registrations_for_excel(staff, event):
    confirmed = RegistrationFactory(event=event, name="Åse Ødegård", phone="900 11 222")
    waiting = RegistrationFactory(event=event, name="Bjørn", status=Registration.Status.WAITING)
    RegistrationFactory(event=event, name="Kari", status=Registration.Status.CANCELLED)
    RegistrationFactory(name="Fra et annet arrangement")

    response = staff.get(url("event_registrations_csv", event))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"].split(", ")
    assert response["Content-Disposition"] == (f'attachment; filename="pameldinger-{event.pk}.csv"')
    rows = read_csv(response)
    assert rows[0] == ["Name", "Email", "Phone", "Status", "Registered at"]
    assert [row[0] for row in rows[1:]] == ["Åse Ødegård", "Bjørn", "Kari"]
    assert rows[1][1:4] == [confirmed.email, "900 11 222", "Registered"]
    assert rows[2][3] == "On the waiting list"
    assert rows[3][3] == "Cancelled"
    assert rows[2][4] == timezone.localtime(waiting.created_at).strftime("%Y-%m-%d %H:%M")
    assert response.content.count(b"\r\n") == 4


def test_csv_export_neutralises_formulas(staff, cp):
    event = EventFactory(contact_point=cp, capacity=None)
    for name in ['=HYPERLINK("https://evil.example")', "+SUM(A1)", "-2+3", "@cmd", "\tTab"]:
        RegistrationFactory(event=event, name=name, phone="+47 900 00 000")

    rows = read_csv(staff.get(url("event_registrations_csv", event)))

    assert [row[0] for row in rows[1:]] == [
        '\'=HYPERLINK("https://evil.example")',
        "'+SUM(A1)",
        "'-2+3",
        "'@cmd",
        "'\tTab",
    ]
    assert {row[2] for row in rows[1:]} == {"'+47 900 00 000"}


def test_csv_export_of_an_event_without_registrations_has_the_header_only(staff, event):
    rows = read_csv(staff.get(url("event_registrations_csv", event)))

    assert rows == [["Name", "Email", "Phone", "Status", "Registered at"]]


# --- Message to everyone registered ---------------------------------------------------------


def message_data(**fields):
    return {"text": "Husk å ta med matpakke.", "key": str(uuid.uuid4()), **fields}


def test_event_message_form_opens_with_a_fresh_key(staff, event):
    RegistrationFactory(event=event)

    first = staff.get(url("event_message", event)).context["form"]["key"].value()
    second = staff.get(url("event_message", event)).context["form"]["key"].value()

    assert first != second


def test_event_message_goes_by_email_and_sms_to_registered(staff, event, member):
    by_email = RegistrationFactory(event=event, name="Kari")
    by_phone = RegistrationFactory(event=event, name="Ola", email="", phone="900 00 000")
    RegistrationFactory(event=event, status=Registration.Status.WAITING)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    data = message_data()

    response = staff.post(url("event_message", event), data, follow=True)

    messages = OutboxMessage.objects.filter(reason="event_message").order_by("recipient")
    assert [(m.recipient, m.channel) for m in messages] == [
        ("900 00 000", "sms"),
        (by_email.email, "email"),
    ]
    assert {m.key for m in messages} == {
        f"event-message:{data['key']}:{by_email.pk}",
        f"event-message:{data['key']}:{by_phone.pk}",
    }
    email = messages[1]
    assert "Frivilligsentralen Nord" in email.subject
    assert "sorg" not in email.subject.casefold()
    assert "Kari" not in email.subject
    assert "Husk å ta med matpakke." in email.body_text
    assert "Husk å ta med matpakke." in email.body_html
    assert f"/arrangementer/avmelding/{by_email.token}/" in email.body_text
    assert "Husk å ta med matpakke." in messages[0].body_text
    sent = EventMessage.objects.get()
    assert (sent.event, sent.sent_by, sent.email_count, sent.sms_count) == (
        event,
        member.user,
        1,
        1,
    )
    assert str(sent.key) == data["key"]
    assert sent.include_waiting is False
    assert ("success", "The message is on its way to 2 people.") in page_messages(response)
    assert list(response.context["sent_messages"]) == [sent]


def test_event_message_to_the_waiting_list_too(staff, event):
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)

    staff.post(url("event_message", event), message_data(include_waiting="on"))

    recipients = set(
        OutboxMessage.objects.filter(reason="event_message").values_list("recipient", flat=True)
    )
    assert waiting.email in recipients
    assert len(recipients) == 2
    assert EventMessage.objects.get().include_waiting is True


def test_event_message_sent_twice_goes_out_once(staff, event):
    RegistrationFactory.create_batch(2, event=event)
    data = message_data()

    staff.post(url("event_message", event), data, follow=True)
    again = staff.post(url("event_message", event), data, follow=True)

    assert OutboxMessage.objects.filter(reason="event_message").count() == 2
    assert EventMessage.objects.count() == 1
    assert [level for level, _text in page_messages(again)] == ["info"]


def test_event_message_two_forms_are_two_messages(staff, event):
    RegistrationFactory(event=event)

    staff.post(url("event_message", event), message_data())
    staff.post(url("event_message", event), message_data(text="Endret tidspunkt."))

    assert OutboxMessage.objects.filter(reason="event_message").count() == 2
    assert EventMessage.objects.count() == 2


def test_event_message_empty_text_is_a_field_error(staff, event):
    RegistrationFactory(event=event)
    data = message_data(text="   ", include_waiting="on")

    response = staff.post(url("event_message", event), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["text"]
    assert response.context["form"]["key"].value() == data["key"]
    assert OutboxMessage.objects.count() == 0


def test_event_message_too_long_keeps_the_text(staff, event):
    RegistrationFactory(event=event)
    text = "x" * 1001

    response = staff.post(url("event_message", event), message_data(text=text))

    assert list(response.context["form"].errors) == ["text"]
    assert text in response.content.decode()
    assert EventMessage.objects.count() == 0


def test_event_message_with_nobody_registered_is_refused(staff, event):
    RegistrationFactory(event=event, status=Registration.Status.WAITING)

    response = staff.post(url("event_message", event), message_data())

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert EventMessage.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def test_event_message_key_of_another_event_is_refused(staff, cp, event):
    RegistrationFactory(event=event)
    other = EventFactory(contact_point=cp)
    RegistrationFactory(event=other)
    data = message_data()
    staff.post(url("event_message", other), data)

    response = staff.post(url("event_message", event), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert OutboxMessage.objects.filter(reason="event_message").count() == 1


def test_event_message_to_a_cancelled_event_still_possible(staff, cp):
    event = EventFactory(contact_point=cp, status=Event.Status.CANCELLED)
    RegistrationFactory(event=event)

    staff.post(url("event_message", event), message_data(text="Vi setter opp en ny dato."))

    assert OutboxMessage.objects.filter(reason="event_message").count() == 1


def test_registration_cancel_after_the_event_is_refused(staff, cp):
    event = EventFactory(contact_point=cp, starts_at=evening_in(-3))
    registration = RegistrationFactory(event=event)

    page = staff.get(url("event_detail", event))
    response = staff.post(registration_url("registration_cancel", registration), follow=True)

    assert registration_url("registration_cancel", registration) not in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert OutboxMessage.objects.count() == 0
    assert [level for level, _text in page_messages(response)] == ["error"]
