"""Staff pages of a contact point itself: registering, team, checklist, settings.
(Stubs until built.)"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from contactpoints.access import workspace_view


@workspace_view
def stub(request, **kwargs):
    return HttpResponse("todo")


@login_required
def stub_outside(request, **kwargs):
    return HttpResponse("todo")


@workspace_view(manager=True)
def stub_manager(request, **kwargs):
    return HttpResponse("todo")
