"""Workspace URLs of groups and the starter roster, for the URL × persona matrix."""

from tests.factories import GroupMeetingFactory, StarterFactory
from tests.matrix import StaffURL


def _group(world):
    return {"pk": world["a"]["group"].pk}


def _meeting(world):
    return {"pk": world["a"]["group"].pk, "meeting_pk": world["a"]["meeting"].pk}


def _free_meeting(world):
    """A meeting of A's group without a starter, so assigning one would succeed."""
    meeting = GroupMeetingFactory(group=world["a"]["group"])
    return {"pk": world["a"]["group"].pk, "meeting_pk": meeting.pk}


def _cancelled_meeting(world):
    meeting = GroupMeetingFactory(group=world["a"]["group"], is_cancelled=True)
    return {"pk": world["a"]["group"].pk, "meeting_pk": meeting.pk}


def _assignment(world):
    assignment = world["a"]["assignment"]
    return {
        "pk": world["a"]["group"].pk,
        "meeting_pk": assignment.meeting_id,
        "assignment_pk": assignment.pk,
    }


def _starter(world):
    return {"pk": world["a"]["starter"].pk}


def _inactive_starter(world):
    return {"pk": StarterFactory(contact_point=world["a"]["contact_point"], is_active=False).pk}


def _a_starter(world):
    return {"starter": world["a"]["starter"].pk}


# The forms (create, edit, status, first meetings, roster) are listed by their page (GET);
# posting them as an outsider is tested in tests/groups/test_workspace_wall.py.
URLS = {
    "workspace:group_list": StaffURL(cross_tenant=False),
    "workspace:group_create": StaffURL(cross_tenant=False),
    "workspace:group_detail": StaffURL(kwargs=_group),
    "workspace:group_edit": StaffURL(kwargs=_group),
    "workspace:group_status": StaffURL(kwargs=_group),
    "workspace:group_meetings_generate": StaffURL(kwargs=_group),
    "workspace:group_duplicate": StaffURL(kwargs=_group, method="post"),
    "workspace:group_confirm": StaffURL(kwargs=_group, method="post"),
    "workspace:group_starter_assign": StaffURL(kwargs=_group, method="post", data=_a_starter),
    "workspace:meeting_starters": StaffURL(kwargs=_free_meeting, method="post", data=_a_starter),
    "workspace:meeting_unassign": StaffURL(kwargs=_assignment, method="post"),
    "workspace:meeting_cancel": StaffURL(kwargs=_meeting, method="post"),
    "workspace:meeting_restore": StaffURL(kwargs=_cancelled_meeting, method="post"),
    "workspace:starter_list": StaffURL(cross_tenant=False),
    "workspace:starter_create": StaffURL(cross_tenant=False),
    "workspace:starter_edit": StaffURL(kwargs=_starter),
    "workspace:starter_deactivate": StaffURL(kwargs=_starter, method="post"),
    "workspace:starter_activate": StaffURL(kwargs=_inactive_starter, method="post"),
}
