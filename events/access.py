"""The wall for events in the workspace: every staff view of an event or a
registration gets it through these helpers.

Both queries start from the workspace's contact point, so another contact point's
event (or a region's) is a 404 whatever the id, and so is a registration of another
event, even one of the same contact point, named under this event's id.
"""

from django.shortcuts import get_object_or_404


def event_for_workspace(workspace, pk):
    """The workspace's contact point's event ``pk``, or Http404."""
    return get_object_or_404(
        workspace.contact_point.events.select_related("contact_point", "municipality"), pk=pk
    )


def registration_for_workspace(workspace, event_pk, pk):
    """Registration ``pk`` of the workspace's event ``event_pk``, or Http404."""
    event = event_for_workspace(workspace, event_pk)
    registration = get_object_or_404(event.registrations.all(), pk=pk)
    registration.event = event
    return registration
