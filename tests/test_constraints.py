"""The database refuses bad data, whichever code path writes it."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.utils import timezone

from contactpoints.models import ContactPoint, Membership
from enquiries.models import Enquiry
from events.models import Event, Registration
from groups.models import GroupMeeting, SelfHelpGroup, StarterAssignment
from tests.factories import (
    ContactPointFactory,
    EnquiryFactory,
    EventFactory,
    GroupMeetingFactory,
    MembershipFactory,
    RegionFactory,
    RegistrationFactory,
    SelfHelpGroupFactory,
    StarterAssignmentFactory,
    StarterFactory,
    UserFactory,
)
from tests.helpers import wait_until_another_backend_waits_on_a_lock

pytestmark = pytest.mark.django_db


def checked_now(create):
    """Django creates PostgreSQL foreign keys DEFERRABLE INITIALLY DEFERRED: check them
    at the statement, as the commit would."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return create()


def test_group_in_unknown_municipality_refused():
    contact_point = ContactPointFactory()
    with pytest.raises(IntegrityError, match="municipality"), transaction.atomic():
        checked_now(
            lambda: SelfHelpGroup.objects.create(
                contact_point=contact_point, title="Sorg", slug="sorg", municipality_id="9998"
            )
        )
    assert not SelfHelpGroup.objects.exists()


def test_contact_point_in_unknown_municipality_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        checked_now(lambda: ContactPointFactory(municipality_id="0000"))


def test_registration_beyond_capacity_refused():
    event = EventFactory(capacity=2)
    RegistrationFactory.create_batch(2, event=event)
    with pytest.raises(IntegrityError, match="full"), transaction.atomic():
        RegistrationFactory(event=event)
    assert event.registrations.count() == 2


def test_registration_waiting_list_beyond_capacity_allowed():
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    assert waiting.pk is not None


def test_registration_moved_up_from_waiting_list_beyond_capacity_refused():
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    waiting.status = Registration.Status.CONFIRMED
    with pytest.raises(IntegrityError), transaction.atomic():
        waiting.save()


def test_registration_moved_up_after_cancellation_allowed():
    event = EventFactory(capacity=1)
    first = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITING)
    Registration.objects.filter(pk=first.pk).update(status=Registration.Status.CANCELLED)
    Registration.objects.filter(pk=waiting.pk).update(status=Registration.Status.CONFIRMED)
    assert event.registrations.filter(status="confirmed").get() == waiting


def test_registration_without_capacity_unlimited():
    event = EventFactory(capacity=None)
    RegistrationFactory.create_batch(5, event=event)
    assert event.registrations.count() == 5


def test_event_capacity_below_confirmed_registrations_refused():
    event = EventFactory(capacity=3)
    RegistrationFactory.create_batch(3, event=event)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(capacity=2)
    event.refresh_from_db()
    assert event.capacity == 3


@pytest.mark.usefixtures("reference_data")
@pytest.mark.django_db(transaction=True)
def test_registration_last_seat_race_one_wins():
    """Two people take the last seat at once: the trigger's row lock lets one through."""
    event = EventFactory(capacity=1)
    first_inserted = threading.Event()
    outcome = {}

    def register(name, *, wait_for=None, signal=None, hold_until_blocked=False):
        try:
            if wait_for:
                wait_for.wait(timeout=10)
            with transaction.atomic():
                Registration.objects.create(event=event, name=name, email=f"{name}@example.no")
                if signal:
                    signal.set()
                if hold_until_blocked:
                    wait_until_another_backend_waits_on_a_lock()
            outcome[name] = "registered"
        except IntegrityError:
            outcome[name] = "refused"
        finally:
            connections.close_all()

    a = threading.Thread(
        target=register,
        args=("anna",),
        kwargs={"signal": first_inserted, "hold_until_blocked": True},
    )
    b = threading.Thread(target=register, args=("bjorn",), kwargs={"wait_for": first_inserted})
    a.start()
    b.start()
    a.join(timeout=30)
    b.join(timeout=30)

    assert outcome == {"anna": "registered", "bjorn": "refused"}
    assert list(event.registrations.values_list("name", flat=True)) == ["anna"]


def test_membership_duplicate_refused():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=membership.user, contact_point=membership.contact_point)


def test_membership_duplicate_validation_message_translated():
    membership = MembershipFactory()
    duplicate = Membership(user=membership.user, contact_point=membership.contact_point)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "allerede medlem" in str(error.value)


def test_membership_unknown_role_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(role="owner")


def test_user_email_unique_ignoring_case():
    UserFactory(email="kari@example.no")
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(email="Kari@Example.no", verified=False)


def test_contact_point_without_public_contact_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactPointFactory(email="", phone="")


def test_contact_point_unknown_status_refused():
    contact_point = ContactPointFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactPoint.objects.filter(pk=contact_point.pk).update(status="deleted")


def test_group_closed_and_open_for_members_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfHelpGroupFactory(status=SelfHelpGroup.Status.CLOSED, open_for_new_members=True)


def test_group_public_venue_without_name_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfHelpGroupFactory(show_venue_publicly=True, venue_name="")


def test_group_weekday_out_of_range_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        SelfHelpGroupFactory(weekday=7)


def test_group_meeting_twice_at_same_time_refused():
    meeting = GroupMeetingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupMeeting.objects.create(group=meeting.group, starts_at=meeting.starts_at)


def test_group_meeting_ending_before_start_refused():
    start = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupMeetingFactory(starts_at=start, ends_at=start - datetime.timedelta(hours=1))


def test_starter_assigned_twice_to_meeting_refused():
    assignment = StarterAssignmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        StarterAssignment.objects.create(meeting=assignment.meeting, starter=assignment.starter)


def test_starter_without_contact_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        StarterFactory(email="", phone="")


def test_event_with_two_organisers_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(region=RegionFactory())


def test_event_without_organiser_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(contact_point=None, municipality_id="0301")


def test_event_by_region_allowed():
    event = EventFactory(contact_point=None, region=RegionFactory(), municipality_id="4601")
    assert event.region.events.get() == event


def test_event_in_person_without_municipality_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(is_online=False, municipality=None)


def test_event_ending_before_start_refused():
    start = timezone.now() + datetime.timedelta(days=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(starts_at=start, ends_at=start)


def test_registration_same_email_twice_refused():
    registration = RegistrationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=registration.event, email=registration.email.upper())


def test_enquiry_without_contact_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        EnquiryFactory(email="", phone="")


def test_enquiry_preferring_phone_without_number_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        EnquiryFactory(preferred_channel=Enquiry.Channel.PHONE, phone="")


def test_enquiry_without_consent_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        EnquiryFactory(consent_given_at=None)


def test_enquiry_closed_without_closing_time_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        EnquiryFactory(status=Enquiry.Status.CLOSED, closed_at=None)
