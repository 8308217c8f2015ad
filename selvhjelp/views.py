from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from events.selectors import upcoming_public_events
from groups.selectors import public_group_count


def home(request):
    return render(
        request,
        "home.html",
        {
            "events": upcoming_public_events(limit=4),
            "group_count": public_group_count(),
        },
    )


@never_cache
def health(request):
    """For the load balancer: the process answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def about(request):
    return render(request, "pages/om-selvhjelp.html")


def privacy(request):
    return render(request, "pages/personvern.html")


def accessibility(request):
    return render(request, "pages/tilgjengelighet.html")
