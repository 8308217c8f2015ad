"""A small two-region world for the region dashboard's tests, every figure counted by
hand in the comments (and in tests/regions/test_oversight.py).

"Now" is 15 November 2026, 12:00 in Oslo (``NOW``; tests travel there). The period is
December 2025 to November 2026; "gone quiet" means nothing since 15 August 2026.

Region "ost" (Oslo 03, Østfold 31, Akershus 32):

- Alfa (Oslo, approved since 2024, 2 staff): groups g1 running (angst, in person;
  recorded starting 10 March, running 1 May 2026), g2 starting (sorg, video; no history,
  status changed 20 June 2026), g3 planned (angst), g4 closed (angst; running since
  2025). Events: information meeting 10 Feb (held), network meeting 5 Oct (held),
  cancelled 1 Mar, draft 15 Mar, future 1 Dec, one in Nov 2025 (before the period).
  Enquiries: 10 Jan (answered after 2 h), 20 Jan (26 h), 5 Apr (50 h), 6 Apr and 1 Jul
  (unanswered), 1 Oct 2025 (before the period, answered the next day). Last activity:
  g1 updated 20 Oct 2026.
- Beta (Fredrikstad, approved since 2025, 1 staff): g5 running (angst, by phone;
  recorded running 1 May 2026). One enquiry 1 Feb, answered after 48 h. Nothing since
  1 May 2026: gone quiet.
- Gamma (Bærum, pending since 1 Nov 2026): nothing.
- Delta (Halden, approved 1 Oct 2026): enquiries 15 Oct, 2 Nov, 10 Nov (unanswered).
  New: not quiet although nothing happened.
- Epsilon (Asker, rejected): left out.
- The district office's own starter training, online, 10 Sep 2026.
- Starters: Alfa's s1 (trained, shared, confirmed for g2's meeting 25 Jun 2026), s2
  (untrained, not shared), s3 (trained, shared, declined a meeting 1 Jul 2026), s4
  (inactive); Beta's s5 (trained, shared, assigned to a meeting in Oct 2025).
- Waiting interest: Oslo 4 (one more already told), Bærum 2, Asker 1, Halden 3.

Region "vest" (Vestland 46): Vest (Bergen, approved), 7 enquiries in March 2026, two
running groups, an event held, a shared starter, 5 interest registrations, its own
office's event.
"""

import datetime

from django.utils import timezone

from contactpoints.models import ContactPoint, Membership
from enquiries.models import Enquiry
from events.models import Event
from groups.models import GroupStatusChange, SelfHelpGroup, StarterAssignment
from notifications.workdays import OSLO
from regions.models import Region
from tests.factories import (
    ContactPointFactory,
    EnquiryFactory,
    EventFactory,
    GroupMeetingFactory,
    InterestRegistrationFactory,
    MembershipFactory,
    SelfHelpGroupFactory,
    StarterAssignmentFactory,
    StarterFactory,
    municipality,
    topic,
)

NOW = datetime.datetime(2026, 11, 15, 12, 0, tzinfo=OSLO)
HOUR = datetime.timedelta(hours=1)


def at(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, 0, tzinfo=OSLO)


def set_fields(obj, **fields):
    """Write fields that auto_now / auto_now_add would otherwise fill with "now"."""
    type(obj).objects.filter(pk=obj.pk).update(**fields)


def contact_point(name, number, *, since, status=ContactPoint.Status.APPROVED):
    cp = ContactPointFactory(name=name, municipality=municipality(number), status=status)
    set_fields(cp, created_at=since, status_changed_at=since)
    return cp


def group(cp, status, *, topics, updated, format=SelfHelpGroup.Format.IN_PERSON, **fields):
    created = SelfHelpGroupFactory(
        contact_point=cp,
        status=status,
        format=format,
        topics=[topic(slug) for slug in topics],
        open_for_new_members=status != SelfHelpGroup.Status.CLOSED,
        **fields,
    )
    set_fields(created, updated_at=updated, created_at=updated)
    return created


def history(group, to_status, on):
    GroupStatusChange.objects.create(group=group, to_status=to_status, effective_on=on)


def event(cp, starts_at, *, kind=Event.Kind.INFORMATION_MEETING, created, **fields):
    created_event = EventFactory(
        contact_point=cp,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + 2 * HOUR,
        **fields,
    )
    set_fields(created_event, created_at=created)
    return created_event


def enquiry(cp, received, answered_after=None):
    created = EnquiryFactory(contact_point=cp)
    set_fields(
        created,
        created_at=received,
        first_response_at=received + answered_after if answered_after else None,
        status=Enquiry.Status.ANSWERED if answered_after else Enquiry.Status.NEW,
    )
    return created


def interest(number, count, *, notified=False, slug="angst"):
    for _ in range(count):
        InterestRegistrationFactory(
            municipality=municipality(number),
            topic=topic(slug),
            notified_at=timezone.now() if notified else None,
        )


