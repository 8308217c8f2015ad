"""Printable A4 posters with a QR code, for the notice boards where residents are.

A poster shows what the public page shows, no more: a group's venue only where the
contact point publishes it. The QR code leads to the public page; the address is also
printed in full for people who do not scan codes. The pages print with
``static/css/print.css``: one A4 sheet, without the portal's header and footer.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from contactpoints.models import ContactPoint
from events.selectors import public_events, upcoming_public_events
from groups.selectors import public_groups
from selvhjelp.qr import contact_point_path, event_path, group_path, qr_svg_data_uri

# What fits on the contact point's sheet below its own facts.
POSTER_GROUPS = 4
POSTER_EVENTS = 2


def approved_contact_point(slug):
    return get_object_or_404(
        ContactPoint.objects.filter(status=ContactPoint.Status.APPROVED).select_related(
            "municipality"
        ),
        slug=slug,
    )


def contact_point_groups(contact_point):
    """The public groups of a contact point, for posters and embedded lists."""
    return (
        public_groups()
        .filter(contact_point=contact_point)
        .select_related("municipality")
        .prefetch_related("topics")
        .order_by("title", "pk")
    )


def _poster(request, template, path, context):
    page_url = request.build_absolute_uri(path)
    return render(
        request,
        template,
        {
            **context,
            "page_url": page_url,
            "page_path": path,
            "qr": qr_svg_data_uri(page_url),
            # Printed without the scheme (browsers add it), breaking only after a slash.
            "url_parts": page_url.split("://", 1)[-1].rstrip("/").split("/"),
        },
    )


@require_safe
def group_poster(request, slug):
    group = get_object_or_404(
        public_groups().select_related("contact_point", "municipality").prefetch_related("topics"),
        slug=slug,
    )
    return _poster(
        request,
        "posters/group.html",
        group_path(group),
        {"group": group, "contact_point": group.contact_point},
    )


@require_safe
def event_poster(request, slug):
    event = get_object_or_404(
        public_events().select_related("contact_point", "region", "municipality"), slug=slug
    )
    return _poster(
        request,
        "posters/event.html",
        event_path(event),
        {"event": event, "contact_point": event.contact_point},
    )


@require_safe
def contact_point_poster(request, slug):
    contact_point = approved_contact_point(slug)
    groups = list(contact_point_groups(contact_point)[: POSTER_GROUPS + 1])
    events = list(upcoming_public_events().filter(contact_point=contact_point)[:POSTER_EVENTS])
    return _poster(
        request,
        "posters/contact_point.html",
        contact_point_path(contact_point),
        {
            "contact_point": contact_point,
            "groups": groups[:POSTER_GROUPS],
            "more_groups": len(groups) > POSTER_GROUPS,
            "events": events,
        },
    )
