"""Workspace URLs of groups and the starter roster, for the URL × persona matrix."""

from tests.matrix import StaffURL

URLS = {
    "workspace:group_list": StaffURL(cross_tenant=False),
    "workspace:starter_list": StaffURL(cross_tenant=False),
}
