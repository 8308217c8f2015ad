"""Interest by topic in the workspace: counts for the contact point's municipality (and
the rest of its county, for phone and video groups), never a contact detail, and a way
to start a group on the topic."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from groups.models import SelfHelpGroup
from tests.factories import (
    ContactPointFactory,
    InterestRegistrationFactory,
    MembershipFactory,
    SelfHelpGroupFactory,
    municipality,
    topic,
)

pytestmark = pytest.mark.django_db

BERGEN = "4601"
KINN = "4602"  # also in Vestland
OSLO = "0301"
SECRET_EMAIL = "interessert.hemmelig@example.no"
SECRET_PHONE = "98765432"


@pytest.fixture
def cp():
    return ContactPointFactory(slug="fs-bergen", municipality=municipality(BERGEN))


@pytest.fixture
def as_staff(client, cp):
    client.force_login(MembershipFactory(contact_point=cp).user)
    return client


def interest_url(cp):
    return reverse("workspace:interest", kwargs={"cp": cp.slug})


def registered(slug, number, *, days_ago=0, **fields):
    registration = InterestRegistrationFactory(
        topic=topic(slug), municipality=municipality(number), **fields
    )
    if days_ago:
        registration.created_at = timezone.now() - datetime.timedelta(days=days_ago)
        registration.save(update_fields=["created_at"])
    return registration


def rows(response):
    return {row.slug: row for row in response.context["topics"]}


def test_interest_summed_by_topic_for_the_municipality(as_staff, cp):
    registered("angst", BERGEN, days_ago=10)
    newest = registered("angst", BERGEN, days_ago=2, email=SECRET_EMAIL)
    registered("angst", BERGEN, phone=SECRET_PHONE, notified_at=timezone.now())
    registered("angst", BERGEN, days_ago=5, phone=SECRET_PHONE)
    registered("sorg", BERGEN)
    registered("angst", KINN, email=SECRET_EMAIL)
    registered("angst", OSLO)  # another county: not counted at all
    registered("ensomhet", OSLO)

    response = as_staff.get(interest_url(cp))

    assert response.status_code == 200
    found = rows(response)
    assert set(found) == {"angst", "sorg"}
    angst = found["angst"]
    assert angst.here == 4
    assert angst.to_tell == 2  # left a contact and not told yet
    assert angst.county == 1
    assert angst.newest >= newest.created_at
    assert found["sorg"].here == 1
    assert [row.slug for row in response.context["topics"]] == ["angst", "sorg"]
    content = response.content.decode()
    assert SECRET_EMAIL not in content
    assert SECRET_PHONE not in content


def test_interest_only_elsewhere_in_county_listed(as_staff, cp):
    registered("sorg", KINN)

    found = rows(as_staff.get(interest_url(cp)))

    assert (found["sorg"].here, found["sorg"].county) == (0, 1)


def test_interest_start_group_link_carries_the_topic(as_staff, cp):
    registered("angst", BERGEN)

    content = as_staff.get(interest_url(cp)).content.decode()

    start = reverse("workspace:group_create", kwargs={"cp": cp.slug})
    assert f'href="{start}?topic=angst"' in content
    # The new-group form opens with the topic chosen.
    form = as_staff.get(f"{start}?topic=angst").context["form"]
    assert topic("angst").pk in form.initial["topics"]


def test_interest_group_taking_members_marked(as_staff, cp):
    registered("angst", BERGEN)
    registered("sorg", BERGEN)
    registered("ensomhet", BERGEN)
    SelfHelpGroupFactory(contact_point=cp, topics=[topic("angst")], open_for_new_members=True)
    # A video group elsewhere in the county reaches Bergen too.
    SelfHelpGroupFactory(
        municipality=municipality(KINN),
        format=SelfHelpGroup.Format.VIDEO,
        topics=[topic("sorg")],
        open_for_new_members=True,
    )
    # In person elsewhere in the county: does not.
    SelfHelpGroupFactory(
        municipality=municipality(KINN), topics=[topic("ensomhet")], open_for_new_members=True
    )

    found = rows(as_staff.get(interest_url(cp)))

    assert found["angst"].has_group is True
    assert found["sorg"].has_group is True
    assert found["ensomhet"].has_group is False


def test_interest_empty(as_staff, cp):
    registered("angst", OSLO)

    response = as_staff.get(interest_url(cp))

    assert response.status_code == 200
    assert response.context["topics"] == []


def test_interest_oslo_has_no_county_column(client):
    oslo_cp = ContactPointFactory(slug="fs-oslo", municipality=municipality(OSLO))
    client.force_login(MembershipFactory(contact_point=oslo_cp).user)
    registered("angst", OSLO)

    response = client.get(interest_url(oslo_cp))

    assert response.context["county_has_others"] is False
    assert rows(response)["angst"].here == 1


def test_interest_other_contact_point_404(client, cp):
    other = ContactPointFactory(slug="fs-annen")
    client.force_login(MembershipFactory(contact_point=other).user)

    assert client.get(interest_url(cp)).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_interest_query_count(as_staff, cp, count, django_assert_num_queries):
    for slug in ["angst", "sorg", "ensomhet"][:count]:
        registered(slug, BERGEN, email=SECRET_EMAIL)
        registered(slug, KINN)

    # Session, user, the MFA check, contact point, membership; the topics; whether the
    # county has other municipalities.
    with django_assert_num_queries(7):
        response = as_staff.get(interest_url(cp))
    assert len(response.context["topics"]) == count