def build():
    """Create the world (call it with time travelled to NOW); return its handles."""
    ost, vest = Region.objects.get(slug="ost"), Region.objects.get(slug="vest")
    S = SelfHelpGroup.Status

    alfa = contact_point("Alfa", "0301", since=at(2024, 1, 1))
    MembershipFactory(contact_point=alfa, role=Membership.Role.MANAGER)
    MembershipFactory(contact_point=alfa)
    g1 = group(alfa, S.RUNNING, topics=["angst"], updated=at(2026, 10, 20, 14))
    history(g1, S.STARTING, datetime.date(2026, 3, 10))
    history(g1, S.RUNNING, datetime.date(2026, 5, 1))
    g2 = group(
        alfa,
        S.STARTING,
        topics=["sorg"],
        format=SelfHelpGroup.Format.VIDEO,
        updated=at(2026, 6, 20),
    )
    set_fields(g2, status_changed_at=at(2026, 6, 20))
    group(alfa, S.PLANNED, topics=["angst"], updated=at(2026, 2, 1))
    g4 = group(alfa, S.CLOSED, topics=["angst"], updated=at(2025, 9, 1))
    history(g4, S.RUNNING, datetime.date(2025, 6, 1))
    event(alfa, at(2026, 2, 10, 18), created=at(2026, 1, 5))
    event(alfa, at(2026, 10, 5, 18), kind=Event.Kind.NETWORK_MEETING, created=at(2026, 1, 5))
    event(alfa, at(2026, 3, 1, 18), status=Event.Status.CANCELLED, created=at(2026, 1, 5))
    event(alfa, at(2026, 3, 15, 18), status=Event.Status.DRAFT, created=at(2026, 1, 5))
    event(alfa, at(2026, 12, 1, 18), created=at(2026, 1, 5))
    event(alfa, at(2025, 11, 20, 18), created=at(2025, 10, 1))
    enquiry(alfa, at(2026, 1, 10, 10), 2 * HOUR)
    enquiry(alfa, at(2026, 1, 20, 10), 26 * HOUR)
    enquiry(alfa, at(2026, 4, 5, 10), 50 * HOUR)
    enquiry(alfa, at(2026, 4, 6, 10))
    enquiry(alfa, at(2026, 7, 1, 10))
    enquiry(alfa, at(2025, 10, 1, 10), 24 * HOUR)

    beta = contact_point("Beta", "3107", since=at(2025, 3, 1))
    MembershipFactory(contact_point=beta)
    g5 = group(
        beta,
        S.RUNNING,
        topics=["angst"],
        format=SelfHelpGroup.Format.PHONE,
        updated=at(2026, 5, 1),
    )
    set_fields(g5, status_changed_at=at(2026, 5, 1))
    history(g5, S.RUNNING, datetime.date(2026, 5, 1))
    enquiry(beta, at(2026, 2, 1, 10), 48 * HOUR)

    gamma = contact_point(
        "Gamma", "3201", since=at(2026, 11, 1), status=ContactPoint.Status.PENDING
    )
    delta = contact_point("Delta", "3101", since=at(2026, 10, 1))
    for received in (at(2026, 10, 15), at(2026, 11, 2), at(2026, 11, 10)):
        enquiry(delta, received)
    epsilon = contact_point(
        "Epsilon", "3203", since=at(2026, 5, 1), status=ContactPoint.Status.REJECTED
    )

    training = EventFactory(
        contact_point=None,
        region=ost,
        kind=Event.Kind.STARTER_TRAINING,
        is_online=True,
        municipality=None,
        starts_at=at(2026, 9, 10, 9),
        ends_at=at(2026, 9, 10, 15),
        online_url="https://møte.example/opplaering",
    )
    set_fields(training, created_at=at(2026, 8, 1))

    s1 = StarterFactory(contact_point=alfa, name="Siri Delt", shared_in_region=True)
    StarterAssignmentFactory(
        meeting=GroupMeetingFactory(group=g2, starts_at=at(2026, 6, 25, 18)),
        starter=s1,
        response=StarterAssignment.Response.CONFIRMED,
    )
    StarterFactory(contact_point=alfa, name="Per Privat", trained_on=None)
    s3 = StarterFactory(contact_point=alfa, name="Stein Delt", shared_in_region=True)
    StarterAssignmentFactory(
        meeting=GroupMeetingFactory(group=g1, starts_at=at(2026, 7, 1, 18)),
        starter=s3,
        response=StarterAssignment.Response.DECLINED,
    )
    StarterFactory(contact_point=alfa, name="Ivar Inaktiv", shared_in_region=True, is_active=False)
    s5 = StarterFactory(contact_point=beta, name="Berit Delt", shared_in_region=True)
    StarterAssignmentFactory(
        meeting=GroupMeetingFactory(group=g5, starts_at=at(2025, 10, 1, 18)), starter=s5
    )

    interest("0301", 3)
    interest("0301", 1, slug="sorg")
    interest("0301", 1, notified=True)
    interest("3201", 2)
    interest("3203", 1)
    interest("3101", 3)

    # Region "vest": all of it must stay out of region "ost"'s figures.
    vest_cp = contact_point("Vest", "4601", since=at(2024, 1, 1))
    MembershipFactory(contact_point=vest_cp)
    for _ in range(2):
        group(vest_cp, S.RUNNING, topics=["sorg"], updated=at(2026, 11, 1))
    event(vest_cp, at(2026, 3, 3, 18), created=at(2026, 1, 5))
    for day in range(1, 8):
        enquiry(vest_cp, at(2026, 3, day), 5 * HOUR)
    StarterFactory(contact_point=vest_cp, name="Vera Vest", shared_in_region=True)
    interest("4601", 5)
    vest_training = EventFactory(
        contact_point=None,
        region=vest,
        kind=Event.Kind.STARTER_TRAINING,
        is_online=True,
        municipality=None,
        starts_at=at(2026, 4, 10, 9),
        ends_at=at(2026, 4, 10, 15),
    )
    set_fields(vest_training, created_at=at(2026, 3, 1))

    return {
        "ost": ost,
        "vest": vest,
        "alfa": alfa,
        "beta": beta,
        "gamma": gamma,
        "delta": delta,
        "epsilon": epsilon,
        "vest_cp": vest_cp,
    }
