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
