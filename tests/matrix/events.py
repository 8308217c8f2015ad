"""Workspace URLs of events and registrations, for the URL × persona matrix."""

from tests.matrix import StaffURL

URLS = {
    "workspace:event_list": StaffURL(cross_tenant=False),
}
