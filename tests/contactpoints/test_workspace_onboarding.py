"""/arbeidsflate/<cp>/kom-i-gang/: the onboarding checklist, and its progress counted
for many contact points at once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contactpoints.models import ContactPoint, Membership, OnboardingStep
from contactpoints.selectors import onboarding_checklist, onboarding_progress
from contactpoints.services import onboarding_step_done
from events.models import Event
from groups.models import GroupStatusChange, SelfHelpGroup
from tests.factories import (
    ContactPointFactory,
    EventFactory,
    MembershipFactory,
    SelfHelpGroupFactory,
)

pytestmark = pytest.mark.django_db

Step = OnboardingStep.Step


@pytest.fixture
def cp():
    return ContactPointFactory(slug="ny", status=ContactPoint.Status.PENDING, partners="")


@pytest.fixture
def staff(cp, client):
    user = MembershipFactory(contact_point=cp, role=Membership.Role.STAFF).user
    client.force_login(user)
    return user


def url(name, **kwargs):
    return reverse(f"workspace:{name}", kwargs={"cp": "ny", **kwargs})


def done_steps(cp):
    return {step.step: step.source for step in onboarding_checklist(cp) if step.done}


def progress(cp):
    return onboarding_progress(ContactPoint.objects.filter(pk=cp.pk)).get().onboarding_done


def test_checklist_of_a_new_contact_point(cp):
    steps = onboarding_checklist(cp)

    assert [step.step for step in steps] == list(Step.values)
    assert done_steps(cp) == {"responsible": "data"}
    assert all(step.why for step in steps)
    assert {step.step for step in steps if step.automatic} == {
        "partners",
        "responsible",
        "first_info_meeting",
        "first_group",
    }
    assert progress(cp) == 1


def test_checklist_partners_tick_when_named(cp):
    cp.partners = "NAV Bodø"
    cp.save()

    assert done_steps(cp)["partners"] == "data"
    assert progress(cp) == 2


@pytest.mark.parametrize(
    ("kind", "status", "ticked"),
    [
        (Event.Kind.INFORMATION_MEETING, Event.Status.PUBLISHED, True),
        (Event.Kind.INFORMATION_MEETING, Event.Status.DRAFT, True),
        (Event.Kind.INFORMATION_MEETING, Event.Status.CANCELLED, False),
        (Event.Kind.NETWORK_MEETING, Event.Status.PUBLISHED, False),
    ],
)
def test_checklist_first_information_meeting(cp, kind, status, ticked):
    EventFactory(contact_point=cp, kind=kind, status=status)

    assert ("first_info_meeting" in done_steps(cp)) is ticked
    assert progress(cp) == 1 + ticked


@pytest.mark.parametrize(
    ("status", "ticked"),
    [
        (SelfHelpGroup.Status.STARTING, True),
        (SelfHelpGroup.Status.RUNNING, True),
        (SelfHelpGroup.Status.RECRUITING, False),
        (SelfHelpGroup.Status.PLANNED, False),
    ],
)
def test_checklist_first_group_by_status(cp, status, ticked):
    SelfHelpGroupFactory(contact_point=cp, status=status)

    assert ("first_group" in done_steps(cp)) is ticked


def test_checklist_first_group_counts_a_group_that_ran_and_closed(cp):
    group = SelfHelpGroupFactory(
        contact_point=cp, status=SelfHelpGroup.Status.CLOSED, open_for_new_members=False
    )
    GroupStatusChange.objects.create(
        group=group,
        from_status=SelfHelpGroup.Status.STARTING,
        to_status=SelfHelpGroup.Status.RUNNING,
        effective_on=datetime.date(2026, 3, 1),
    )

    assert done_steps(cp)["first_group"] == "data"


def test_checklist_ignores_another_contact_points_things(cp):
    other = ContactPointFactory()
    EventFactory(contact_point=other)
    SelfHelpGroupFactory(contact_point=other, status=SelfHelpGroup.Status.RUNNING)
    onboarding_step_done(contact_point=other, step=Step.ANCHORING, user=None)

    assert done_steps(cp) == {"responsible": "data"}


def test_onboarding_page_lists_the_steps(client, staff):
    response = client.get(url("onboarding"))

    assert response.status_code == 200
    assert response.context["done_count"] == 1
    assert response.context["total"] == 7
    html = response.content.decode()
    for step in ("anchoring", "work_plan", "channels"):
        assert f'action="/arbeidsflate/ny/kom-i-gang/{step}/ferdig/"' in html
    assert "/kom-i-gang/partners/ferdig/" not in html


def test_onboarding_tick_a_step_with_a_note(client, cp, staff):
    response = client.post(url("onboarding_done", step="work_plan"), {"work_plan-note": "Vedtatt"})

    assert response.status_code == 302
    row = OnboardingStep.objects.get(contact_point=cp)
    assert (row.step, row.done_by, row.note) == ("work_plan", staff, "Vedtatt")
    assert done_steps(cp)["work_plan"] == "staff"
    page = client.get(url("onboarding"))
    assert "Vedtatt" in page.content.decode()
    assert 'action="/arbeidsflate/ny/kom-i-gang/work_plan/angre/"' in page.content.decode()


def test_onboarding_tick_twice_is_refused(client, cp, staff):
    client.post(url("onboarding_done", step="channels"), {"channels-note": "Først"}, follow=True)

    response = client.post(
        url("onboarding_done", step="channels"), {"channels-note": "Andre"}, follow=True
    )

    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert list(OnboardingStep.objects.values_list("note", flat=True)) == ["Først"]


def test_onboarding_tick_with_too_long_a_note_keeps_it_and_says_why(client, cp, staff):
    note = "x" * 301

    response = client.post(url("onboarding_done", step="anchoring"), {"anchoring-note": note})

    assert response.status_code == 200
    forms = {step.step: form for step, form in response.context["steps"] if form}
    assert "note" in forms["anchoring"].errors
    assert note in response.content.decode()
    assert OnboardingStep.objects.count() == 0


def test_onboarding_undo(client, cp, staff):
    onboarding_step_done(contact_point=cp, step=Step.ANCHORING, user=staff)

    response = client.post(url("onboarding_undo", step="anchoring"))

    assert response.status_code == 302
    assert OnboardingStep.objects.count() == 0


def test_onboarding_undo_of_a_step_not_ticked_is_refused(client, cp, staff):
    response = client.post(url("onboarding_undo", step="anchoring"), follow=True)

    assert [m.level_tag for m in response.context["messages"]] == ["error"]


@pytest.mark.parametrize("step", ["partners", "first_group", "no_such_step"])
def test_onboarding_automatic_or_unknown_step_cannot_be_ticked(client, cp, staff, step):
    assert client.post(url("onboarding_done", step=step)).status_code == 404
    assert client.post(url("onboarding_undo", step=step)).status_code == 404
    assert OnboardingStep.objects.count() == 0


def test_onboarding_service_refuses_automatic_steps(cp, staff):
    with pytest.raises(ValidationError) as refused:
        onboarding_step_done(contact_point=cp, step=Step.FIRST_GROUP, user=staff)
    assert refused.value.code == "automatic_step"


def test_onboarding_progress_counts_each_contact_point_on_its_own(cp):
    busy = ContactPointFactory(partners="Biblioteket")
    EventFactory(contact_point=busy)
    SelfHelpGroupFactory(contact_point=busy, status=SelfHelpGroup.Status.RUNNING)
    SelfHelpGroupFactory(contact_point=busy, status=SelfHelpGroup.Status.STARTING)
    for step in (Step.ANCHORING, Step.WORK_PLAN, Step.CHANNELS):
        onboarding_step_done(contact_point=busy, step=step, user=None)
    onboarding_step_done(contact_point=cp, step=Step.CHANNELS, user=None)

    counted = {
        c.pk: (c.onboarding_done, c.onboarding_total)
        for c in onboarding_progress(ContactPoint.objects.all())
    }

    assert counted == {busy.pk: (7, 7), cp.pk: (2, 7)}
    for contact_point in (busy, cp):
        assert counted[contact_point.pk][0] == len(done_steps(contact_point))


@pytest.mark.parametrize("count", [1, 3])
def test_onboarding_progress_is_one_query(count, django_assert_num_queries):
    for _ in range(count):
        contact_point = ContactPointFactory()
        EventFactory(contact_point=contact_point)
        onboarding_step_done(contact_point=contact_point, step=Step.ANCHORING, user=None)

    with django_assert_num_queries(1):
        counted = [c.onboarding_done for c in onboarding_progress(ContactPoint.objects.all())]
    # The responsible person, the information meeting, the anchoring.
    assert counted == [3] * count
