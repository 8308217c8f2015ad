"""The wall around a contact point's groups and starters: another contact point's group,
meeting, assignment or starter is a 404 under every URL, for reading and for changing,
and posting a form as an outsider changes nothing."""

import datetime

import pytest
from django.utils import timezone

from contactpoints.models import Starter
from groups.models import GroupMeeting, GroupStatusChange, SelfHelpGroup, StarterAssignment
from notifications.models import OutboxMessage
from tests.factories import (
    ContactPointFactory,
    GroupMeetingFactory,
    MembershipFactory,
    SelfHelpGroupFactory,
    StarterAssignmentFactory,
    StarterFactory,
)
from tests.groups.workspace_helpers import staff_client, url

pytestmark = pytest.mark.django_db


def state():
    return [
        list(model.objects.order_by("pk").values())
        for model in (
            SelfHelpGroup,
            GroupStatusChange,
            GroupMeeting,
            StarterAssignment,
            Starter,
            OutboxMessage,
        )
    ]


@pytest.fixture
def theirs():
    """Another contact point's things, in the same municipality and region as ours."""
    other = ContactPointFactory(name="Nabo-kontaktpunktet")
    group = SelfHelpGroupFactory(contact_point=other, title="Nabo-gruppa")
    meeting = GroupMeetingFactory(group=group)
    starter = StarterFactory(contact_point=other, name="Nabo-igangsetter", shared_in_region=True)
    assignment = StarterAssignmentFactory(meeting=meeting, starter=starter)
    inactive = StarterFactory(contact_point=other, is_active=False)
    return {
        "contact_point": other,
        "group": group,
        "meeting": meeting,
        "starter": starter,
        "assignment": assignment,
        "inactive": inactive,
    }


def today():
    return timezone.localdate().isoformat()


GROUP_FORM = {
    "title": "Overtatt",
    "kind": "same_problem",
    "format": "in_person",
    "municipality": "0301",
    "frequency": "weekly",
    "version": "1",
}

# (URL name, kwargs from `theirs`, method, data)
OTHER_OBJECT_URLS = [
    ("group_detail", lambda t: {"pk": t["group"].pk}, "get", {}),
    ("group_edit", lambda t: {"pk": t["group"].pk}, "get", {}),
    ("group_edit", lambda t: {"pk": t["group"].pk}, "post", GROUP_FORM),
    ("group_status", lambda t: {"pk": t["group"].pk}, "get", {}),
    (
        "group_status",
        lambda t: {"pk": t["group"].pk},
        "post",
        {"to_status": "closed", "reason": "x", "effective_on": today()},
    ),
    ("group_duplicate", lambda t: {"pk": t["group"].pk}, "post", {}),
    ("group_confirm", lambda t: {"pk": t["group"].pk}, "post", {}),
    ("group_meetings_generate", lambda t: {"pk": t["group"].pk}, "get", {}),
    (
        "group_meetings_generate",
        lambda t: {"pk": t["group"].pk},
        "post",
        {
            "first_date": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(),
            "start_time": "18:00",
            "duration": "120",
            "interval": "weekly",
            "count": "3",
        },
    ),
    ("group_starter_assign", lambda t: {"pk": t["group"].pk}, "post", {}),
    (
        "meeting_starters",
        lambda t: {"pk": t["group"].pk, "meeting_pk": t["meeting"].pk},
        "post",
        {},
    ),
    (
        "meeting_unassign",
        lambda t: {
            "pk": t["group"].pk,
            "meeting_pk": t["meeting"].pk,
            "assignment_pk": t["assignment"].pk,
        },
        "post",
        {},
    ),
    ("meeting_cancel", lambda t: {"pk": t["group"].pk, "meeting_pk": t["meeting"].pk}, "post", {}),
    ("meeting_restore", lambda t: {"pk": t["group"].pk, "meeting_pk": t["meeting"].pk}, "post", {}),
    ("starter_edit", lambda t: {"pk": t["starter"].pk}, "get", {}),
    (
        "starter_edit",
        lambda t: {"pk": t["starter"].pk},
        "post",
        {"name": "Overtatt", "email": "x@example.no"},
    ),
    ("starter_deactivate", lambda t: {"pk": t["starter"].pk}, "post", {}),
    ("starter_activate", lambda t: {"pk": t["inactive"].pk}, "post", {}),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "method", "data"),
    OTHER_OBJECT_URLS,
    ids=[f"{name}-{method}" for name, _k, method, _d in OTHER_OBJECT_URLS],
)
def test_workspace_object_of_another_contact_point_is_404(
    client, theirs, name, kwargs, method, data
):
    staff = staff_client(client)  # same municipality, same region: still another wall
    before = state()
    target = url(name, staff.contact_point, **kwargs(theirs))
    response = staff.post(target, data) if method == "post" else staff.get(target)
    assert response.status_code == 404
    body = response.content.decode()
    assert "Nabo-gruppa" not in body
    assert "Nabo-igangsetter" not in body
    assert state() == before


def test_workspace_group_of_another_contact_point_shares_nothing_but_shared_starters(
    client, theirs
):
    """Our own group page may offer the neighbour's shared starter (same region), and
    nothing else of theirs."""
    staff = staff_client(client)
    own = SelfHelpGroupFactory(contact_point=staff.contact_point)
    GroupMeetingFactory(group=own)
    page = staff.get(url("group_detail", staff.contact_point, pk=own.pk)).content.decode()
    assert "Nabo-igangsetter (Nabo-kontaktpunktet)" in page
    assert "Nabo-gruppa" not in page
    assert theirs["starter"].email not in page


# Form posts whose matrix entry is a GET (the matrix sends one method per URL):
# outsiders posting them are refused and change nothing.
OUR_FORMS = [
    ("group_create", lambda g, s: {}, GROUP_FORM),
    ("group_edit", lambda g, s: {"pk": g.pk}, GROUP_FORM),
    (
        "group_status",
        lambda g, s: {"pk": g.pk},
        {"to_status": "closed", "reason": "x", "effective_on": today()},
    ),
    (
        "group_meetings_generate",
        lambda g, s: {"pk": g.pk},
        {
            "first_date": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(),
            "start_time": "18:00",
            "duration": "120",
            "interval": "weekly",
            "count": "3",
        },
    ),
    ("starter_create", lambda g, s: {}, {"name": "Ny", "email": "ny@example.no"}),
    ("starter_edit", lambda g, s: {"pk": s.pk}, {"name": "Endret", "email": "e@example.no"}),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "data"), OUR_FORMS, ids=[name for name, _k, _d in OUR_FORMS]
)
def test_workspace_form_post_by_outsiders_changes_nothing(client, name, kwargs, data):
    ours = ContactPointFactory(slug="var")
    group = SelfHelpGroupFactory(contact_point=ours, status=SelfHelpGroup.Status.RUNNING)
    starter = StarterFactory(contact_point=ours)
    target = url(name, ours, **kwargs(group, starter))
    before = state()

    anonymous = client.post(target, data)
    assert anonymous.status_code == 302
    assert "/konto/login/" in anonymous["Location"]

    outsider = MembershipFactory(contact_point=ContactPointFactory()).user
    client.force_login(outsider)
    assert client.post(target, data).status_code == 404
    assert state() == before
