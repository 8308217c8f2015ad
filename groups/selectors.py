from contactpoints.models import ContactPoint
from groups.models import SelfHelpGroup

PUBLIC_STATUSES = [
    SelfHelpGroup.Status.RECRUITING,
    SelfHelpGroup.Status.STARTING,
    SelfHelpGroup.Status.RUNNING,
]


def public_groups():
    """Groups a resident can find: active, at an approved contact point."""
    return SelfHelpGroup.objects.filter(
        status__in=PUBLIC_STATUSES, contact_point__status=ContactPoint.Status.APPROVED
    )


def public_group_count():
    return public_groups().count()
