"""Who may see and decide on contact points waiting for approval.

Region admins (district-office staff) decide on the contact points in their region's
counties; national admins (superusers) on all of them. Everyone else is refused the
list (403 when signed in) and gets a 404 for a single contact point, so its existence
is not leaked. Every region page goes through these helpers.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404

from contactpoints.access import region_contact_points
from contactpoints.models import ContactPoint


def is_approver(user):
    """A national admin, or an admin of at least one region."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.administered_regions.exists()


def decidable_contact_points(user):
    """Every contact point (any status) the user may decide on: none for non-admins."""
    if not user.is_authenticated or not user.is_active:
        return ContactPoint.objects.none()
    if user.is_superuser:
        return ContactPoint.objects.all()
    return region_contact_points(user)


def pending_contact_points(user):
    """The contact points waiting for this user's decision."""
    return decidable_contact_points(user).filter(status=ContactPoint.Status.PENDING)


def may_decide_contact_point(user, contact_point):
    return decidable_contact_points(user).filter(pk=contact_point.pk).exists()


def pending_contact_point_or_404(user, slug):
    """A pending contact point the user may decide on, or Http404."""
    return get_object_or_404(
        pending_contact_points(user)
        .select_related("municipality__county", "organisation_type", "created_by")
        .annotate(region_name=F("municipality__county__region_county__region__name")),
        slug=slug,
    )


def decidable_contact_point_or_404(user, slug):
    """A contact point (any status) the user may decide on, or Http404: the target of a
    decision, so that a second admin deciding too is told it was decided already."""
    return get_object_or_404(decidable_contact_points(user), slug=slug)


def approver_view(view=None, *, objects=False):
    """Decorate a region page. Anonymous people go to the login page. A signed-in
    non-admin gets 403 on a list page, and on a page of one contact point
    (``objects=True``) the 404 the view's ``..._or_404`` helper gives them, as for a
    contact point outside their region."""

    def decorate(view_func):
        @wraps(view_func)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not objects and not is_approver(request.user):
                raise PermissionDenied("Region and national admins only.")
            return view_func(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate
