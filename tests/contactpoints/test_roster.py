"""The starter roster in the workspace: the list (coming meetings, who is unassigned,
deactivated starters, starters shared in the region), adding, editing, deactivating."""

import datetime

import pytest
from django.utils import timezone

from contactpoints import roster
from contactpoints.models import ContactPoint, Starter
from groups.models import StarterAssignment
from notifications.models import OutboxMessage
from tests.factories import (
    GroupMeetingFactory,
    SelfHelpGroupFactory,
    StarterAssignmentFactory,
    StarterFactory,
    topic,
)
from tests.groups.workspace_helpers import contact_point_in, days_ahead, staff_client, url

pytestmark = pytest.mark.django_db

BODO, TROMSO, OSLO = "1804", "5501", "0301"  # Bodø and Tromsø: region Nord; Oslo: Øst


@pytest.fixture
def staff(client):
    return staff_client(client, contact_point_in(BODO, name="Frivilligsentralen i Bodø"))


def starter_at(contact_point, topics=(), **fields):
    """A starter (StarterFactory has no topics hook)."""
    starter = StarterFactory(contact_point=contact_point, **fields)
    starter.topics.set(topics)
    return starter


def starter_of(staff, **fields):
    return starter_at(staff.contact_point, **fields)


def coming_assignment(starter, days=7, **fields):
    group = SelfHelpGroupFactory(contact_point=starter.contact_point)
    return StarterAssignmentFactory(
        meeting=GroupMeetingFactory(group=group, starts_at=days_ahead(days)),
        starter=starter,
        **fields,
    )


def names(response, key="starters"):
    return [starter.name for starter in response.context[key]]


# --- The list ------------------------------------------------------------------------


def test_starter_list_empty(staff):
    response = staff.get(url("starter_list", staff.contact_point))
    assert response.status_code == 200
    assert response.context["starters"] == []
    assert response.context["shared"] == []
    assert response.context["counts"] == {"active": 0, "unassigned": 0, "inactive": 0}


def test_starter_list_shows_coming_meetings_and_who_is_unassigned(staff):
    busy = starter_of(staff, name="Anne Opptatt", topics=[topic("sorg")])
    assignment = coming_assignment(busy, response=StarterAssignment.Response.CONFIRMED)
    free = starter_of(staff, name="Berit Ledig")
    coming_assignment(free, days=-3)  # a past meeting does not count
    declined = starter_of(staff, name="Cato Avslo")
    coming_assignment(declined, response=StarterAssignment.Response.DECLINED)
    starter_of(staff, name="Dina Sluttet", is_active=False)

    response = staff.get(url("starter_list", staff.contact_point))

    assert names(response) == ["Anne Opptatt", "Berit Ledig", "Cato Avslo"]
    rows = {s.name: s for s in response.context["starters"]}
    assert [a.pk for a in rows["Anne Opptatt"].coming] == [assignment.pk]
    assert rows["Anne Opptatt"].has_coming is True
    assert rows["Berit Ledig"].has_coming is False
    assert rows["Cato Avslo"].has_coming is False  # declined: still free
    assert response.context["counts"] == {"active": 3, "unassigned": 2, "inactive": 1}
    body = response.content.decode()
    assert assignment.meeting.group.title in body
    assert busy.email in body  # own roster: contact details shown

    unassigned = staff.get(url("starter_list", staff.contact_point), {"vis": "ledige"})
    assert names(unassigned) == ["Berit Ledig", "Cato Avslo"]
    inactive = staff.get(url("starter_list", staff.contact_point), {"vis": "inaktive"})
    assert names(inactive) == ["Dina Sluttet"]
    unknown = staff.get(url("starter_list", staff.contact_point), {"vis": "tull"})
    assert names(unknown) == ["Anne Opptatt", "Berit Ledig", "Cato Avslo"]


def test_starter_list_shows_own_starter_serving_elsewhere(staff):
    shared = starter_of(staff, name="Delt", shared_in_region=True)
    tromso = contact_point_in(TROMSO, name="Frisklivssentralen i Tromsø")
    group = SelfHelpGroupFactory(contact_point=tromso, title="Tromsø-gruppa")
    StarterAssignmentFactory(
        meeting=GroupMeetingFactory(group=group, starts_at=days_ahead(4)), starter=shared
    )
    response = staff.get(url("starter_list", staff.contact_point))
    body = response.content.decode()
    assert "Tromsø-gruppa (Frisklivssentralen i Tromsø)" in body
    assert response.context["counts"]["unassigned"] == 0


