"""Workspace URLs of the enquiry inbox, its access log and interest by topic, for the
URL × persona matrix (see __init__)."""

from tests.matrix import MANAGER_EXPECT, StaffURL


def _enquiry(world):
    return {"pk": world["a"]["enquiry"].pk}


def _version(world):
    return world["a"]["enquiry"].version


URLS = {
    "workspace:enquiry_list": StaffURL(cross_tenant=False),
    "workspace:enquiry_detail": StaffURL(kwargs=_enquiry),
    "workspace:enquiry_status": StaffURL(
        kwargs=_enquiry,
        method="post",
        data=lambda world: {"status-to_status": "in_progress", "status-version": _version(world)},
    ),
    "workspace:enquiry_assign": StaffURL(
        kwargs=_enquiry,
        method="post",
        data=lambda world: {
            "assign-assigned_to": world["people"]["staff_a"].pk,
            "assign-version": _version(world),
        },
    ),
    "workspace:enquiry_note": StaffURL(
        kwargs=_enquiry,
        method="post",
        data=lambda world: {
            "note-body": "Ringte, fikk ikke svar.",
            "note-version": _version(world),
        },
    ),
    "workspace:enquiry_group": StaffURL(
        kwargs=_enquiry,
        method="post",
        # Unlinking: the enquiry has A's group.
        data=lambda world: {"group-group": "", "group-version": _version(world)},
    ),
    "workspace:access_log": StaffURL(cross_tenant=False, expect=MANAGER_EXPECT),
    "workspace:interest": StaffURL(cross_tenant=False),
}
