"""The starter roster (igangsetterliste) of a contact point: reads and writes.

A contact point keeps its own starters. A starter marked ``shared_in_region`` may also
be asked by the other contact points of the same region; they see what they need to
choose (name, topics, availability, training date, which contact point) but not the
starter's own email or phone: the assignment message reaches the starter through the
outbox, and questions go to the starter's own contact point.

Assigning starters to meetings lives in ``groups.services`` (``starter_assign``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contactpoints.models import ContactPoint, Starter
from groups.models import StarterAssignment, Topic
from groups.services import starter_upcoming_release
from regions.models import RegionCounty

STARTER_FIELDS = ("name", "email", "phone", "trained_on", "availability", "shared_in_region")

# The roster's views: the active starters, those of them with no coming meeting, and
# those who have left. The keys are the ``vis`` parameter of the list's address.
SHOW_ACTIVE = ""
SHOW_UNASSIGNED = "ledige"
SHOW_INACTIVE = "inaktive"
SHOW_CHOICES = (SHOW_ACTIVE, SHOW_UNASSIGNED, SHOW_INACTIVE)


# --- Reads ------------------------------------------------------------------------


def _upcoming_assignments(starter_ref="pk"):
    """A starter's assignments to coming meetings that are not cancelled."""
    return StarterAssignment.objects.filter(
        starter=OuterRef(starter_ref),
        meeting__starts_at__gt=timezone.now(),
        meeting__is_cancelled=False,
    )


def _region_id_of(contact_point):
    """The region of the contact point's county, as a subquery (NULL when none)."""
    return Subquery(
        RegionCounty.objects.filter(county_id=contact_point.municipality.county_id).values(
            "region_id"
        )[:1]
    )


def _topics_prefetch():
    return Prefetch("topics", queryset=Topic.objects.order_by("position", "name"))


def roster_starters(*, contact_point, show=SHOW_ACTIVE):
    """The contact point's own starters, by name, for the roster page.

    Each has ``coming`` (assignments to coming meetings, soonest first, with the group
    and its contact point: a shared starter may serve elsewhere) and ``is_unassigned``
    (active, with no coming meeting they have not declined).
    """
    coming = (
        StarterAssignment.objects.filter(
            meeting__starts_at__gt=timezone.now(), meeting__is_cancelled=False
        )
        .select_related("meeting__group__contact_point")
        .order_by("meeting__starts_at", "pk")
    )
    starters = (
        contact_point.starters.all()
        .annotate(
            has_coming=Exists(
                _upcoming_assignments().exclude(response=StarterAssignment.Response.DECLINED)
            )
        )
        .prefetch_related(_topics_prefetch(), Prefetch("assignments", coming, to_attr="coming"))
        .order_by("name", "pk")
    )
    if show == SHOW_INACTIVE:
        return starters.filter(is_active=False)
    starters = starters.filter(is_active=True)
    if show == SHOW_UNASSIGNED:
        starters = starters.filter(has_coming=False)
    return starters


def starter_coming_assignments(*, starter):
    """A starter's assignments to coming meetings (any answer), soonest first."""
    return (
        starter.assignments.filter(
            meeting__starts_at__gt=timezone.now(), meeting__is_cancelled=False
        )
        .select_related("meeting__group__contact_point")
        .order_by("meeting__starts_at", "pk")
    )


def roster_counts(*, contact_point):
    """How many starters each view of the roster shows, in one query."""
    coming = _upcoming_assignments().exclude(response=StarterAssignment.Response.DECLINED)
    return contact_point.starters.annotate(has_coming=Exists(coming)).aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        unassigned=Count("pk", filter=Q(is_active=True, has_coming=False)),
        inactive=Count("pk", filter=Q(is_active=False)),
    )


def region_shared_starters(*, contact_point):
    """Active starters that other approved contact points of the same region share."""
    return (
        Starter.objects.filter(
            shared_in_region=True,
            is_active=True,
            contact_point__status=ContactPoint.Status.APPROVED,
            contact_point__municipality__county__region_county__region_id=_region_id_of(
                contact_point
            ),
        )
        .exclude(contact_point=contact_point)
        .select_related("contact_point")
        .prefetch_related(_topics_prefetch())
        .order_by("contact_point__name", "name", "pk")
    )


def starters_available_to(*, contact_point, own_inactive=False):
    """Every starter this contact point may ask: its own active starters and those
    shared in its region (with ``own_inactive``, its deactivated ones too, so that
    assigning one is refused with a message rather than not found)."""
    region_shared = region_shared_starters(contact_point=contact_point).values("pk")
    own = Q(contact_point=contact_point)
    if not own_inactive:
        own &= Q(is_active=True)
    return (
        Starter.objects.filter(own | Q(pk__in=region_shared))
        .select_related("contact_point")
        .order_by("name", "pk")
    )


# --- Writes -----------------------------------------------------------------------


def _email_taken(*, contact_point, email, exclude_pk=None):
    if not email:
        return False
    others = contact_point.starters.filter(email__iexact=email)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.exists()


def _starter_save(*, starter, fields, topics):
    for name, value in fields.items():
        setattr(starter, name, value)
    if _email_taken(
        contact_point=starter.contact_point, email=starter.email, exclude_pk=starter.pk
    ):
        raise ValidationError(
            {"email": _("A starter on your roster already has this email address.")},
            code="email_taken",
        )
    starter.full_clean(exclude=["contact_point", "user"])
    starter.save()
    starter.topics.set(topics)
    return starter


def starter_create(*, contact_point, fields, topics):
    """Add a starter to the contact point's roster. ``fields``: ``STARTER_FIELDS``.

    Raises ValidationError when neither email nor phone is given, or the email is
    already on the roster.
    """
    with transaction.atomic():
        return _starter_save(
            starter=Starter(contact_point=contact_point), fields=fields, topics=topics
        )


def starter_update(*, starter, fields, topics):
    """Save an edit of a starter on the roster (same checks as ``starter_create``)."""
    with transaction.atomic():
        starter = Starter.objects.select_for_update().get(pk=starter.pk)
        return _starter_save(starter=starter, fields=fields, topics=topics)


def starter_deactivate(*, starter):
    """Take a starter off the active roster: nobody can assign them any more, and they
    are taken off the coming meetings they had not declined (and told so). Returns how
    many meetings that was. Their past assignments stay as the record."""
    with transaction.atomic():
        starter = Starter.objects.select_for_update().get(pk=starter.pk)
        if not starter.is_active:
            raise ValidationError(
                _("This starter is already deactivated."), code="already_inactive"
            )
        starter.is_active = False
        starter.save(update_fields=["is_active"])
        return starter_upcoming_release(starter=starter)


def starter_activate(*, starter):
    """Put a deactivated starter back on the active roster."""
    with transaction.atomic():
        starter = Starter.objects.select_for_update().get(pk=starter.pk)
        if starter.is_active:
            raise ValidationError(_("This starter is already active."), code="already_active")
        starter.is_active = True
        starter.save(update_fields=["is_active"])
    return starter
