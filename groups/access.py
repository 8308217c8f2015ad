"""Finding a workspace's groups, meetings, assignments and starters: the wall, per object.

Every staff view of groups and the starter roster goes through these. Each query starts
from the workspace's contact point, so an id of another contact point's object is a 404
whatever it is (existence is not leaked).
"""

from django.shortcuts import get_object_or_404

from contactpoints.access import workspace_object_or_404
from contactpoints.roster import starters_available_to


def group_for_workspace(workspace, pk):
    """One of the contact point's groups."""
    return workspace_object_or_404(workspace, "groups", pk=pk)


def meeting_for_workspace(workspace, group_pk, pk):
    """A meeting of one of the contact point's groups, and that group."""
    group = group_for_workspace(workspace, group_pk)
    return group, get_object_or_404(group.meetings.all(), pk=pk)


def assignment_for_workspace(workspace, group_pk, meeting_pk, pk):
    """A starter's assignment to a meeting of one of the contact point's groups (the
    starter may be from another contact point that shares them)."""
    group, meeting = meeting_for_workspace(workspace, group_pk, meeting_pk)
    assignment = get_object_or_404(meeting.assignments.select_related("starter"), pk=pk)
    return group, meeting, assignment


def starter_for_workspace(workspace, pk):
    """A starter on the contact point's own roster (to edit or deactivate)."""
    return workspace_object_or_404(workspace, "starters", pk=pk)


def assignable_starter_or_404(workspace, pk):
    """A starter the contact point may assign: one on its own roster, or one that
    another contact point of its region shares. Anyone else's starter is a 404, like
    any other object of another contact point, whether or not that contact point is in
    the region: the page offers only these, so only a forged or outdated form asks.
    (Its own deactivated starters are found, and ``starter_assign`` refuses them with
    a message.)"""
    return get_object_or_404(
        starters_available_to(contact_point=workspace.contact_point, own_inactive=True), pk=pk
    )
