"""A group's status lifecycle: every allowed step, every refusal, closing with a note,
reopening, and the history on the group page."""

import datetime
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from groups import lifecycle, services
from groups.models import GroupStatusChange, SelfHelpGroup, StarterAssignment
from notifications.models import OutboxMessage
from tests.factories import (
    GroupMeetingFactory,
    SelfHelpGroupFactory,
    StarterAssignmentFactory,
    UserFactory,
)
from tests.groups.workspace_helpers import days_ahead, staff_client, url

pytestmark = pytest.mark.django_db

Status = SelfHelpGroup.Status
TODAY = timezone.localdate


def group_in(status, **fields):
    if status == Status.CLOSED:
        fields.setdefault("open_for_new_members", False)
        fields.setdefault("closing_note", "Lagt ned")
    return SelfHelpGroupFactory(status=status, **fields)


def change(group, to_status, reason="Fordi", effective_on=None, user=None):
    return services.group_status_change(
        group=group,
        to_status=to_status,
        reason=reason,
        effective_on=effective_on or TODAY(),
        user=user,
    )


def refusal(group, to_status, **kwargs):
    # The messages are lazy: read them in English too, not only raise them.
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            change(group, to_status, **kwargs)
        return {field: [str(m) for m in ms] for field, ms in caught.value.message_dict.items()}


ALLOWED = [(a, b) for a, targets in lifecycle.TRANSITIONS.items() for b in targets]
NOT_ALLOWED = [
    (a, b)
    for a, b in itertools.product(Status.values, Status.values)
    if a != b and (a, b) not in ALLOWED
]


def test_lifecycle_has_refusals_and_every_status():
    assert set(lifecycle.TRANSITIONS) == set(Status.values)
    assert NOT_ALLOWED  # the lifecycle refuses something


@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED)
def test_status_change_allowed(from_status, to_status):
    group = group_in(from_status)
    user = UserFactory()
    version = group.version

    change(group, to_status, reason="En grunn", user=user)

    group.refresh_from_db()
    assert group.status == to_status
    assert timezone.now() - group.status_changed_at < datetime.timedelta(minutes=1)
    assert group.version == version + 1
    record = GroupStatusChange.objects.get(group=group)
    assert (record.from_status, record.to_status) == (from_status, to_status)
    assert (record.reason, record.effective_on, record.changed_by) == ("En grunn", TODAY(), user)


@pytest.mark.parametrize(("from_status", "to_status"), NOT_ALLOWED)
def test_status_change_not_allowed_is_refused(from_status, to_status):
    group = group_in(from_status)
    errors = refusal(group, to_status)
    assert list(errors) == ["to_status"]
    assert errors["to_status"][0].startswith("A group cannot go from")
    group.refresh_from_db()
    assert group.status == from_status
    assert not GroupStatusChange.objects.filter(group=group).exists()


@pytest.mark.parametrize("status", [s for s in Status.values if s != Status.CLOSED])
def test_status_change_same_status_is_refused(status):
    group = group_in(status)
    assert refusal(group, status) == {"to_status": ["The group already has this status."]}
    assert not GroupStatusChange.objects.filter(group=group).exists()


def test_status_change_closing_a_closed_group_is_refused():
    group = group_in(Status.CLOSED)
    assert refusal(group, Status.CLOSED) == {"to_status": ["This group is already closed."]}
    group.refresh_from_db()
    assert group.closing_note == "Lagt ned"


def test_status_change_unknown_status_is_refused():
    group = group_in(Status.RUNNING)
    assert refusal(group, "exploded") == {"to_status": ["Choose a status from the list."]}


def test_status_change_closing_needs_a_note():
    group = group_in(Status.RUNNING)
    errors = refusal(group, Status.CLOSED, reason="   ")
    assert list(errors) == ["reason"]
    group.refresh_from_db()
    assert group.status == Status.RUNNING


def test_status_change_reopening_needs_a_reason():
    group = group_in(Status.CLOSED)
    assert list(refusal(group, Status.PLANNED, reason="")) == ["reason"]


def test_status_change_date_in_future_is_refused():
    group = group_in(Status.RECRUITING)
    errors = refusal(group, Status.STARTING, effective_on=TODAY() + datetime.timedelta(days=1))
    assert list(errors) == ["effective_on"]


def test_status_change_date_before_last_change_is_refused():
    group = group_in(Status.RECRUITING)
    change(group, Status.STARTING, effective_on=TODAY() - datetime.timedelta(days=3))
    errors = refusal(group, Status.RUNNING, effective_on=TODAY() - datetime.timedelta(days=5))
    assert list(errors) == ["effective_on"]
    change(group, Status.RUNNING, effective_on=TODAY() - datetime.timedelta(days=3))  # same day


