"""Workspace URLs of the contact point itself (team, checklist, settings, registering,
region approvals), for the URL × persona matrix (see __init__)."""

from tests.matrix import MANAGER_EXPECT, OtherURL, StaffURL

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

URLS = {
    "workspace:index": OtherURL(
        expect={**EVERY_SIGNED_IN, "staff_a": 302, "manager_a": 302, "staff_b": 302}
    ),
    "workspace:dashboard": StaffURL(cross_tenant=False),
    "workspace:register": OtherURL(expect=EVERY_SIGNED_IN),
    "workspace:team": StaffURL(cross_tenant=False),
    "workspace:onboarding": StaffURL(cross_tenant=False),
    "workspace:settings": StaffURL(cross_tenant=False, expect=MANAGER_EXPECT),
}
