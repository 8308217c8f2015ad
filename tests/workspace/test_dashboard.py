"""The workspace overview: the weekly round's figures, counted by hand, only the contact
point's own, at a cost that does not grow with what it holds."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from enquiries.models import Enquiry
from groups.models import SelfHelpGroup, StarterAssignment
from tests.factories import (
    ContactPointFactory,
    EnquiryFactory,
    EventFactory,
    GroupMeetingFactory,
    MembershipFactory,
    RegistrationFactory,
    SelfHelpGroupFactory,
    StarterAssignmentFactory,
    StarterFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return MembershipFactory(contact_point=ContactPointFactory(slug="a", response_days=3))


def age(obj, days):
    type(obj).objects.filter(pk=obj.pk).update(created_at=timezone.now() - timedelta(days=days))


def test_dashboard_counts_enquiries_of_own_contact_point(client, member):
    cp, user = member.contact_point, member.user
    age(EnquiryFactory(contact_point=cp), 14)  # new and overdue (14 days > 3 working days)
    EnquiryFactory(contact_point=cp)  # new, just in
    EnquiryFactory(contact_point=cp, status=Enquiry.Status.IN_PROGRESS, assigned_to=user)
    EnquiryFactory(contact_point=cp, status=Enquiry.Status.CLOSED, closed_at=timezone.now())
    age(EnquiryFactory(), 14)  # another contact point's overdue enquiry
    client.force_login(user)

    response = client.get(reverse("workspace:dashboard", kwargs={"cp": "a"}))

    figures = response.context["enquiries"]
    assert (figures.open, figures.new, figures.overdue, figures.mine, figures.unassigned) == (
        3,
        2,
        1,
        1,
        2,
    )


def test_dashboard_counts_groups_by_status_and_stale_listings(client, member):
    cp = member.contact_point
    SelfHelpGroupFactory(
        contact_point=cp, status=SelfHelpGroup.Status.RUNNING, confirmed_at=timezone.now()
    )
    age(SelfHelpGroupFactory(contact_point=cp, status=SelfHelpGroup.Status.PLANNED), 200)
    SelfHelpGroupFactory(
        contact_point=cp, status=SelfHelpGroup.Status.CLOSED, open_for_new_members=False
    )
    age(SelfHelpGroupFactory(status=SelfHelpGroup.Status.PLANNED), 200)  # someone else's
    client.force_login(member.user)

    groups = client.get(reverse("workspace:dashboard", kwargs={"cp": "a"})).context["groups"]

    by_status = dict(groups["by_status"])
    assert by_status[SelfHelpGroup.Status.PLANNED.label] == 1
    assert by_status[SelfHelpGroup.Status.RUNNING.label] == 1
    assert groups["total"] == 2
    assert groups["stale"] == 1


def test_dashboard_lists_first_meetings_without_a_willing_starter(client, member):
    cp = member.contact_point
    soon = timezone.now() + timedelta(days=5)
    group = SelfHelpGroupFactory(
        contact_point=cp, title="Ny gruppe", status=SelfHelpGroup.Status.RECRUITING
    )
    nobody = GroupMeetingFactory(group=group, starts_at=soon)
    declined = GroupMeetingFactory(group=group, starts_at=soon + timedelta(days=7))
    StarterAssignmentFactory(
        meeting=declined,
        starter=StarterFactory(contact_point=cp, name="Kan-Ikke"),
        response=StarterAssignment.Response.DECLINED,
    )
    covered = GroupMeetingFactory(group=group, starts_at=soon + timedelta(days=1))
    StarterAssignmentFactory(meeting=covered, starter=StarterFactory(contact_point=cp))
    GroupMeetingFactory(group=group, starts_at=soon + timedelta(days=40))  # beyond 3 weeks
    client.force_login(member.user)

    response = client.get(reverse("workspace:dashboard", kwargs={"cp": "a"}))

    assert list(response.context["meetings_without_starter"]) == [nobody, declined]
    assert [a.starter.name for a in response.context["declined"]] == ["Kan-Ikke"]
    assert "Kan-Ikke" in response.content.decode()


def build(cp, n):
    soon = timezone.now() + timedelta(days=3)
    for i in range(n):
        EnquiryFactory(contact_point=cp)
        group = SelfHelpGroupFactory(contact_point=cp, status=SelfHelpGroup.Status.PLANNED)
        meeting = GroupMeetingFactory(group=group, starts_at=soon + timedelta(hours=i))
        StarterAssignmentFactory(
            meeting=meeting,
            starter=StarterFactory(contact_point=cp),
            response=StarterAssignment.Response.DECLINED,
        )
        event = EventFactory(contact_point=cp, starts_at=soon, ends_at=soon + timedelta(hours=2))
        RegistrationFactory(event=event)


@pytest.mark.parametrize("n", [1, 3])
def test_dashboard_query_count_does_not_grow(client, member, django_assert_num_queries, n):
    build(member.contact_point, n)
    client.force_login(member.user)
    url = reverse("workspace:dashboard", kwargs={"cp": "a"})
    # session, user and the two-factor middleware's region-admin check (3), contact
    # point and membership role (2), enquiries (1), groups (1), meetings without
    # starter (1), declined (1), events (1).
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["events"]) == n


def test_dashboard_overdue_tile_leads_to_the_overdue_enquiries(client, member):
    cp = member.contact_point
    overdue = EnquiryFactory(contact_point=cp)
    age(overdue, 14)
    fresh = EnquiryFactory(contact_point=cp)
    client.force_login(member.user)
    inbox = reverse("workspace:enquiry_list", kwargs={"cp": "a"})

    dashboard = client.get(reverse("workspace:dashboard", kwargs={"cp": "a"})).content.decode()
    assert f'href="{inbox}?overdue=on"' in dashboard

    listed = client.get(f"{inbox}?overdue=on").context["page_obj"].object_list
    assert [e.pk for e in listed] == [overdue.pk]
    assert fresh.pk not in [e.pk for e in listed]
