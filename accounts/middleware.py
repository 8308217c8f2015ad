from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from accounts.rules import is_national_admin, is_region_admin


class RequireTwoFactorForRegionAdminsMiddleware:
    """Send a region or national admin without TOTP to set it up before anything else.

    allauth offers two-factor sign-in but cannot require it for a role. District admins
    see figures across many contact points, so for them it is not optional. Account
    pages (to set it up, or sign out) and static files stay reachable.
    """

    exempt_prefixes = ("/konto/", "/static/", "/i18n/", "/helse/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        # Asked at most once per request, here or by the account bar's "Region" link.
        request.oversees_region = SimpleLazyObject(
            lambda: bool(
                user is not None
                and user.is_authenticated
                and (is_national_admin(user) or is_region_admin(user))
            )
        )
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.exempt_prefixes)
            and request.oversees_region
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            messages.info(
                request,
                _("Your role gives access to a whole region. Set up two-factor sign-in to go on."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
