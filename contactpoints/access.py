"""The wall between contact points: who may work in which workspace.

Every staff view goes through ``workspace_view``. It resolves the contact point once,
from the URL's slug and the user's standing, and puts a :class:`Workspace` on the
request. Views then start every query from ``request.workspace.contact_point``
(``workspace_object_or_404`` for single objects). A contact point the user may not
work in is a 404, as is anything of another contact point: existence is not leaked.

Who may work in a contact point's workspace:

- its members (role ``staff`` or ``manager``);
- the admins of the region its municipality's county belongs to (role ``region``),
  acting on the contact point's behalf, with the same rights as a manager;
- national admins (superusers, role ``national``), likewise.

Region and national admins read enquiries on behalf of a contact point; every such
read is in the access log like anyone else's, marked as on behalf.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from contactpoints.models import ContactPoint, Membership

MANAGER = Membership.Role.MANAGER
STAFF = Membership.Role.STAFF
REGION = "region"
NATIONAL = "national"


@dataclass(frozen=True)
class Workspace:
    """The contact point a request works in, and the user's standing there."""

    contact_point: ContactPoint
    role: str

    @property
    def is_manager(self):
        """May manage the team and settings, and read the access log."""
        return self.role != STAFF

    @property
    def on_behalf(self):
        """Works here as a region or national admin, not as a member."""
        return self.role in (REGION, NATIONAL)


def regions_administered_by(user):
    """Ids of the regions the user administers (empty for anyone else)."""
    if not user.is_authenticated:
        return []
    return list(user.administered_regions.values_list("pk", flat=True))


def region_contact_points(user):
    """Every contact point in the regions the user administers (any status)."""
    return ContactPoint.objects.filter(
        municipality__county__region_county__region__admins=user
    ).distinct()


def workspace_role(user, contact_point):
    """The user's role in this contact point's workspace, or None for no access."""
    if not user.is_authenticated or not user.is_active:
        return None
    membership = (
        Membership.objects.filter(user=user, contact_point=contact_point)
        .values_list("role", flat=True)
        .first()
    )
    if membership:
        return membership
    if user.is_superuser:
        return NATIONAL
    if region_contact_points(user).filter(pk=contact_point.pk).exists():
        return REGION
    return None


def workspace_for(user, slug):
    """The Workspace of the contact point with this slug, or Http404."""
    contact_point = (
        ContactPoint.objects.select_related("municipality__county", "organisation_type")
        .filter(slug=slug)
        .first()
    )
    role = workspace_role(user, contact_point) if contact_point else None
    if role is None:
        raise Http404("No such contact point in your workspaces.")
    return Workspace(contact_point=contact_point, role=role)


def user_contact_points(user):
    """The contact points the user is a member of, for the switcher: name order."""
    return ContactPoint.objects.filter(memberships__user=user).order_by("name")


def workspace_view(view=None, *, manager=False):
    """Decorate a staff view taking ``cp`` (the contact point's slug) from the URL.

    Anonymous users are sent to log in; a contact point the user may not work in is a
    404; a staff member on a manager-only view (``manager=True``) gets a 403, since
    they already know the contact point exists. The view receives the request with
    ``request.workspace`` set, and no ``cp`` argument.
    """

    def decorate(view_func):
        @wraps(view_func)
        def wrapped(request, cp, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            request.workspace = workspace_for(request.user, cp)
            if manager and not request.workspace.is_manager:
                raise PermissionDenied("Managers only.")
            return view_func(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


def workspace_object_or_404(workspace, related_name, **lookup):
    """One object of the workspace's contact point, e.g. ``(ws, "groups", pk=3)``.

    The query starts from the contact point (``contact_point.groups``), so an object of
    another contact point is a 404 whatever the id.
    """
    return get_object_or_404(getattr(workspace.contact_point, related_name).all(), **lookup)
