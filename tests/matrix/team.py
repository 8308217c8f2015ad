"""Workspace URLs of the contact point itself (team, checklist, settings, registering,
region approvals), for the URL × persona matrix (see __init__)."""

import datetime
import secrets

from django.utils import timezone

from contactpoints.models import ContactPoint, Invitation, Membership
from contactpoints.services import token_hash
from tests.matrix import MANAGER_EXPECT, MEMBER_EXPECT, OtherURL, StaffURL

EVERY_SIGNED_IN = {
    "anonymous": 302,
    "resident": 200,
    "staff_a": 200,
    "manager_a": 200,
    "staff_b": 200,
    "region_admin_a": 200,
    "region_admin_other": 200,
    "superuser": 200,
}
# The region pages: only admins; a list is 403 for other signed-in people, one
# contact point a 404 (its existence is not told).
APPROVERS_LIST = {
    "anonymous": 302,
    "resident": 403,
    "staff_a": 403,
    "manager_a": 403,
    "staff_b": 403,
    "region_admin_a": 200,
    "region_admin_other": 200,
    "superuser": 200,
}
APPROVERS_OBJECT = {
    "anonymous": 302,
    "resident": 404,
    "staff_a": 404,
    "manager_a": 404,
    "staff_b": 404,
    "region_admin_a": 200,  # "ventende" is in Oslo, region "ost"
    "region_admin_other": 404,
    "superuser": 200,
}
# A decision is a POST that redirects to the list. The region admin decides first; the
# superuser, asking next, is told it was decided already (also a redirect).
APPROVERS_DECIDE = {**APPROVERS_OBJECT, "region_admin_a": 302, "superuser": 302}
# The pending contact point's name, to the admins who decide on it.
SEES_PENDING = {
    "region_admin_a": {"Ventende-Kontaktpunkt"},
    "superuser": {"Ventende-Kontaktpunkt"},
}


def _invitation(world, email="invitert@example.no"):
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        contact_point=world["a"]["contact_point"],
        email=email,
        role=Membership.Role.STAFF,
        token_hash=token_hash(token),
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    return invitation, token


def _invitation_pk(world):
    return {"pk": _invitation(world)[0].pk}


def _invitation_token(world):
    return {"token": _invitation(world, email="ny.kollega@example.no")[1]}


def _staff_membership(world):
    staff = world["people"]["staff_a"]
    return {"pk": Membership.objects.get(user=staff, contact_point__slug="a").pk}


def _new_pending(world):
    from tests.factories import ContactPointFactory

    contact_point = ContactPointFactory(
        name="Matrise-ny-kontaktpunkt", status=ContactPoint.Status.PENDING
    )
    return {"slug": contact_point.slug}


URLS = {
    "workspace:index": OtherURL(
        expect={**EVERY_SIGNED_IN, "staff_a": 302, "manager_a": 302, "staff_b": 302}
    ),
    "workspace:dashboard": StaffURL(cross_tenant=False),
    "workspace:register": OtherURL(expect=EVERY_SIGNED_IN),
    "workspace:invitation_accept": OtherURL(
        kwargs=_invitation_token,
        # Whoever holds the link learns whom it invites (a page for everyone); signed in
        # with another address than the invited one, joining is refused (tests/contactpoints).
        expect=dict.fromkeys(EVERY_SIGNED_IN, 200),
    ),
    "workspace:team": StaffURL(cross_tenant=False),
    "workspace:team_invite": StaffURL(
        method="post",
        data=lambda world: {"email": "ny@example.no", "role": "staff"},
        expect=MANAGER_EXPECT,
        cross_tenant=False,
    ),
    # Admins on behalf are not members: nothing to leave.
    "workspace:team_leave": StaffURL(
        cross_tenant=False,
        expect={**MEMBER_EXPECT, "region_admin_a": 404, "superuser": 404},
    ),
    "workspace:invitation_resend": StaffURL(
        method="post", kwargs=_invitation_pk, expect=MANAGER_EXPECT
    ),
    "workspace:invitation_revoke": StaffURL(
        method="post", kwargs=_invitation_pk, expect=MANAGER_EXPECT
    ),
    "workspace:member_role": StaffURL(
        method="post",
        kwargs=_staff_membership,
        data=lambda world: {"role": "manager"},
        expect=MANAGER_EXPECT,
    ),
    "workspace:member_remove": StaffURL(kwargs=_staff_membership, expect=MANAGER_EXPECT),
    "workspace:onboarding": StaffURL(cross_tenant=False),
    "workspace:onboarding_done": StaffURL(
        method="post",
        kwargs=lambda world: {"step": "anchoring"},
        data=lambda world: {"anchoring-note": "Forankret"},
        cross_tenant=False,
    ),
    "workspace:onboarding_undo": StaffURL(
        method="post", kwargs=lambda world: {"step": "anchoring"}, cross_tenant=False
    ),
    "workspace:settings": StaffURL(cross_tenant=False, expect=MANAGER_EXPECT),
    "region:approvals": OtherURL(expect=APPROVERS_LIST, may_show=SEES_PENDING),
    "region:approval_detail": OtherURL(
        kwargs=lambda world: {"slug": "ventende"},
        expect=APPROVERS_OBJECT,
        may_show=SEES_PENDING,
    ),
    "region:approval_approve": OtherURL(
        method="post", kwargs=_new_pending, expect=APPROVERS_DECIDE
    ),
    "region:approval_reject": OtherURL(
        method="post",
        kwargs=_new_pending,
        data=lambda world: {"reason": "Ikke en del av en organisasjon."},
        expect=APPROVERS_DECIDE,
    ),
}
