"""Embeddable lists: a contact point's groups and events, for an iframe on other websites.

Municipalities show these on their own "what's on" pages. The page is small (no
Bootstrap, no site chrome), and it is the one page of the portal other sites may frame:
the global ``X-Frame-Options: DENY`` and ``frame-ancestors 'none'`` are lifted for it
alone. Every link opens the portal in a new tab, so a resident never browses the portal
inside someone else's page.
"""

import re

from csp.decorators import csp_replace
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from events.selectors import upcoming_public_events
from groups.models import Topic
from selvhjelp.posters import approved_contact_point, contact_point_groups
from selvhjelp.qr import contact_point_path, event_path, group_path

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")
EMBED_GROUPS = 50
EMBED_EVENTS = 10


@require_safe
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def contact_point_list(request, slug):
    contact_point = approved_contact_point(slug)
    groups = contact_point_groups(contact_point)
    # An unknown topic is ignored, so an old link still shows the whole list.
    topic_slug = request.GET.get("tema", "")
    topic = Topic.objects.filter(slug=topic_slug).first() if SLUG.fullmatch(topic_slug) else None
    if topic:
        groups = groups.filter(topics=topic)
    groups = list(groups[:EMBED_GROUPS])
    for group in groups:
        group.public_url = request.build_absolute_uri(group_path(group))
    events = list(upcoming_public_events().filter(contact_point=contact_point)[:EMBED_EVENTS])
    for event in events:
        event.public_url = request.build_absolute_uri(event_path(event))
    return render(
        request,
        "embed/list.html",
        {
            "contact_point": contact_point,
            "contact_point_url": request.build_absolute_uri(contact_point_path(contact_point)),
            "topic": topic,
            "groups": groups,
            "events": events,
        },
    )
