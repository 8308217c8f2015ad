"""Workspace URLs of the enquiry inbox and interest, for the URL × persona matrix."""

from tests.matrix import StaffURL

URLS = {
    "workspace:enquiry_list": StaffURL(cross_tenant=False),
    "workspace:interest": StaffURL(cross_tenant=False),
}
