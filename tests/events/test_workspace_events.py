"""The workspace's event pages: the list, creating, editing and cancelling an event,
and the wall between contact points."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Registration
from notifications.models import OutboxMessage
from tests.events.conftest import evening_in
from tests.factories import (
    ContactPointFactory,
    EventFactory,
    MembershipFactory,
    RegionFactory,
    RegistrationFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

LOCAL = "%Y-%m-%dT%H:%M"


@pytest.fixture
def cp():
    return ContactPointFactory(name="Frivilligsentralen Nord", slug="fs-nord")


@pytest.fixture
def staff(client, cp):
    """A staff member (not a manager) of ``cp``, signed in, reading English."""
    member = MembershipFactory(contact_point=cp)
    client.force_login(member.user)
    client.cookies["django_language"] = "en"
    return client


def url(name, cp, **kwargs):
    return reverse(f"workspace:{name}", kwargs={"cp": cp.slug, **kwargs})


def form_data(**fields):
    starts = evening_in(20)
    return {
        "title": "Informasjonsmøte om selvhjelp",
        "kind": Event.Kind.INFORMATION_MEETING,
        "audience": Event.Audience.POTENTIAL_PARTICIPANTS,
        "intended_outcome": Event.Outcome.GROUP_SIGNUP,
        "description": "Vi forteller om hvordan en gruppe fungerer.",
        "starts_at": starts.strftime(LOCAL),
        "ends_at": (starts + datetime.timedelta(hours=2)).strftime(LOCAL),
        "is_online": "False",
        "municipality": "0301",
        "venue_name": "Deichman Grünerløkka",
        "venue_address": "Schleppegrells gate 14",
        "online_url": "",
        "capacity": "20",
        "status": Event.Status.PUBLISHED,
        **fields,
    }


def edit_data(event, **fields):
    """The edit form as it opens for ``event``, with ``fields`` changed."""
    local_start = timezone.localtime(event.starts_at)
    local_end = timezone.localtime(event.ends_at)
    return {
        "title": event.title,
        "kind": event.kind,
        "audience": event.audience,
        "intended_outcome": event.intended_outcome,
        "description": event.description,
        "starts_at": local_start.strftime(LOCAL),
        "ends_at": local_end.strftime(LOCAL),
        "is_online": str(event.is_online),
        "municipality": event.municipality_id or "",
        "venue_name": event.venue_name,
        "venue_address": event.venue_address,
        "online_url": event.online_url,
        "capacity": "" if event.capacity is None else str(event.capacity),
        "status": event.status,
        **fields,
    }


def page_messages(response):
    return [(message.level_tag, str(message)) for message in response.context["messages"]]


# --- The list ----------------------------------------------------------------------


def test_event_list_upcoming_first_then_past_with_counts(staff, cp):
    later = EventFactory(contact_point=cp, title="Senere", starts_at=evening_in(30), capacity=2)
    sooner = EventFactory(
        contact_point=cp, title="Snart", starts_at=evening_in(3), status=Event.Status.DRAFT
    )
    past = EventFactory(contact_point=cp, title="Forbi", starts_at=evening_in(-10))
    older = EventFactory(contact_point=cp, title="Lenge siden", starts_at=evening_in(-40))
    RegistrationFactory.create_batch(2, event=later)
    RegistrationFactory(event=later, status=Registration.Status.WAITING)
    RegistrationFactory(event=later, status=Registration.Status.CANCELLED)
    other = EventFactory(title="Et annet kontaktpunkts arrangement")
    region_event = EventFactory(
        contact_point=None, region=RegionFactory(), title="Regionens opplæring"
    )

    response = staff.get(url("event_list", cp))

    assert response.status_code == 200
    assert list(response.context["upcoming"]) == [sooner, later]
    assert list(response.context["page_obj"]) == [past, older]
    shown_later = response.context["upcoming"][1]
    assert (shown_later.confirmed_count, shown_later.waiting_count) == (2, 1)
    body = response.content.decode()
    assert url("event_detail", cp, pk=later.pk) in body
    assert other.title not in body
    assert region_event.title not in body


@pytest.mark.parametrize("count", [1, 3])
def test_event_list_query_count_does_not_grow(staff, cp, count, django_assert_num_queries):
    for day in range(count):
        upcoming = EventFactory(contact_point=cp, starts_at=evening_in(5 + day))
        RegistrationFactory(event=upcoming)
        RegistrationFactory(event=upcoming, status=Registration.Status.WAITING)
        EventFactory(contact_point=cp, starts_at=evening_in(-5 - day))

    # Session, user, the account bar's region check, contact point, role; the upcoming
    # events; the past events' count and page.
    with django_assert_num_queries(8):
        response = staff.get(url("event_list", cp))

    assert len(response.context["upcoming"]) == count
    assert len(response.context["page_obj"]) == count


def test_event_list_past_events_paginated(staff, cp):
    for day in range(21):
        EventFactory(contact_point=cp, starts_at=evening_in(-3 - day))

    first = staff.get(url("event_list", cp))
    second = staff.get(url("event_list", cp) + "?page=2")

    assert len(first.context["page_obj"]) == 20
    assert len(second.context["page_obj"]) == 1
    assert second.context["page_obj"][0].starts_at == evening_in(-23)


def test_event_list_empty_offers_to_plan_one(staff, cp):
    response = staff.get(url("event_list", cp))

    assert response.status_code == 200
    assert url("event_create", cp) in response.content.decode()


# --- Creating --------------------------------------------------------------------------


def test_event_create_saves_event_in_person(staff, cp):
    response = staff.post(url("event_create", cp), form_data())

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("event_detail", cp, pk=event.pk)
    assert event.contact_point == cp
    assert event.region is None
    assert event.title == "Informasjonsmøte om selvhjelp"
    assert event.slug == "informasjonsmote-om-selvhjelp"
    assert event.audience == Event.Audience.POTENTIAL_PARTICIPANTS
    assert event.intended_outcome == Event.Outcome.GROUP_SIGNUP
    assert event.starts_at == evening_in(20)
    assert event.ends_at == evening_in(20, hour=20)
    assert event.is_online is False
    assert event.municipality_id == "0301"
    assert (event.venue_name, event.venue_address) == (
        "Deichman Grünerløkka",
        "Schleppegrells gate 14",
    )
    assert event.capacity == 20
    assert event.status == Event.Status.PUBLISHED
    page = staff.get(response["Location"])
    assert "Deichman Grünerløkka" in page.content.decode()


def test_event_create_form_starts_with_contact_points_municipality(client):
    cp = ContactPointFactory(slug="fs-bergen", municipality=municipality("4601"))
    client.force_login(MembershipFactory(contact_point=cp).user)

    response = client.get(url("event_create", cp))

    assert response.context["form"]["municipality"].value() == "4601"


def test_event_create_online_keeps_no_place_and_no_limit(staff, cp):
    staff.post(
        url("event_create", cp),
        form_data(
            is_online="True",
            online_url="https://meet.example/infomote",
            capacity="",
            venue_name="Glemt sted",
        ),
    )

    event = Event.objects.get()
    assert event.is_online is True
    assert event.online_url == "https://meet.example/infomote"
    assert event.municipality is None
    assert event.venue_name == ""
    assert event.capacity is None


def test_event_create_same_title_gets_its_own_address(staff, cp):
    EventFactory(slug="informasjonsmote-om-selvhjelp")

    staff.post(url("event_create", cp), form_data())

    assert Event.objects.get(contact_point=cp).slug == "informasjonsmote-om-selvhjelp-2"


def test_event_create_draft_is_not_public(staff, cp, client):
    staff.post(url("event_create", cp), form_data(status=Event.Status.DRAFT))

    event = Event.objects.get()
    assert event.status == Event.Status.DRAFT
    staff.logout()
    assert staff.get(f"/arrangementer/{event.slug}/").status_code == 404


def test_event_create_errors_on_fields_keep_what_was_typed(staff, cp):
    starts = evening_in(20)
    data = form_data(
        title="Samtalekveld",
        ends_at=(starts - datetime.timedelta(hours=1)).strftime(LOCAL),
        venue_name="",
        municipality="",
        capacity="0",
    )

    response = staff.post(url("event_create", cp), data)

    assert response.status_code == 200
    assert Event.objects.count() == 0
    form = response.context["form"]
    assert set(form.errors) == {"ends_at", "venue_name", "municipality", "capacity"}
    assert form["title"].value() == "Samtalekveld"
    assert form["description"].value() == data["description"]
    body = response.content.decode()
    assert 'value="Samtalekveld"' in body
    assert 'href="#id_ends_at"' in body  # the error summary leads to the field


def test_event_create_online_needs_no_venue(staff, cp):
    response = staff.post(
        url("event_create", cp), form_data(is_online="True", venue_name="", municipality="")
    )

    assert response.status_code == 302
    assert Event.objects.get().is_online is True


def test_event_create_refuses_a_made_up_status(staff, cp):
    response = staff.post(url("event_create", cp), form_data(status=Event.Status.CANCELLED))

    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert Event.objects.count() == 0


# --- Editing ---------------------------------------------------------------------------


def test_event_edit_form_opens_with_stored_values(staff, cp):
    event = EventFactory(contact_point=cp, capacity=None, venue_address="Torget 1")

    response = staff.get(url("event_edit", cp, pk=event.pk))

    form = response.context["form"]
    assert form["title"].value() == event.title
    assert form["venue_address"].value() == "Torget 1"
    assert response.content.decode().count('type="datetime-local"') == 2


def test_event_edit_saves_changes(staff, cp):
    event = EventFactory(contact_point=cp, title="Gammel tittel", description="")

    response = staff.post(
        url("event_edit", cp, pk=event.pk),
        edit_data(event, title="Ny tittel", description="Ny tekst", kind="network_meeting"),
    )

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.description, event.kind) == (
        "Ny tittel",
        "Ny tekst",
        Event.Kind.NETWORK_MEETING,
    )
    assert event.slug.startswith("arrangement-")  # the public address stays
    assert OutboxMessage.objects.count() == 0  # nothing registrants need to know


def test_event_edit_new_time_tells_registrants_by_email_and_sms(staff, cp):
    event = EventFactory(contact_point=cp, capacity=1, starts_at=evening_in(14))
    by_email = RegistrationFactory(event=event, email="kari@example.no")
    by_phone = RegistrationFactory(
        event=event, status=Registration.Status.WAITING, email="", phone="900 00 000"
    )
    gone = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    later = timezone.localtime(event.starts_at) + datetime.timedelta(hours=1)

    response = staff.post(
        url("event_edit", cp, pk=event.pk),
        edit_data(
            event,
            starts_at=later.strftime(LOCAL),
            ends_at=(later + datetime.timedelta(hours=2)).strftime(LOCAL),
        ),
        follow=True,
    )

    event.refresh_from_db()
    assert event.starts_at == later
    told = OutboxMessage.objects.filter(reason="event_changed")
    assert {(m.recipient, m.channel) for m in told} == {
        ("kari@example.no", "email"),
        ("900 00 000", "sms"),
    }
    assert all(f":{gone.pk}:" not in m.key for m in told)
    assert {m.key.split(":")[1] for m in told} == {str(by_email.pk), str(by_phone.pk)}
    assert ("info", "2 registered people are told about the change.") in page_messages(response)


def test_event_edit_draft_tells_nobody(staff, cp):
    event = EventFactory(contact_point=cp, status=Event.Status.DRAFT)
    RegistrationFactory(event=event)

    staff.post(url("event_edit", cp, pk=event.pk), edit_data(event, venue_name="Et annet sted"))

    event.refresh_from_db()
    assert event.venue_name == "Et annet sted"
    assert OutboxMessage.objects.count() == 0


def test_event_edit_capacity_below_registered_is_a_form_error(staff, cp):
    event = EventFactory(contact_point=cp, capacity=3, title="Før")
    RegistrationFactory.create_batch(3, event=event)

    response = staff.post(
        url("event_edit", cp, pk=event.pk), edit_data(event, capacity="2", title="Etter")
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["capacity"]
    assert "3 people are already registered" in form.errors["capacity"][0]
    assert form["capacity"].value() == "2"
    assert form["title"].value() == "Etter"
    event.refresh_from_db()
    assert (event.capacity, event.title) == (3, "Før")  # nothing of the edit was saved


def test_event_edit_capacity_down_to_registered_is_fine(staff, cp):
    event = EventFactory(contact_point=cp, capacity=5)
    RegistrationFactory.create_batch(3, event=event)

    staff.post(url("event_edit", cp, pk=event.pk), edit_data(event, capacity="3"))

    event.refresh_from_db()
    assert event.capacity == 3


def test_event_edit_empty_capacity_means_no_limit(staff, cp):
    event = EventFactory(contact_point=cp, capacity=2)

    staff.post(url("event_edit", cp, pk=event.pk), edit_data(event, capacity=""))

    event.refresh_from_db()
    assert event.capacity is None


def test_event_edit_to_online_clears_the_place(staff, cp):
    event = EventFactory(contact_point=cp, venue_address="Torget 1")

    staff.post(
        url("event_edit", cp, pk=event.pk),
        edit_data(event, is_online="True", online_url="https://meet.example/x"),
    )

    event.refresh_from_db()
    assert event.is_online is True
    assert (event.municipality, event.venue_name, event.venue_address) == (None, "", "")


def test_event_edit_back_to_draft_refused_when_people_registered(staff, cp):
    event = EventFactory(contact_point=cp)
    RegistrationFactory(event=event)

    response = staff.post(
        url("event_edit", cp, pk=event.pk), edit_data(event, status=Event.Status.DRAFT)
    )

    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


def test_event_edit_cancelled_event_refused(staff, cp):
    event = EventFactory(contact_point=cp, status=Event.Status.CANCELLED, title="Avlyst")

    opened = staff.get(url("event_edit", cp, pk=event.pk))
    posted = staff.post(url("event_edit", cp, pk=event.pk), edit_data(event, title="Endret"))

    assert opened.status_code == 302
    assert posted.status_code == 302
    event.refresh_from_db()
    assert event.title == "Avlyst"


# --- Cancelling an event ---------------------------------------------------------------


def test_event_cancel_get_asks_and_changes_nothing(staff, cp):
    event = EventFactory(contact_point=cp)
    RegistrationFactory.create_batch(2, event=event)

    response = staff.get(url("event_cancel", cp, pk=event.pk))

    assert response.status_code == 200
    assert response.context["to_tell"] == 2
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert OutboxMessage.objects.count() == 0


def test_event_cancel_post_cancels_and_tells_registrants(staff, cp):
    event = EventFactory(contact_point=cp)
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)

    response = staff.post(url("event_cancel", cp, pk=event.pk), follow=True)

    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    told = OutboxMessage.objects.filter(reason="event_cancelled")
    assert {m.recipient for m in told} == {confirmed.email, waiting.email}
    assert ("success", "The event is cancelled. 2 registered people are told.") in (
        page_messages(response)
    )
    assert response.context["event"] == event


def test_event_cancel_already_cancelled_is_refused(staff, cp):
    event = EventFactory(contact_point=cp, status=Event.Status.CANCELLED)
    RegistrationFactory(event=event)

    response = staff.post(url("event_cancel", cp, pk=event.pk), follow=True)

    assert OutboxMessage.objects.count() == 0
    assert ("error", "This event is already cancelled.") in page_messages(response)


def test_event_cancel_started_event_is_refused(staff, cp):
    event = EventFactory(contact_point=cp, starts_at=timezone.now() - datetime.timedelta(hours=1))

    response = staff.post(url("event_cancel", cp, pk=event.pk), follow=True)

    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert [level for level, _text in page_messages(response)] == ["error"]


def test_event_cancel_get_is_harmless_for_a_cancelled_event(staff, cp):
    event = EventFactory(contact_point=cp, status=Event.Status.CANCELLED)

    response = staff.get(url("event_cancel", cp, pk=event.pk))

    assert response.status_code == 200
    assert b"btn-danger" not in response.content


# --- The wall ---------------------------------------------------------------------------


@pytest.fixture
def other_event():
    """An event of another contact point, with a registration."""
    event = EventFactory(title="B-arrangement", contact_point=ContactPointFactory(slug="b"))
    RegistrationFactory(event=event, name="B-deltaker")
    return event


@pytest.mark.parametrize(
    "name",
    ["event_detail", "event_edit", "event_cancel", "event_message", "event_registrations_csv"],
)
def test_event_of_another_contact_point_is_404(staff, cp, other_event, name):
    response = staff.get(url(name, cp, pk=other_event.pk))

    assert response.status_code == 404
    assert b"B-deltaker" not in response.content


@pytest.mark.parametrize("name", ["event_edit", "event_cancel", "event_message"])
def test_event_of_another_contact_point_post_is_404_and_changes_nothing(
    staff, cp, other_event, name
):
    response = staff.post(
        url(name, cp, pk=other_event.pk),
        {**edit_data(other_event, title="Kapret"), "text": "Hei", "key": "0" * 32},
    )

    assert response.status_code == 404
    other_event.refresh_from_db()
    assert other_event.title == "B-arrangement"
    assert other_event.status == Event.Status.PUBLISHED
    assert OutboxMessage.objects.count() == 0


def test_region_event_is_not_in_the_workspace(staff, cp):
    event = EventFactory(contact_point=None, region=RegionFactory())

    assert staff.get(url("event_detail", cp, pk=event.pk)).status_code == 404


def test_event_pages_need_a_member(client, cp):
    event = EventFactory(contact_point=cp)
    outsider = MembershipFactory(contact_point=ContactPointFactory()).user
    client.force_login(outsider)

    assert client.get(url("event_list", cp)).status_code == 404
    assert client.get(url("event_detail", cp, pk=event.pk)).status_code == 404
    assert client.post(url("event_create", cp), form_data()).status_code == 404
    assert Event.objects.count() == 1


def test_event_edit_online_event_offers_the_contact_points_municipality(staff, cp):
    event = EventFactory(contact_point=cp, is_online=True, municipality=None)

    response = staff.get(url("event_edit", cp, pk=event.pk))

    assert response.context["form"]["municipality"].value() == cp.municipality_id
    assert response.context["form"]["is_online"].value() is True
