"""The workspace's front door (/arbeidsflate/) and a contact point's overview page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone

from contactpoints.access import user_contact_points, workspace_view
from selvhjelp import dashboard


@login_required
def index(request):
    """Straight to the workspace of a person's only contact point; a list when they
    belong to several; an invitation to register one when they belong to none."""
    contact_points = list(user_contact_points(request.user).select_related("municipality"))
    if len(contact_points) == 1:
        return redirect("workspace:dashboard", cp=contact_points[0].slug)
    return render(request, "workspace/index.html", {"contact_points": contact_points})


@workspace_view
def dashboard_view(request):
    """The weekly round: new and overdue enquiries, groups to confirm, first meetings
    without a starter, the next events."""
    contact_point = request.workspace.contact_point
    now = timezone.now()
    context = {
        "enquiries": dashboard.enquiry_figures(
            contact_point=contact_point, user=request.user, now=now
        ),
        "groups": dashboard.group_figures(
            contact_point=contact_point, stale_before=now - dashboard.STALE_AFTER
        ),
        "meetings_without_starter": dashboard.meetings_without_starter(
            contact_point=contact_point, now=now
        ),
        "declined": dashboard.declined_assignments(contact_point=contact_point, now=now),
        "events": dashboard.upcoming_events(contact_point=contact_point, now=now),
    }
    return render(request, "workspace/dashboard.html", context)