def test_starter_list_shared_in_the_region(staff):
    tromso = contact_point_in(TROMSO, name="Frisklivssentralen i Tromsø", phone="77 00 00 00")
    shared = starter_at(
        tromso,
        name="Tone Delt",
        shared_in_region=True,
        availability="Tirsdager",
        topics=[topic("angst")],
    )
    StarterFactory(contact_point=tromso, name="Tor Ikke-delt")
    StarterFactory(
        contact_point=tromso, name="Tove Sluttet", shared_in_region=True, is_active=False
    )
    StarterFactory(contact_point=contact_point_in(OSLO), name="Oslo Delt", shared_in_region=True)
    pending = contact_point_in(TROMSO, status=ContactPoint.Status.PENDING)
    StarterFactory(contact_point=pending, name="Venter Delt", shared_in_region=True)
    starter_of(staff, name="Egen Delt", shared_in_region=True)

    response = staff.get(url("starter_list", staff.contact_point))

    assert names(response, "shared") == ["Tone Delt"]
    body = response.content.decode()
    assert "Tirsdager" in body
    assert "77 00 00 00" in body  # their contact point, to coordinate
    assert shared.email not in body  # not the starter's own address
    for hidden in ("Tor Ikke-delt", "Tove Sluttet", "Oslo Delt", "Venter Delt"):
        assert hidden not in body


def _roster_of(staff, count):
    tromso = contact_point_in(TROMSO)
    for number in range(count):
        starter = starter_of(staff, topics=[topic("angst"), topic("sorg")])
        coming_assignment(starter, days=number + 2)
        coming_assignment(starter, days=number + 9)
        starter_at(tromso, shared_in_region=True, topics=[topic("angst")])


@pytest.mark.parametrize("count", [1, 3])
def test_starter_list_query_count(staff, django_assert_num_queries, count):
    _roster_of(staff, count)
    # Session, user, MFA check, contact point, membership; the starters, their topics,
    # their coming assignments; the counts; the shared starters and their topics.
    with django_assert_num_queries(11):
        response = staff.get(url("starter_list", staff.contact_point))
    assert len(response.context["starters"]) == count
    assert len(response.context["shared"]) == count


# --- Adding and editing --------------------------------------------------------------


