"""The weekly digest for staff and the monthly summary for region admins: hand-counted
figures, the right people, once per week or month, and small counts hidden."""

import datetime

import pytest
from django.utils import timezone, translation

from contactpoints.models import ContactPoint, Membership
from enquiries.models import Enquiry
from events.models import Event, Registration
from groups.models import SelfHelpGroup, StarterAssignment
from notifications import digests
from notifications.models import OutboxMessage
from notifications.tasks import send_monthly_summaries, send_weekly_digests
from notifications.workdays import OSLO
from regions.models import Region
from tests.factories import (
    ContactPointFactory,
    EnquiryFactory,
    EventFactory,
    GroupMeetingFactory,
    InterestRegistrationFactory,
    MembershipFactory,
    RegistrationFactory,
    SelfHelpGroupFactory,
    StarterAssignmentFactory,
    UserFactory,
    municipality,
    topic,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def oslo(*args):
    return datetime.datetime(*args, tzinfo=OSLO)


# Monday 30 November 2026 07:00 (ISO week 49 of 2026).
DIGEST_AT = oslo(2026, 11, 30, 7, 0)


def at(time_machine, moment):
    time_machine.move_to(moment, tick=False)


def set_created(obj, moment):
    type(obj).objects.filter(pk=obj.pk).update(created_at=moment)


def digest_of(user):
    return OutboxMessage.objects.filter(key__startswith=f"digest-weekly:{user.pk}:").first()


@pytest.fixture
def week(time_machine):
    """Contact point A with a week's worth of things to count, and people around it."""
    at(time_machine, DIGEST_AT - 30 * DAY)
    a = ContactPointFactory(name="Frivilligsentralen A")
    people = {
        "staff": MembershipFactory(contact_point=a).user,
        "manager": MembershipFactory(contact_point=a, role=Membership.Role.MANAGER).user,
        "unsubscribed": MembershipFactory(contact_point=a, user__receives_digest=False).user,
        "inactive": MembershipFactory(contact_point=a, user__is_active=False).user,
        "pending_cp": MembershipFactory(contact_point__status=ContactPoint.Status.PENDING).user,
        "quiet_cp": MembershipFactory(contact_point__name="Stille kontaktpunkt").user,
    }
    now = DIGEST_AT

    # Enquiries: new in the last 7 days = 4 (e1, e2, e4, e5); unanswered = 2 (e1, e3).
    e1 = EnquiryFactory(contact_point=a)
    set_created(e1, now - 2 * DAY)
    e2 = EnquiryFactory(
        contact_point=a, status=Enquiry.Status.ANSWERED, first_response_at=now - DAY
    )
    set_created(e2, now - 3 * DAY)
    e3 = EnquiryFactory(contact_point=a)
    set_created(e3, now - 8 * DAY)
    e4 = EnquiryFactory(contact_point=a, status=Enquiry.Status.CLOSED, closed_at=now - DAY)
    set_created(e4, now - 3 * DAY)
    e5 = EnquiryFactory(contact_point=a, status=Enquiry.Status.IN_PROGRESS)
    set_created(e5, now - 7 * DAY)  # exactly 7 days: counts
    e6 = EnquiryFactory(contact_point=a, status=Enquiry.Status.IN_PROGRESS)
    set_created(e6, now - 7 * DAY - datetime.timedelta(seconds=1))  # just before: not
    # Another contact point's enquiry never counts for A.
    EnquiryFactory(contact_point=ContactPointFactory())

    # Meetings without a starter in the next 4 weeks = 3 (m1, m3, planned).
    recruiting = SelfHelpGroupFactory(contact_point=a, status=SelfHelpGroup.Status.RECRUITING)
    GroupMeetingFactory(group=recruiting, starts_at=now + 3 * DAY)  # m1: open
    StarterAssignmentFactory(
        meeting=GroupMeetingFactory(group=recruiting, starts_at=now + 10 * DAY)
    )
    StarterAssignmentFactory(
        meeting=GroupMeetingFactory(group=recruiting, starts_at=now + 20 * DAY),
        response=StarterAssignment.Response.DECLINED,
    )  # m3: only a declined starter, so open
    GroupMeetingFactory(group=recruiting, starts_at=now + 28 * DAY)  # beyond 4 weeks
    GroupMeetingFactory(group=recruiting, starts_at=now + 5 * DAY, is_cancelled=True)
    GroupMeetingFactory(group=recruiting, starts_at=now - DAY)  # past
    planned = SelfHelpGroupFactory(contact_point=a, status=SelfHelpGroup.Status.PLANNED)
    GroupMeetingFactory(group=planned, starts_at=now + 27 * DAY)  # open
    running = SelfHelpGroupFactory(contact_point=a, status=SelfHelpGroup.Status.RUNNING)
    GroupMeetingFactory(group=running, starts_at=now + 5 * DAY)  # runs itself: not a slot

    # Stale public listings = 1 (running, 6 months and a day without an update).
    SelfHelpGroup.objects.filter(pk=running.pk).update(updated_at=oslo(2026, 5, 29, 7, 0))
    fresh = SelfHelpGroupFactory(contact_point=a, status=SelfHelpGroup.Status.STARTING)
    SelfHelpGroup.objects.filter(pk=fresh.pk).update(updated_at=oslo(2026, 5, 30, 7, 1))
    paused = SelfHelpGroupFactory(contact_point=a, status=SelfHelpGroup.Status.PAUSED)
    SelfHelpGroup.objects.filter(pk=paused.pk).update(updated_at=oslo(2025, 1, 1, 12, 0))

    # Events in the next 2 weeks: two, with their registrations.
    soon = EventFactory(contact_point=a, title="Informasjonsmøte", starts_at=now + 3 * DAY)
    RegistrationFactory.create_batch(2, event=soon)
    RegistrationFactory(event=soon, status=Registration.Status.WAITING)
    RegistrationFactory(
        event=soon, status=Registration.Status.CANCELLED, cancelled_at=timezone.now()
    )
    EventFactory(contact_point=a, title="Åpent møte", starts_at=now + 5 * DAY, capacity=None)
    EventFactory(contact_point=a, title="Utkast", starts_at=now + 4 * DAY, status="draft")
    EventFactory(contact_point=a, title="Senere", starts_at=now + 15 * DAY)

    at(time_machine, DIGEST_AT)
    return {"a": a, **people}


def test_weekly_digest_figures_hand_counted(week):
    figures = digests.weekly_digest_figures(contact_point_ids=[week["a"].pk], now=DIGEST_AT)
    a = figures[week["a"].pk]
    assert a["new_enquiries"] == 4
    assert a["unanswered"] == 2
    assert a["open_slots"] == 3
    assert a["stale_listings"] == 1
    assert [(e["title"], e["confirmed"], e["waiting"]) for e in a["events"]] == [
        ("Informasjonsmøte", 2, 1),
        ("Åpent møte", 0, 0),
    ]


def test_weekly_digest_to_each_active_member_who_wants_it(week):
    assert digests.weekly_digests_queue(now=timezone.now()) == 2
    for person in ("staff", "manager"):
        message = digest_of(week[person])
        assert message.key == f"digest-weekly:{week[person].pk}:2026-W49"
        assert message.recipient == week[person].email
        assert message.reason == "digest_weekly"
    for person in ("unsubscribed", "inactive", "pending_cp"):
        assert digest_of(week[person]) is None, person


def test_weekly_digest_nothing_to_say_not_sent(week):
    digests.weekly_digests_queue(now=timezone.now())
    assert digest_of(week["quiet_cp"]) is None


def test_weekly_digest_twice_in_a_week_queues_once(week, time_machine):
    assert digests.weekly_digests_queue(now=timezone.now()) == 2
    at(time_machine, DIGEST_AT + datetime.timedelta(hours=3))
    assert digests.weekly_digests_queue(now=timezone.now()) == 0
    assert OutboxMessage.objects.filter(reason="digest_weekly").count() == 2


def test_weekly_digest_task_queues(week):
    send_weekly_digests.apply()
    assert digest_of(week["staff"]) is not None


def test_weekly_digest_text_counts_only(week, settings):
    EnquiryFactory(
        contact_point=week["a"], name="Hemmelig-Navn", message="Hemmelig melding", email="h@x.no"
    )
    digests.weekly_digests_queue(now=timezone.now())
    message = digest_of(week["staff"])
    whole = f"{message.subject}\n{message.body_text}\n{message.body_html}"
    assert "Hemmelig" not in whole
    assert "h@x.no" not in whole
    with translation.override("nb"):
        new_line = translation.ngettext(
            "%(counter)s new enquiry in the last 7 days",
            "%(counter)s new enquiries in the last 7 days",
            5,
        ) % {"counter": 5}
        subject = translation.gettext("Your weekly overview, week %(week)s") % {"week": 49}
    assert new_line in message.body_text
    assert message.subject == subject
    assert "Frivilligsentralen A" in message.body_text
    assert "Informasjonsmøte" in message.body_text
    assert f"{settings.SITE_URL}/varsler/avmeld/" in message.body_text
    assert f'href="{settings.SITE_URL}/varsler/avmeld/' in message.body_html


def test_weekly_digest_one_per_person_with_every_contact_point(week):
    other = ContactPointFactory(name="Frisklivssentralen B")
    MembershipFactory(contact_point=other, user=week["staff"])
    EnquiryFactory(contact_point=other)
    digests.weekly_digests_queue(now=timezone.now())
    message = digest_of(week["staff"])
    assert OutboxMessage.objects.filter(recipient=week["staff"].email).count() == 1
    assert "Frivilligsentralen A" in message.body_text
    assert "Frisklivssentralen B" in message.body_text


# Monthly summary ---------------------------------------------------------------------

# Tuesday 1 December 2026 07:00: the summary of November 2026.
SUMMARY_AT = oslo(2026, 12, 1, 7, 0)


def summary_of(user):
    return OutboxMessage.objects.filter(key__startswith=f"summary-monthly:{user.pk}:").first()


@pytest.fixture
def month(time_machine):
    at(time_machine, oslo(2026, 9, 1, 12, 0))
    ost, vest = Region.objects.get(slug="ost"), Region.objects.get(slug="vest")
    people = {
        "ost_admin": UserFactory(),
        "ost_admin_unsubscribed": UserFactory(receives_digest=False),
        "vest_admin": UserFactory(),
    }
    ost.admins.add(people["ost_admin"], people["ost_admin_unsubscribed"])
    vest.admins.add(people["vest_admin"])

    oslo_cp = ContactPointFactory(name="Frivilligsentralen Oslo", municipality=municipality())
    halden_cp = ContactPointFactory(name="Halden LMS", municipality=municipality("3101"))
    bergen_cp = ContactPointFactory(
        name="Bergen frisklivssentral", municipality=municipality("4601")
    )

    def enquiry(cp, created, answered_after=None):
        e = EnquiryFactory(contact_point=cp)
        set_created(e, created)
        if answered_after is not None:
            Enquiry.objects.filter(pk=e.pk).update(
                status=Enquiry.Status.ANSWERED, first_response_at=created + answered_after
            )
        return e

    # Oslo: 4 new in November (the first minute counts), 3 answered within 3 working days.
    enquiry(oslo_cp, oslo(2026, 11, 1, 0, 0), answered_after=3 * DAY)  # Sun → due Thu 00:00
    enquiry(oslo_cp, oslo(2026, 11, 10, 9, 0), answered_after=datetime.timedelta(hours=2))
    enquiry(oslo_cp, oslo(2026, 11, 16, 12, 0), answered_after=3 * DAY)  # Mon → Thu 12:00
    enquiry(oslo_cp, oslo(2026, 11, 20, 12, 0), answered_after=6 * DAY)  # Fri → Wed: late
    enquiry(oslo_cp, oslo(2026, 10, 31, 23, 59))  # October
    enquiry(oslo_cp, oslo(2026, 12, 1, 0, 0))  # December
    # Halden: 1 new enquiry, 3 groups started — listed, with its enquiry "under 3".
    enquiry(halden_cp, oslo(2026, 11, 12, 10, 0))
    # Bergen (region Vest): 5 new enquiries, never in Øst's summary.
    for day in range(2, 7):
        enquiry(bergen_cp, oslo(2026, 11, day, 10, 0))

    def group(cp, status, changed):
        g = SelfHelpGroupFactory(contact_point=cp, status=status)
        SelfHelpGroup.objects.filter(pk=g.pk).update(status_changed_at=changed)
        return g

    # Halden: 3 groups started in November; one in October, one still recruiting: no.
    group(halden_cp, SelfHelpGroup.Status.STARTING, oslo(2026, 11, 3, 12, 0))
    group(halden_cp, SelfHelpGroup.Status.RUNNING, oslo(2026, 11, 30, 23, 0))
    group(halden_cp, SelfHelpGroup.Status.STARTING, oslo(2026, 11, 1, 0, 0))
    group(halden_cp, SelfHelpGroup.Status.STARTING, oslo(2026, 10, 31, 12, 0))
    group(halden_cp, SelfHelpGroup.Status.RECRUITING, oslo(2026, 11, 4, 12, 0))
    # Oslo: a running group on grief (sorg), since long ago.
    grief = group(oslo_cp, SelfHelpGroup.Status.RUNNING, oslo(2026, 1, 5, 12, 0))
    grief.topics.set([topic("sorg")])

    # Events held in November: one in Halden, one online by region Øst; one in Oslo in
    # October, a cancelled one in Oslo in November: no.
    EventFactory(contact_point=halden_cp, starts_at=oslo(2026, 11, 18, 18, 0))
    EventFactory(
        contact_point=None,
        region=ost,
        is_online=True,
        municipality=None,
        starts_at=oslo(2026, 11, 25, 18, 0),
    )
    EventFactory(contact_point=oslo_cp, starts_at=oslo(2026, 10, 20, 18, 0))
    EventFactory(
        contact_point=oslo_cp, starts_at=oslo(2026, 11, 20, 18, 0), status=Event.Status.CANCELLED
    )

    # Interest waiting in Oslo: 3 on anxiety (no group); 2 on grief (a group exists).
    InterestRegistrationFactory.create_batch(3, topic=topic("angst"), municipality=municipality())
    InterestRegistrationFactory.create_batch(2, topic=topic("sorg"), municipality=municipality())

    at(time_machine, SUMMARY_AT)
    return {"ost": ost, "vest": vest, **people}


def test_month_summarised_is_the_month_before():
    start, end, label = digests.month_summarised(SUMMARY_AT)
    assert (start, end, label) == (oslo(2026, 11, 1), oslo(2026, 12, 1), "2026-11")
    start, end, label = digests.month_summarised(oslo(2027, 1, 1, 7, 0))
    assert (start, end, label) == (oslo(2026, 12, 1), oslo(2027, 1, 1), "2026-12")


def test_monthly_summary_figures_hand_counted(month):
    start, end, _label = digests.month_summarised(SUMMARY_AT)
    figures = digests.monthly_summary_figures(
        region_ids=[month["ost"].pk, month["vest"].pk], start=start, end=end
    )
    ost = figures[month["ost"].pk]
    assert ost["totals"] == {
        "new_enquiries": 5,
        "answered_in_time": 3,
        "groups_started": 3,
        "events_held": 2,
        "interest": 3,
    }
    # Every count under 3 reads "under 3" (None), zero included.
    assert ost["municipalities"] == [
        (
            "Halden",
            {
                "new_enquiries": None,
                "answered_in_time": None,
                "groups_started": 3,
                "events_held": None,
                "interest": None,
            },
        ),
        (
            "Oslo - Oslove",
            {
                "new_enquiries": 4,
                "answered_in_time": 3,
                "groups_started": None,
                "events_held": None,
                "interest": 3,
            },
        ),
    ]
    vest = figures[month["vest"].pk]
    assert vest["totals"]["new_enquiries"] == 5
    assert [name for name, _shown in vest["municipalities"]] == ["Bergen"]


def test_monthly_summary_under_3_hides_a_municipality_with_only_small_counts(month):
    start, end, _label = digests.month_summarised(SUMMARY_AT)
    figures = digests.monthly_summary_figures(region_ids=[month["ost"].pk], start=start, end=end)
    names = [name for name, _shown in figures[month["ost"].pk]["municipalities"]]
    assert "Moss" not in names  # nothing at all
    # Two enquiries in Moss: still not listed, still in the region's total.
    moss = ContactPointFactory(municipality=municipality("3103"))
    for _ in range(2):
        set_created(EnquiryFactory(contact_point=moss), oslo(2026, 11, 5, 10, 0))
    figures = digests.monthly_summary_figures(region_ids=[month["ost"].pk], start=start, end=end)
    assert "Moss" not in [name for name, _shown in figures[month["ost"].pk]["municipalities"]]
    assert figures[month["ost"].pk]["totals"]["new_enquiries"] == 7
    # A third makes Moss show.
    set_created(EnquiryFactory(contact_point=moss), oslo(2026, 11, 6, 10, 0))
    figures = digests.monthly_summary_figures(region_ids=[month["ost"].pk], start=start, end=end)
    assert ("Moss", {"new_enquiries": 3, **dict.fromkeys(digests.METRICS[1:])}) in figures[
        month["ost"].pk
    ]["municipalities"]


def test_monthly_summary_to_each_region_admin_once(month, time_machine):
    assert digests.monthly_summaries_queue(now=timezone.now()) == 2
    ost_message = summary_of(month["ost_admin"])
    vest_message = summary_of(month["vest_admin"])
    assert ost_message.key == f"summary-monthly:{month['ost_admin'].pk}:2026-11"
    assert summary_of(month["ost_admin_unsubscribed"]) is None
    assert "Oslo" in ost_message.body_text
    assert "Bergen" not in ost_message.body_text + ost_message.body_html
    assert "Oslo" not in vest_message.body_text + vest_message.body_html
    with translation.override("nb"):
        under_3 = translation.gettext("under %(small)s") % {"small": 3}
    assert under_3 in ost_message.body_text
    assert under_3 in ost_message.body_html

    at(time_machine, SUMMARY_AT + datetime.timedelta(hours=5))
    assert digests.monthly_summaries_queue(now=timezone.now()) == 0
    send_monthly_summaries.apply()
    assert OutboxMessage.objects.filter(reason="summary_monthly").count() == 2


def test_monthly_summary_sent_for_a_quiet_month(month, time_machine):
    at(time_machine, oslo(2027, 3, 1, 7, 0))
    Enquiry.objects.all().delete()
    assert digests.monthly_summaries_queue(now=timezone.now()) == 2
    message = summary_of(month["ost_admin"])
    assert message.key.endswith(":2027-02")
