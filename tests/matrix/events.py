"""Workspace URLs of events and registrations, for the URL × persona matrix."""

import uuid

from events.models import Registration
from tests.factories import RegistrationFactory
from tests.matrix import StaffURL


def _event(world):
    return {"pk": world["a"]["event"].pk}


def _draft(world):
    return {"pk": world["a"]["hidden_event"].pk}


def _registration(world):
    return {**_event(world), "registration_pk": world["a"]["registration"].pk}


def _waiting(world):
    """Someone on A's waiting list, whom an outsider's POST must not move up."""
    waiting = RegistrationFactory(
        event=world["a"]["event"],
        name="Hemmelig-Deltaker",
        email="hemmelig.deltaker+venter@example.no",
        status=Registration.Status.WAITING,
    )
    return {**_event(world), "registration_pk": waiting.pk}


def _message(world):
    return {"text": "Hei alle sammen", "key": str(uuid.uuid4()), "include_waiting": "on"}


URLS = {
    "workspace:event_list": StaffURL(cross_tenant=False),
    "workspace:event_create": StaffURL(cross_tenant=False),
    "workspace:event_detail": StaffURL(kwargs=_event),
    "workspace:event_edit": StaffURL(kwargs=_draft),
    "workspace:event_cancel": StaffURL(kwargs=_event, method="post"),
    "workspace:event_message": StaffURL(kwargs=_event, method="post", data=_message),
    "workspace:event_registrations_csv": StaffURL(kwargs=_event),
    "workspace:registration_promote": StaffURL(kwargs=_waiting, method="post"),
    "workspace:registration_cancel": StaffURL(kwargs=_registration, method="post"),
}