def test_starter_create(staff):
    response = staff.post(
        url("starter_create", staff.contact_point),
        {
            "name": "  Kari   Nordmann ",
            "email": "kari@example.no",
            "phone": "",
            "trained_on": "2025-09-01",
            "topics": [topic("angst").pk, topic("sorg").pk],
            "availability": "Hverdager etter kl. 17",
            "shared_in_region": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("starter_list", staff.contact_point)
    starter = Starter.objects.get(contact_point=staff.contact_point)
    assert starter.name == "Kari Nordmann"
    assert starter.trained_on == datetime.date(2025, 9, 1)
    assert sorted(t.slug for t in starter.topics.all()) == ["angst", "sorg"]
    assert starter.availability == "Hverdager etter kl. 17"
    assert starter.shared_in_region is True
    assert starter.is_active is True


def test_starter_create_with_phone_only(staff):
    staff.post(url("starter_create", staff.contact_point), {"name": "Ola", "phone": "900 00 000"})
    starter = Starter.objects.get(contact_point=staff.contact_point)
    assert (starter.email, starter.phone) == ("", "900 00 000")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "Uten kontakt"}, "email"),
        ({"name": "Ola", "phone": "12"}, "phone"),
        ({"name": "Ola", "email": "ikke-en-adresse"}, "email"),
        ({"name": "   ", "email": "a@example.no"}, "name"),
        ({"name": "Ola", "email": "a@example.no", "trained_on": "2999-01-01"}, "trained_on"),
    ],
)
def test_starter_create_errors_keep_what_was_typed(staff, data, field):
    response = staff.post(
        url("starter_create", staff.contact_point), {**data, "availability": "Mandager"}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert "Mandager" in response.content.decode()
    assert not Starter.objects.exists()


def test_starter_create_same_email_twice_is_refused(staff):
    starter_of(staff, email="kari@example.no")
    response = staff.post(
        url("starter_create", staff.contact_point), {"name": "Kari", "email": "Kari@Example.no"}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["email"]
    assert Starter.objects.count() == 1


def test_starter_create_same_email_at_another_contact_point_is_fine(staff):
    StarterFactory(email="kari@example.no")
    staff.post(
        url("starter_create", staff.contact_point), {"name": "Kari", "email": "kari@example.no"}
    )
    assert Starter.objects.filter(contact_point=staff.contact_point).count() == 1


def test_starter_edit(staff):
    starter = starter_of(staff, name="Gammelt navn", topics=[topic("angst")])
    coming_assignment(starter)
    edit_url = url("starter_edit", staff.contact_point, pk=starter.pk)
    page = staff.get(edit_url)
    assert len(page.context["coming"]) == 1

    response = staff.post(
        edit_url,
        {"name": "Nytt navn", "email": starter.email, "topics": [topic("sorg").pk]},
    )
    assert response.status_code == 302
    starter.refresh_from_db()
    assert starter.name == "Nytt navn"
    assert [t.slug for t in starter.topics.all()] == ["sorg"]
    assert starter.shared_in_region is False


def test_starter_edit_keeps_own_email(staff):
    starter = starter_of(staff, email="kari@example.no")
    response = staff.post(
        url("starter_edit", staff.contact_point, pk=starter.pk),
        {"name": "Kari", "email": "kari@example.no"},
    )
    assert response.status_code == 302


# --- Deactivating ----------------------------------------------------------------------


def test_starter_deactivate_takes_them_off_coming_meetings(staff):
    starter = starter_of(staff)
    pending = coming_assignment(starter)
    confirmed = coming_assignment(starter, days=14, response=StarterAssignment.Response.CONFIRMED)
    declined = coming_assignment(starter, days=21, response=StarterAssignment.Response.DECLINED)
    past = coming_assignment(starter, days=-7, response=StarterAssignment.Response.CONFIRMED)

    response = staff.post(url("starter_deactivate", staff.contact_point, pk=starter.pk))

    assert response.status_code == 302
    starter.refresh_from_db()
    assert starter.is_active is False
    remaining = set(StarterAssignment.objects.values_list("pk", flat=True))
    assert remaining == {declined.pk, past.pk}
    assert pending.pk not in remaining
    assert confirmed.pk not in remaining
    released = OutboxMessage.objects.filter(reason="starter_released")
    assert [m.recipient for m in released] == [starter.email, starter.email]
    assert released[0].subject  # neutral subject, no group or topic
    assert pending.meeting.group.title not in released[0].subject

    # Deactivated: no longer offered, and assigning is refused.
    group = pending.meeting.group
    page = staff.get(url("group_detail", staff.contact_point, pk=group.pk)).content.decode()
    assert f'<option value="{starter.pk}">' not in page
    staff.post(
        url("meeting_starters", staff.contact_point, pk=group.pk, meeting_pk=pending.meeting.pk),
        {"starter": starter.pk},
    )
    assert not StarterAssignment.objects.filter(meeting=pending.meeting).exists()


def test_starter_deactivate_twice_and_activate(staff):
    starter = starter_of(staff)
    staff.post(url("starter_deactivate", staff.contact_point, pk=starter.pk))
    staff.post(url("starter_deactivate", staff.contact_point, pk=starter.pk))
    starter.refresh_from_db()
    assert starter.is_active is False

    staff.post(url("starter_activate", staff.contact_point, pk=starter.pk))
    starter.refresh_from_db()
    assert starter.is_active is True


def test_starter_deactivate_get_not_allowed(staff):
    starter = starter_of(staff)
    assert (
        staff.get(url("starter_deactivate", staff.contact_point, pk=starter.pk)).status_code == 405
    )
    starter.refresh_from_db()
    assert starter.is_active is True


# --- Selectors ---------------------------------------------------------------------------


def test_starters_available_to_own_active_and_region_shared(staff):
    own = starter_of(staff)
    starter_of(staff, is_active=False)
    tromso = contact_point_in(TROMSO)
    shared = StarterFactory(contact_point=tromso, shared_in_region=True)
    StarterFactory(contact_point=tromso)
    StarterFactory(contact_point=contact_point_in(OSLO), shared_in_region=True)
    available = roster.starters_available_to(contact_point=staff.contact_point)
    assert sorted(s.pk for s in available) == sorted([own.pk, shared.pk])


def test_region_shared_starters_none_without_a_region(staff):
    from regions.models import RegionCounty

    StarterFactory(contact_point=contact_point_in(TROMSO), shared_in_region=True)
    RegionCounty.objects.filter(county_id=staff.contact_point.municipality.county_id).delete()
    assert list(roster.region_shared_starters(contact_point=staff.contact_point)) == []
    assert timezone.now()
