"""Workspace URLs of groups and the starter roster, for the URL × persona matrix."""

import datetime

from django.utils import timezone

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


def _closing(world):
    return {
        "to_status": "closed",
        "reason": "Gruppen har lagt ned",
        "effective_on": timezone.localdate().isoformat(),
    }


def _meetings(world):
    first = timezone.localdate() + datetime.timedelta(days=30)
    return {
        "first_date": first.isoformat(),
        "start_time": "18:00",
        "duration": "120",
        "interval": "weekly",
        "count": "3",
    }


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

# Posting a status change and new meetings goes to the same URLs as their forms (GET
# above); the matrix sends one method per URL, so these are tested for outsiders in
# tests/groups/test_workspace_wall.py.
POST_FORMS = {
    "workspace:group_status": _closing,
    "workspace:group_meetings_generate": _meetings,
}
