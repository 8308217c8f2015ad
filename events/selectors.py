from django.db.models import Count, Q
from django.utils import timezone

from contactpoints.models import ContactPoint
from events.models import Event, Registration


def public_events():
    """Published events of approved contact points, and all published region events."""
    return Event.objects.filter(status=Event.Status.PUBLISHED).filter(
        Q(contact_point__isnull=True) | Q(contact_point__status=ContactPoint.Status.APPROVED)
    )


def upcoming_public_events(*, limit=None):
    events = (
        public_events()
        .filter(ends_at__gte=timezone.now())
        .select_related("contact_point", "region", "municipality")
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            )
        )
        .order_by("starts_at")
    )
    return events[:limit] if limit else events
