"""A resident who registered interest is told once when a group on the topic opens."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from contactpoints.models import ContactPoint
from enquiries.models import InterestRegistration
from groups.models import SelfHelpGroup
from notifications.models import OutboxMessage
from notifications.scanners import interest, run_all
from tests.factories import InterestRegistrationFactory, municipality, topic
from tests.groups.factories import BODO, FAUSKE, OSLO, group_in
from tests.helpers import run_at_once

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def interested(number=BODO, slug="angst", **fields):
    fields.setdefault("email", "kari@example.no")
    return InterestRegistrationFactory(
        topic=topic(slug), municipality=municipality(number), **fields
    )


def group(number=BODO, slug="angst", **fields):
    fields.setdefault("status", SelfHelpGroup.Status.RECRUITING)
    return group_in(number, topics=[topic(slug)], **fields)


def scan():
    return interest.scan(now=timezone.now())


def group_url(group):
    return settings.SITE_URL + reverse("groups:detail", kwargs={"slug": group.slug})


def test_interest_told_when_group_opens_in_municipality():
    person = interested()
    opened = group()

    assert scan() == 1

    message = OutboxMessage.objects.get()
    assert message.key == f"interest-group:{person.pk}"
    assert message.reason == "interest_group_started"
    assert message.recipient == "kari@example.no"
    assert group_url(opened) in message.body_text
    assert group_url(opened) in message.body_html
    person.refresh_from_db()
    assert person.notified_at is not None


def test_interest_message_subject_neutral_in_bokmal():
    interested()
    opened = group()

    scan()

    message = OutboxMessage.objects.get()
    with translation.override("nb"):
        assert message.subject == gettext("A group you asked to hear about")
        assert topic("angst").name.lower() not in message.subject.lower()
    assert opened.title not in message.subject


def test_interest_told_once():
    interested()
    group()

    assert scan() == 1
    assert scan() == 0
    group()  # a second group on the topic opens: the person has been told already
    assert scan() == 0

    assert OutboxMessage.objects.count() == 1
    for reach in (interest.HERE, interest.REMOTE_IN_COUNTY):
        assert not interest.due_interests(now=timezone.now(), reach=reach).exists()


def test_interest_notified_at_set_with_message():
    moment = timezone.now().replace(microsecond=0)
    person = interested()
    group()

    with time_machine.travel(moment, tick=False):
        scan()

    person.refresh_from_db()
    assert person.notified_at == moment


def test_interest_by_sms_with_phone_only():
    interested(email="", phone="91234567")
    opened = group()

    scan()

    message = OutboxMessage.objects.get()
    assert message.channel == OutboxMessage.Channel.SMS
    assert message.recipient == "91234567"
    assert group_url(opened) in message.body_text
    assert opened.title not in message.body_text
    assert topic("angst").name.lower() not in message.body_text.lower()


def test_interest_without_contact_not_told():
    person = interested(email="", phone="")
    group()

    assert scan() == 0
    person.refresh_from_db()
    assert person.notified_at is None


@pytest.mark.parametrize(
    "status",
    [SelfHelpGroup.Status.RECRUITING, SelfHelpGroup.Status.STARTING, SelfHelpGroup.Status.RUNNING],
)
def test_interest_told_for_open_group(status):
    interested()
    group(status=status, open_for_new_members=True)

    assert scan() == 1


@pytest.mark.parametrize(
    ("status", "is_open"),
    [
        (SelfHelpGroup.Status.PLANNED, True),
        (SelfHelpGroup.Status.PAUSED, True),
        (SelfHelpGroup.Status.CLOSED, False),
        (SelfHelpGroup.Status.RUNNING, False),
        (SelfHelpGroup.Status.RECRUITING, False),
    ],
)
def test_interest_not_told_for_group_not_taking_members(status, is_open):
    person = interested()
    group(status=status, open_for_new_members=is_open)

    assert scan() == 0
    person.refresh_from_db()
    assert person.notified_at is None


def test_interest_not_told_for_unapproved_contact_point():
    interested()
    opened = group()
    ContactPoint.objects.filter(pk=opened.contact_point_id).update(
        status=ContactPoint.Status.PENDING
    )

    assert scan() == 0


def test_interest_not_told_for_other_topic():
    interested(slug="angst")
    group(slug="sorg")

    assert scan() == 0


def test_interest_not_told_for_in_person_group_elsewhere_in_county():
    interested(BODO)
    group(FAUSKE)  # Nordland too, but meets in Fauske

    assert scan() == 0


@pytest.mark.parametrize("group_format", [SelfHelpGroup.Format.VIDEO, SelfHelpGroup.Format.PHONE])
def test_interest_told_for_remote_group_in_county(group_format):
    interested(BODO)
    opened = group(FAUSKE, format=group_format)

    assert scan() == 1
    assert group_url(opened) in OutboxMessage.objects.get().body_text


def test_interest_not_told_for_remote_group_in_other_county():
    interested(BODO)
    group(OSLO, format=SelfHelpGroup.Format.VIDEO)

    assert scan() == 0


def test_interest_prefers_group_in_own_municipality():
    interested(BODO)
    group(FAUSKE, format=SelfHelpGroup.Format.VIDEO)
    here = group(BODO)
    group(FAUSKE, format=SelfHelpGroup.Format.PHONE)

    scan()

    assert group_url(here) in OutboxMessage.objects.get().body_text


def test_interest_within_twelve_months_told_older_not():
    registered = timezone.now() - datetime.timedelta(days=300)
    with time_machine.travel(registered, tick=False):
        recent = interested()
    with time_machine.travel(registered - 100 * DAY, tick=False):
        expired = interested(email="ola@example.no")
    group()

    assert scan() == 1

    recent.refresh_from_db()
    expired.refresh_from_db()
    assert recent.notified_at is not None
    assert expired.notified_at is None


def test_interest_told_when_group_opens_months_later():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        person = interested()
        planned = group(status=SelfHelpGroup.Status.PLANNED)
        assert scan() == 0

    with time_machine.travel(start + 200 * DAY, tick=False):
        SelfHelpGroup.objects.filter(pk=planned.pk).update(status=SelfHelpGroup.Status.RECRUITING)
        assert scan() == 1

    person.refresh_from_db()
    assert person.notified_at == start + 200 * DAY


def test_interest_just_past_twelve_months_not_told():
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        interested()
        planned = group(status=SelfHelpGroup.Status.PLANNED)
    with time_machine.travel(start + 366 * DAY, tick=False):
        SelfHelpGroup.objects.filter(pk=planned.pk).update(status=SelfHelpGroup.Status.RECRUITING)
        assert scan() == 0


def test_interest_several_people_told_in_fixed_queries(django_assert_max_num_queries):
    for index in range(3):
        interested(email=f"person{index}@example.no")
    group()
    with django_assert_max_num_queries(6 + 3 * 6) as three:
        assert scan() == 3

    for index in range(7):
        interested(email=f"flere{index}@example.no")
    with django_assert_max_num_queries(6 + 7 * 6) as seven:
        assert scan() == 7

    # Finding and updating are fixed; each message is one get_or_create.
    assert (len(seven) - len(three)) == 4 * 6


def test_interest_run_all_includes_scanner():
    interested()
    group()

    result = run_all(now=timezone.now())

    assert result["notifications.scanners.interest.scan"] == 1


@pytest.mark.django_db(transaction=True)
def test_interest_concurrent_scans_tell_once(reference_data):
    for index in range(5):
        interested(email=f"person{index}@example.no")
    group()
    results = run_at_once(lambda: scan())

    assert sum(results) == 5
    assert OutboxMessage.objects.filter(reason="interest_group_started").count() == 5
    assert not InterestRegistration.objects.filter(notified_at__isnull=True).exists()