def test_status_change_may_date_back_before_the_group_was_registered(client):
    """An old group registered today may be marked running since it began."""
    staff = staff_client(client)
    staff.post(
        url("group_create", staff.contact_point),
        {
            "title": "Gammel gruppe",
            "kind": "same_problem",
            "format": "in_person",
            "municipality": "0301",
            "frequency": "weekly",
        },
    )
    group = SelfHelpGroup.objects.get(contact_point=staff.contact_point)
    change(group, Status.RUNNING, effective_on=datetime.date(2019, 3, 1))
    group.refresh_from_db()
    assert group.status == Status.RUNNING


def test_status_change_closing_saves_note_and_cancels_coming_meetings():
    group = group_in(Status.STARTING, open_for_new_members=True)
    past = GroupMeetingFactory(group=group, starts_at=days_ahead(-3))
    coming = GroupMeetingFactory(group=group, starts_at=days_ahead(5))
    pending = StarterAssignmentFactory(meeting=coming)
    declined = StarterAssignmentFactory(
        meeting=coming, response=StarterAssignment.Response.DECLINED
    )

    change(group, Status.CLOSED, reason="For få deltakere")

    group.refresh_from_db()
    assert group.status == Status.CLOSED
    assert group.closing_note == "For få deltakere"
    assert group.open_for_new_members is False
    coming.refresh_from_db()
    past.refresh_from_db()
    assert coming.is_cancelled is True
    assert past.is_cancelled is False
    assert not StarterAssignment.objects.filter(meeting=coming).exists()
    told = OutboxMessage.objects.filter(reason="starter_released")
    assert [m.recipient for m in told] == [pending.starter.email]  # not the one who declined
    assert declined.starter.email not in [m.recipient for m in told]
    assert "For få" not in told[0].subject


def test_status_change_reopening_clears_the_closing_note():
    group = group_in(Status.CLOSED)
    change(group, Status.RECRUITING, reason="Nye deltakere har meldt seg")
    group.refresh_from_db()
    assert group.status == Status.RECRUITING
    assert group.closing_note == ""
    assert group.status_changes.get().reason == "Nye deltakere har meldt seg"


# --- The status page ---------------------------------------------------------------


@pytest.fixture
def staff(client):
    return staff_client(client)


def test_group_status_page_offers_only_allowed_statuses(staff):
    group = SelfHelpGroupFactory(contact_point=staff.contact_point, status=Status.PLANNED)
    response = staff.get(url("group_status", staff.contact_point, pk=group.pk))
    body = response.content.decode()
    offered = {value for value in Status.values if f'value="{value}"' in body}
    assert offered == set(lifecycle.next_statuses(Status.PLANNED))
    assert response.context["form"]["effective_on"].value() == TODAY()


def test_group_status_post_records_and_shows_history(staff):
    cp = staff.contact_point
    group = SelfHelpGroupFactory(contact_point=cp, status=Status.RUNNING)
    response = staff.post(
        url("group_status", cp, pk=group.pk),
        {"to_status": "closed", "reason": "Gruppa er ferdig", "effective_on": TODAY().isoformat()},
    )
    assert response.status_code == 302
    assert response["Location"] == url("group_detail", cp, pk=group.pk) + "#historikk"
    group.refresh_from_db()
    assert (group.status, group.closing_note) == (Status.CLOSED, "Gruppa er ferdig")
    assert group.status_changes.get().changed_by == staff.user

    page = staff.get(url("group_detail", cp, pk=group.pk)).content.decode()
    assert "Gruppa er ferdig" in page
    assert url("group_meetings_generate", cp, pk=group.pk) not in page  # closed: no new meetings


def test_group_status_refusal_shows_message_and_keeps_typed_reason(staff, settings):
    cp = staff.contact_point
    group = SelfHelpGroupFactory(contact_point=cp, status=Status.CLOSED, open_for_new_members=False)
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = staff.post(
        url("group_status", cp, pk=group.pk),
        {"to_status": "closed", "reason": "Skrevet tekst", "effective_on": TODAY().isoformat()},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["to_status"] == ["This group is already closed."]
    body = response.content.decode()
    assert "This group is already closed." in body
    assert "Skrevet tekst" in body
    assert not group.status_changes.exists()


def test_group_status_closing_without_note_is_tied_to_the_field(staff):
    cp = staff.contact_point
    group = SelfHelpGroupFactory(contact_point=cp, status=Status.RUNNING)
    response = staff.post(
        url("group_status", cp, pk=group.pk),
        {"to_status": "closed", "reason": "", "effective_on": TODAY().isoformat()},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["reason"]
    group.refresh_from_db()
    assert group.status == Status.RUNNING


def test_group_status_bad_date_is_tied_to_the_field(staff):
    group = SelfHelpGroupFactory(contact_point=staff.contact_point, status=Status.RUNNING)
    response = staff.post(
        url("group_status", staff.contact_point, pk=group.pk),
        {"to_status": "paused", "reason": "", "effective_on": "not a date"},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["effective_on"]
