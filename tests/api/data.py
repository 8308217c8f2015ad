"""Data for the tests of the API, posters and embedded lists: what may be shown, and next
to it what must not be. Plain functions, so other test modules can wrap them in fixtures."""

import datetime

from django.utils import timezone

from contactpoints.models import ContactPoint
from events.models import Event
from groups.models import SelfHelpGroup
from tests.factories import (
    ContactPointFactory,
    EnquiryFactory,
    EventFactory,
    GroupMeetingFactory,
    InterestRegistrationFactory,
    RegionFactory,
    RegistrationFactory,
    SelfHelpGroupFactory,
    StarterAssignmentFactory,
    topic,
)

# Strings only people's own data contains: none may appear in any answer of the API.
SECRETS = {
    "enquiry_name": "Hemmelignavn-henvendelse",
    "enquiry_email": "hemmelig.henvendelse@example.no",
    "enquiry_phone": "+4799911111",
    "enquiry_message": "Jeg sliter med noe ingen vet om",
    "enquiry_time": "Etter klokka fem-hemmelig",
    "registration_name": "Hemmelignavn-pamelding",
    "registration_email": "hemmelig.pamelding@example.no",
    "registration_phone": "+4799922222",
    "starter_name": "Hemmelignavn-igangsetter",
    "starter_email": "hemmelig.igangsetter@example.no",
    "starter_phone": "+4799933333",
    "interest_email": "hemmelig.interesse@example.no",
    "hidden_venue": "Hemmelig-lokale bak kirka",
    "hidden_address": "Skjultveien 13",
    "online_url": "https://video.example.no/hemmelig-rom",
    "responsible_person": "Hemmelig Ansvarlig, daglig leder",
}


def soon(days=7):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 0)))


def make_public_data():
    """An approved contact point in Oslo with a public group and an upcoming event, and
    everything that must stay out of the API next to them."""
    contact_point = ContactPointFactory(
        name="Frivilligsentralen i Gamle Oslo",
        slug="gamle-oslo",
        email="post@gamleoslo.example.no",
        phone="22 00 00 00",
        description="Vi hjelper deg å finne eller starte en gruppe.",
        responsible_person=SECRETS["responsible_person"],
    )
    group = SelfHelpGroupFactory(
        contact_point=contact_point,
        title="Samtalegruppe om angst",
        slug="angst-gamle-oslo",
        description="En gruppe for deg som kjenner på angst.",
        topics=[topic("angst")],
        venue_name="Biblioteket på Tøyen",
        venue_address="Hagegata 1",
        show_venue_publicly=True,
        weekday=1,
        start_time=datetime.time(18, 0),
    )
    GroupMeetingFactory(group=group, starts_at=soon(3))
    hidden_venue_group = SelfHelpGroupFactory(
        contact_point=contact_point,
        title="Sorggruppe",
        slug="sorg-gamle-oslo",
        topics=[topic("sorg")],
        venue_name=SECRETS["hidden_venue"],
        venue_address=SECRETS["hidden_address"],
        show_venue_publicly=False,
    )
    event = EventFactory(
        contact_point=contact_point,
        title="Informasjonsmøte om selvhjelp",
        slug="infomote-gamle-oslo",
        starts_at=soon(10),
        ends_at=soon(10) + datetime.timedelta(hours=2),
        capacity=10,
        online_url=SECRETS["online_url"],
    )
    RegistrationFactory(
        event=event,
        name=SECRETS["registration_name"],
        email=SECRETS["registration_email"],
        phone=SECRETS["registration_phone"],
    )
    EnquiryFactory(
        contact_point=contact_point,
        group=group,
        name=SECRETS["enquiry_name"],
        email=SECRETS["enquiry_email"],
        phone=SECRETS["enquiry_phone"],
        message=SECRETS["enquiry_message"],
        preferred_time=SECRETS["enquiry_time"],
    )
    StarterAssignmentFactory(
        meeting=group.meetings.get(),
        starter__name=SECRETS["starter_name"],
        starter__email=SECRETS["starter_email"],
        starter__phone=SECRETS["starter_phone"],
    )
    InterestRegistrationFactory(email=SECRETS["interest_email"])
    region_event = EventFactory(
        contact_point=None,
        region=RegionFactory(name="Region Testøst", slug="testost"),
        title="Igangsetteropplæring",
        slug="igangsetteropplaering",
        kind=Event.Kind.STARTER_TRAINING,
        is_online=True,
        municipality=None,
        venue_name="",
        capacity=None,
        starts_at=soon(20),
        ends_at=soon(20) + datetime.timedelta(hours=3),
    )
    return {
        "contact_point": contact_point,
        "group": group,
        "hidden_venue_group": hidden_venue_group,
        "event": event,
        "region_event": region_event,
    }


def make_hidden_data():
    """Objects that exist but are not public, each with a slug to ask for."""
    pending = ContactPointFactory(
        name="Venter på godkjenning", slug="venter", status=ContactPoint.Status.PENDING
    )
    suspended = ContactPointFactory(
        name="Suspendert", slug="suspendert", status=ContactPoint.Status.SUSPENDED
    )
    approved = ContactPointFactory(name="Godkjent", slug="godkjent-skjult")
    return {
        "contact_points": [pending, suspended],
        "groups": [
            SelfHelpGroupFactory(
                contact_point=pending, title="Skjult gruppe", slug="ventende-gruppe"
            ),
            SelfHelpGroupFactory(
                contact_point=approved, slug="pauset-gruppe", status=SelfHelpGroup.Status.PAUSED
            ),
            SelfHelpGroupFactory(
                contact_point=approved, slug="planlagt-gruppe", status=SelfHelpGroup.Status.PLANNED
            ),
            SelfHelpGroupFactory(
                contact_point=approved,
                slug="lukket-gruppe",
                status=SelfHelpGroup.Status.CLOSED,
                open_for_new_members=False,
            ),
        ],
        "events": [
            EventFactory(contact_point=approved, slug="utkast", status=Event.Status.DRAFT),
            EventFactory(contact_point=approved, slug="avlyst", status=Event.Status.CANCELLED),
            EventFactory(contact_point=pending, slug="ventende-arrangement"),
        ],
        "past_event": EventFactory(
            contact_point=approved,
            slug="forbi",
            starts_at=soon(-3),
            ends_at=soon(-3) + datetime.timedelta(hours=2),
        ),
    }
