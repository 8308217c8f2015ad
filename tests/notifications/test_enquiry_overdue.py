"""An enquiry past the promised response time: the assignee, then the managers, then
the region admins are told — each once, at their time, and never about its content."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from contactpoints.models import Membership
from enquiries.models import Enquiry
from notifications.models import OutboxMessage
from notifications.scanners import SCANNERS, enquiries
from notifications.workdays import OSLO
from regions.models import Region
from tests.factories import (
    ContactPointFactory,
    EnquiryFactory,
    MembershipFactory,
    SelfHelpGroupFactory,
    UserFactory,
    topic,
)


def oslo(*args):
    return datetime.datetime(*args, tzinfo=OSLO)


# Tuesday 24 November 2026, 10:00: with 3 working days the enquiry is due on Friday
# 27 November at 10:00 (stage 1), the managers on Monday 30 November at 10:00 (stage 2),
# the region on Tuesday 1 December at 10:00 (stage 3).
RECEIVED = oslo(2026, 11, 24, 10, 0)
STAGE_1 = oslo(2026, 11, 27, 10, 0)
STAGE_2 = oslo(2026, 11, 30, 10, 0)
STAGE_3 = oslo(2026, 12, 1, 10, 0)
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def people(db):
    """A contact point in Oslo (region Øst) with an assignee, another staff member, two
    managers; admins of Øst and of another region; and a member of another contact point."""
    contact_point = ContactPointFactory(name="Frivilligsentralen Sagene")

    def member(role=Membership.Role.STAFF):
        return MembershipFactory(contact_point=contact_point, role=role).user

    region = Region.objects.get(slug="ost")
    other_region = Region.objects.get(slug="vest")
    result = {
        "contact_point": contact_point,
        "assignee": member(),
        "staff": member(),
        "manager": member(Membership.Role.MANAGER),
        "manager2": member(Membership.Role.MANAGER),
        "region": region,
        "region_admin": UserFactory(),
        "other_region_admin": UserFactory(),
        "elsewhere": MembershipFactory().user,
    }
    region.admins.add(result["region_admin"])
    other_region.admins.add(result["other_region_admin"])
    return result


def receive(people, time_machine, *, at=RECEIVED, assigned=True, **fields):
    time_machine.move_to(at, tick=False)
    return EnquiryFactory(
        contact_point=fields.pop("contact_point", people["contact_point"]),
        assigned_to=people["assignee"] if assigned else None,
        **fields,
    )


def scan_at(time_machine, moment):
    time_machine.move_to(moment, tick=False)
    return enquiries.scan(now=timezone.now())


def told(enquiry, stage=None):
    keys = OutboxMessage.objects.filter(key__startswith=f"enquiry-overdue:{enquiry.pk}:")
    if stage is not None:
        keys = keys.filter(key__startswith=f"enquiry-overdue:{enquiry.pk}:{stage}:")
    return sorted(keys.values_list("recipient", flat=True))


def emails(*users):
    return sorted(user.email for user in users)


def test_enquiry_overdue_scanner_is_registered():
    assert enquiries.scan in SCANNERS


def test_enquiry_overdue_not_before_the_deadline(people, time_machine):
    enquiry = receive(people, time_machine)
    assert scan_at(time_machine, STAGE_1 - SECOND) == 0
    assert told(enquiry) == []


def test_enquiry_overdue_exactly_at_the_deadline_to_the_assignee(people, time_machine):
    enquiry = receive(people, time_machine)
    assert scan_at(time_machine, STAGE_1) == 1
    assert told(enquiry) == [people["assignee"].email]
    message = OutboxMessage.objects.get()
    assert message.key == f"enquiry-overdue:{enquiry.pk}:1:{people['assignee'].email}"
    assert message.reason == "enquiry_overdue"


def test_enquiry_overdue_unassigned_to_every_member(people, time_machine):
    enquiry = receive(people, time_machine, assigned=False)
    scan_at(time_machine, STAGE_1)
    assert told(enquiry, 1) == emails(
        people["assignee"], people["staff"], people["manager"], people["manager2"]
    )


def test_enquiry_overdue_inactive_assignee_falls_back_to_members(people, time_machine):
    people["assignee"].is_active = False
    people["assignee"].save()
    enquiry = receive(people, time_machine)
    scan_at(time_machine, STAGE_1)
    assert told(enquiry, 1) == emails(people["staff"], people["manager"], people["manager2"])


def test_enquiry_overdue_across_a_weekend(people, time_machine):
    # Thursday 26 November 10:00 + 3 working days = Tuesday 1 December 10:00.
    enquiry = receive(people, time_machine, at=oslo(2026, 11, 26, 10, 0))
    assert scan_at(time_machine, oslo(2026, 11, 29, 23, 0)) == 0
    assert scan_at(time_machine, oslo(2026, 12, 1, 10, 0) - SECOND) == 0
    assert scan_at(time_machine, oslo(2026, 12, 1, 10, 0)) == 1
    assert told(enquiry) == [people["assignee"].email]


def test_enquiry_overdue_across_easter(people, time_machine):
    # Wednesday 1 April 2026 12:00; 2, 3 and 6 April are holidays: due Thursday 9 April.
    enquiry = receive(people, time_machine, at=oslo(2026, 4, 1, 12, 0))
    assert scan_at(time_machine, oslo(2026, 4, 6, 12, 0)) == 0
    assert scan_at(time_machine, oslo(2026, 4, 9, 12, 0) - SECOND) == 0
    assert scan_at(time_machine, oslo(2026, 4, 9, 12, 0)) == 1
    assert told(enquiry, 1) == [people["assignee"].email]


def test_enquiry_overdue_received_on_a_saturday_counts_from_monday(people, time_machine):
    # Saturday 28 November: the three working days are Monday to Wednesday.
    enquiry = receive(people, time_machine, at=oslo(2026, 11, 28, 15, 0))
    assert scan_at(time_machine, oslo(2026, 12, 2, 23, 59)) == 0
    assert scan_at(time_machine, oslo(2026, 12, 3, 0, 0)) == 1
    assert told(enquiry) == [people["assignee"].email]


def test_enquiry_overdue_uses_the_contact_points_promise(people, time_machine):
    slow = ContactPointFactory(response_days=5)
    enquiry = receive(people, time_machine, contact_point=slow, assigned=False)
    MembershipFactory(contact_point=slow)
    assert scan_at(time_machine, oslo(2026, 12, 1, 10, 0) - SECOND) == 0
    assert scan_at(time_machine, oslo(2026, 12, 1, 10, 0)) == 1
    assert len(told(enquiry, 1)) == 1


def test_enquiry_overdue_each_stage_at_its_time_to_the_right_people(people, time_machine):
    enquiry = receive(people, time_machine)
    scan_at(time_machine, STAGE_1)
    assert scan_at(time_machine, STAGE_2 - SECOND) == 0
    assert told(enquiry, 2) == []

    assert scan_at(time_machine, STAGE_2) == 2
    assert told(enquiry, 2) == emails(people["manager"], people["manager2"])
    assert scan_at(time_machine, STAGE_3 - SECOND) == 0

    assert scan_at(time_machine, STAGE_3) == 1
    assert told(enquiry, 3) == [people["region_admin"].email]

    everyone_told = set(OutboxMessage.objects.values_list("recipient", flat=True))
    assert people["other_region_admin"].email not in everyone_told
    assert people["elsewhere"].email not in everyone_told
    assert people["staff"].email not in everyone_told  # the enquiry is assigned


def test_enquiry_overdue_other_regions_admin_never_told(people, time_machine):
    bergen = ContactPointFactory(municipality_id="4601")
    MembershipFactory(contact_point=bergen, role=Membership.Role.MANAGER)
    receive(people, time_machine, contact_point=bergen, assigned=False)
    receive(people, time_machine)
    scan_at(time_machine, STAGE_3 + datetime.timedelta(days=2))
    recipients = set(OutboxMessage.objects.values_list("recipient", flat=True))
    assert people["region_admin"].email in recipients
    assert people["other_region_admin"].email in recipients  # for Bergen's enquiry only
    bergen_enquiry = Enquiry.objects.get(contact_point=bergen)
    assert told(bergen_enquiry, 3) == [people["other_region_admin"].email]
    oslo_enquiry = Enquiry.objects.get(contact_point=people["contact_point"])
    assert told(oslo_enquiry, 3) == [people["region_admin"].email]


def test_enquiry_overdue_region_without_admins_gets_the_region_address(people, time_machine):
    people["region"].admins.clear()
    people["region"].email = "ost@selvhjelp.example"
    people["region"].save()
    enquiry = receive(people, time_machine)
    scan_at(time_machine, STAGE_3)
    assert told(enquiry, 3) == ["ost@selvhjelp.example"]


def test_enquiry_overdue_no_managers_gets_the_public_address(people, time_machine):
    Membership.objects.filter(role=Membership.Role.MANAGER).delete()
    enquiry = receive(people, time_machine)
    scan_at(time_machine, STAGE_2)
    assert told(enquiry, 2) == [people["contact_point"].email]


def test_enquiry_overdue_missed_scans_catch_up_late(people, time_machine):
    """The scanner was down for two days: every stage due by now goes out, late."""
    enquiry = receive(people, time_machine)
    assert scan_at(time_machine, STAGE_3 + datetime.timedelta(hours=5)) == 4
    assert len(told(enquiry, 1)) == 1
    assert len(told(enquiry, 2)) == 2
    assert len(told(enquiry, 3)) == 1


def test_enquiry_overdue_stale_stage_not_sent_after_the_lookback(people, time_machine):
    enquiry = receive(people, time_machine)
    assert scan_at(time_machine, STAGE_3 + enquiries.LOOKBACK + SECOND) == 0
    assert told(enquiry) == []


def test_enquiry_overdue_stops_after_a_first_answer(people, time_machine):
    enquiry = receive(people, time_machine)
    scan_at(time_machine, STAGE_1)
    time_machine.move_to(STAGE_1 + datetime.timedelta(hours=2), tick=False)
    Enquiry.objects.filter(pk=enquiry.pk).update(
        status=Enquiry.Status.ANSWERED, first_response_at=timezone.now()
    )
    assert scan_at(time_machine, STAGE_2) == 0
    assert scan_at(time_machine, STAGE_3) == 0
    assert told(enquiry) == [people["assignee"].email]


def test_enquiry_overdue_stops_when_no_longer_new(people, time_machine):
    enquiry = receive(people, time_machine)
    Enquiry.objects.filter(pk=enquiry.pk).update(status=Enquiry.Status.IN_PROGRESS)
    assert scan_at(time_machine, STAGE_3) == 0
    assert told(enquiry) == []


def test_enquiry_overdue_scan_twice_queues_once(people, time_machine):
    enquiry = receive(people, time_machine, assigned=False)
    assert scan_at(time_machine, STAGE_1) == 4
    assert scan_at(time_machine, STAGE_1 + datetime.timedelta(minutes=5)) == 0
    assert len(told(enquiry)) == 4


def test_enquiry_overdue_second_pass_queries_do_not_grow(people, time_machine):
    """A pass over already-told enquiries costs the same queries for one or three."""

    def second_pass_queries(count):
        OutboxMessage.objects.all().delete()
        Enquiry.objects.all().delete()
        for _ in range(count):
            receive(people, time_machine, assigned=False)
        scan_at(time_machine, STAGE_3)
        with CaptureQueriesContext(connection) as queries:
            assert scan_at(time_machine, STAGE_3) == 0
        return len(queries)

    assert second_pass_queries(1) == second_pass_queries(3)


def test_enquiry_overdue_message_has_no_content(people, time_machine, settings):
    group = SelfHelpGroupFactory(contact_point=people["contact_point"], title="Sorggruppe-Hemmelig")
    enquiry = receive(
        people,
        time_machine,
        name="Hemmelig-Navn",
        email="hemmelig.person@example.no",
        message="Hemmelig melding om angst",
        group=group,
        topic=topic("angst"),
    )
    scan_at(time_machine, STAGE_3)
    messages = OutboxMessage.objects.filter(key__startswith=f"enquiry-overdue:{enquiry.pk}:")
    assert messages.count() == 4
    inbox_url = settings.SITE_URL + reverse(
        "workspace:enquiry_list", kwargs={"cp": people["contact_point"].slug}
    )
    for message in messages:
        whole = f"{message.subject}\n{message.body_text}\n{message.body_html}"
        for secret in ["Hemmelig", "hemmelig", "angst", "Angst", "sorg", "Sorg"]:
            assert secret not in whole, (secret, message.key)
        assert "Frivilligsentralen Sagene" in message.body_text
        assert inbox_url in message.body_text
        assert f'href="{inbox_url}"' in message.body_html
    stage_1 = messages.get(key__contains=":1:")
    with translation.override("nb"):
        expected = translation.ngettext(
            "An enquiry to %(contact_point)s has waited %(days)s working day without an answer.",
            "An enquiry to %(contact_point)s has waited %(days)s working days without an answer.",
            3,
        ) % {"contact_point": "Frivilligsentralen Sagene", "days": 3}
        subject = translation.gettext("An enquiry is waiting for an answer")
    assert expected in " ".join(stage_1.body_text.split())
    assert stage_1.subject == subject
    stage_3 = messages.get(key__contains=":3:")
    assert " 5 " in " ".join(stage_3.body_text.split())


def test_enquiry_overdue_link_to_inbox_uses_site_url(people, time_machine, settings):
    settings.SITE_URL = "https://selvhjelp.example"
    receive(people, time_machine)
    scan_at(time_machine, STAGE_1)
    message = OutboxMessage.objects.get()
    inbox_path = reverse("workspace:enquiry_list", kwargs={"cp": people["contact_point"].slug})
    assert f"https://selvhjelp.example{inbox_path}" in message.body_text


def test_enquiry_overdue_candidate_query_reads_the_enquiry_index(people, time_machine):
    """Over two years of enquiries, many of them left "new", a stage query reads only a
    created_at window of an index: the partial index of unanswered enquiries, or the
    (contact point, status, created_at) one."""
    contact_points = [people["contact_point"], *ContactPointFactory.create_batch(9)]
    Enquiry.objects.bulk_create(
        Enquiry(
            contact_point=contact_points[n % 10],
            name="x",
            email="x@example.no",
            consent_given_at=RECEIVED,
            status=Enquiry.Status.NEW if n % 3 else Enquiry.Status.ANSWERED,
        )
        for n in range(6000)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE enquiries_enquiry SET created_at = %s - (id %% 730) * interval '1 day'",
            [RECEIVED],
        )
        cursor.execute("ANALYZE enquiries_enquiry")
    time_machine.move_to(STAGE_1, tick=False)
    candidates = enquiries.stage_candidates(
        stage=1,
        now=timezone.now(),
        contact_points_by_days=enquiries.contact_points_by_response_days(),
    )
    plan = candidates.explain()
    assert "enquiries_enquiry_unanswered" in plan or "enquiries_e_contact_36fa6e_idx" in plan, plan
    assert "Seq Scan" not in plan, plan


@pytest.mark.django_db(transaction=True)
def test_enquiry_overdue_two_scanners_at_once_queue_once(reference_data):
    """Two beat schedulers (two threads, two connections) scanning the same moment."""
    contact_point = ContactPointFactory()
    members = [MembershipFactory(contact_point=contact_point).user for _ in range(5)]
    for _ in range(4):
        EnquiryFactory(contact_point=contact_point)
    Enquiry.objects.update(created_at=RECEIVED)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(enquiries.scan(now=STAGE_1))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(results) == 4 * len(members)
    assert OutboxMessage.objects.count() == 4 * len(members)
    assert OutboxMessage.objects.values("key").distinct().count() == 4 * len(members)
