"""Who may see the region dashboard (/region/), and of which regions.

- Region admins (``user.administered_regions``) see their own regions: one of them, or
  all of theirs together. Another region's id is a 404, as if it did not exist.
- National admins (superusers) choose any region, or all of them (the whole country).
- Anyone else signed in gets a 403; anonymous visitors are sent to sign in.

Two-factor sign-in for both kinds of admin is required before this is reached
(``accounts.middleware.RequireTwoFactorForRegionAdminsMiddleware``).
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from regions.models import Region, RegionCounty
from regions.oversight import Scope


def regions_to_choose(user):
    """The regions the user may choose between, in name order (empty: no access)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return list(Region.objects.order_by("name"))
    return list(user.administered_regions.order_by("name"))


def oversight_scope(user, region_id, regions):
    """The Scope of a request: ``region_id`` one of ``regions`` (else Http404), or None
    for all of them (the whole country for a national admin)."""
    national = user.is_superuser
    if region_id is None:
        if national:
            return Scope(regions=tuple(regions), national=True)
        return Scope(
            regions=tuple(regions),
            region=regions[0] if len(regions) == 1 else None,
            county_numbers=_counties(regions),
        )
    region = next((region for region in regions if region.pk == region_id), None)
    if region is None:
        raise Http404("No such region among yours.")
    return Scope(
        regions=(region,), region=region, county_numbers=_counties([region]), national=national
    )


def _counties(regions):
    return tuple(
        RegionCounty.objects.filter(region__in=regions)
        .order_by("county_id")
        .values_list("county_id", flat=True)
    )


def oversight_view(view_func):
    """Decorate a dashboard view taking an optional ``region`` (a Region's id) from the
    URL. Sets ``request.oversight`` (the Scope) and ``request.oversight_regions`` (what
    the user may choose between); the view gets no ``region`` argument."""

    @wraps(view_func)
    def wrapped(request, *args, region=None, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        regions = regions_to_choose(request.user)
        if not regions and not request.user.is_superuser:
            raise PermissionDenied("For region and national admins.")
        request.oversight_regions = regions
        request.oversight = oversight_scope(request.user, region, regions)
        return view_func(request, *args, **kwargs)

    return wrapped
