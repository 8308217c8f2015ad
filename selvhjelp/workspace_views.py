"""The workspace's front door (/arbeidsflate/) and a contact point's overview page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from contactpoints.access import user_contact_points, workspace_view


@login_required
def index(request):
    """Straight to the workspace of a person's only contact point; a list when they
    belong to several; an invitation to register one when they belong to none."""
    contact_points = list(user_contact_points(request.user).select_related("municipality"))
    if len(contact_points) == 1:
        return redirect("workspace:dashboard", cp=contact_points[0].slug)
    return render(request, "workspace/index.html", {"contact_points": contact_points})


@workspace_view
def dashboard(request):
    """The weekly round: what waits for the contact point's staff this week."""
    return render(request, "workspace/dashboard.html", {})
