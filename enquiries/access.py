"""Which enquiries a workspace may reach: only its own contact point's.

Every staff view of an enquiry goes through ``enquiry_for_workspace``; the query starts
from the workspace's contact point, so another contact point's enquiry is a 404 whatever
its number (``contactpoints.access`` explains the wall).
"""

from django.shortcuts import get_object_or_404


def enquiry_for_workspace(workspace, pk):
    """The enquiry ``pk`` of the workspace's contact point, with what its pages show
    beside it (group, topic, assignee); or Http404."""
    enquiries = workspace.contact_point.enquiries.select_related("group", "topic", "assigned_to")
    enquiry = get_object_or_404(enquiries, pk=pk)
    enquiry.contact_point = workspace.contact_point  # the same row: no second query
    return enquiry
