"""Small presentation helpers shared by the portal's templates."""

from django import template

from events.models import Registration

register = template.Library()


@register.filter
def seats_left(event):
    """Free places at an event, or None when it has no capacity limit.

    Uses the ``confirmed_count`` annotation of the event selectors when present, so a
    list of events costs no extra queries.
    """
    if event.capacity is None:
        return None
    confirmed = getattr(event, "confirmed_count", None)
    if confirmed is None:
        confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return max(event.capacity - confirmed, 0)


# The workspace menu's sections, by the first word of a workspace URL's name
# ("group_detail" is in Groups). See templates/workspace/base.html.
WORKSPACE_SECTIONS = {
    "enquiry": "enquiries",
    "access": "enquiries",
    "group": "groups",
    "meeting": "groups",
    "starter": "starters",
    "event": "events",
    "registration": "events",
    "interest": "interest",
    "team": "team",
    "member": "team",
    "invitation": "team",
    "onboarding": "onboarding",
    "settings": "settings",
}


@register.simple_tag(takes_context=True)
def workspace_section(context):
    """The menu section of the current workspace page, or "" (the overview)."""
    match = getattr(context.get("request"), "resolver_match", None)
    name = getattr(match, "url_name", "") or ""
    return WORKSPACE_SECTIONS.get(name.split("_")[0], "")
