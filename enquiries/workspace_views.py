"""Staff pages (stubs until built)."""

from django.http import HttpResponse

from contactpoints.access import workspace_view


@workspace_view
def stub(request, **kwargs):
    return HttpResponse("todo")
