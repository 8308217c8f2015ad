"""Each list of the API costs the same number of queries for 1 item as for 3."""

import pytest

from tests.factories import (
    ContactPointFactory,
    EventFactory,
    GroupMeetingFactory,
    RegionFactory,
    RegistrationFactory,
    SelfHelpGroupFactory,
    municipality,
    topic,
)

pytestmark = pytest.mark.django_db


def make_groups(count):
    for n in range(count):
        group = SelfHelpGroupFactory(
            contact_point=ContactPointFactory(municipality=municipality(["0301", "4601"][n % 2])),
            topics=[topic("angst"), topic("sorg")],
        )
        GroupMeetingFactory(group=group)


def make_events(count):
    for n in range(count):
        if n % 2:
            event = EventFactory(contact_point=None, region=RegionFactory())
        else:
            event = EventFactory()
        RegistrationFactory(event=event)


def make_contact_points(count):
    for n in range(count):
        ContactPointFactory(municipality=municipality(["0301", "4601", "1103"][n]))


# count + page + topics of the page
@pytest.mark.parametrize("count", [1, 3])
def test_groups_list_queries_do_not_grow(client, django_assert_num_queries, count):
    make_groups(count)

    with django_assert_num_queries(3):
        page = client.get("/api/v1/groups").json()
    assert page["count"] == count


# count + page
@pytest.mark.parametrize("count", [1, 3])
def test_events_list_queries_do_not_grow(client, django_assert_num_queries, count):
    make_events(count)

    with django_assert_num_queries(2):
        page = client.get("/api/v1/events").json()
    assert page["count"] == count


@pytest.mark.parametrize("count", [1, 3])
def test_contact_points_list_queries_do_not_grow(client, django_assert_num_queries, count):
    make_contact_points(count)

    with django_assert_num_queries(2):
        page = client.get("/api/v1/contact-points").json()
    assert page["count"] == count


@pytest.mark.parametrize("count", [1, 3])
def test_topics_list_queries_do_not_grow(client, django_assert_num_queries, count):
    with django_assert_num_queries(2):
        page = client.get("/api/v1/topics", {"limit": count}).json()
    assert len(page["items"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_municipalities_list_queries_do_not_grow(client, django_assert_num_queries, count):
    with django_assert_num_queries(2):
        page = client.get("/api/v1/municipalities", {"limit": count}).json()
    assert len(page["items"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_group_detail_queries_are_fixed(client, django_assert_num_queries, count):
    make_groups(count)
    slug = client.get("/api/v1/groups").json()["items"][0]["slug"]

    with django_assert_num_queries(2):
        assert client.get(f"/api/v1/groups/{slug}").status_code == 200
