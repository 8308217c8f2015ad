"""The national admin (Django admin) opens every model's list and form."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib import admin
from django.urls import reverse

from tests.factories import (
    ContactPointFactory,
    EnquiryFactory,
    EventFactory,
    GroupMeetingFactory,
    InterestRegistrationFactory,
    MembershipFactory,
    RegistrationFactory,
    StarterAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MODELS = [f"{model._meta.app_label}.{model._meta.model_name}" for model in admin.site._registry]


RESIDENT_WRITTEN = {
    "enquiries.enquiry",
    "enquiries.interestregistration",
    "notifications.outboxmessage",
    "notifications.retentionrun",
    "events.eventmessage",
}


@pytest.fixture
def national_admin_client(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(superuser, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(superuser)
    return client


@pytest.fixture
def some_of_everything():
    membership = MembershipFactory()
    StarterAssignmentFactory(
        meeting=GroupMeetingFactory(group__contact_point=ContactPointFactory())
    )
    RegistrationFactory(event=EventFactory(contact_point=membership.contact_point))
    EnquiryFactory(contact_point=membership.contact_point, message="Jeg sliter med angst.")
    InterestRegistrationFactory()


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelist_and_forms_open(national_admin_client, some_of_everything, model):
    app_label, model_name = model.split(".")
    model_admin = next(ma for m, ma in admin.site._registry.items() if m._meta.label_lower == model)
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
    assert national_admin_client.get(changelist).status_code == 200

    add = national_admin_client.get(reverse(f"admin:{app_label}_{model_name}_add"))
    # Enquiries and interest come from residents, messages from the portal and the
    # workspace; nobody adds them by hand.
    assert add.status_code == (403 if model in RESIDENT_WRITTEN else 200)

    obj = model_admin.model._default_manager.first()
    if obj is not None:
        change = reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk])
        assert national_admin_client.get(change).status_code == 200


def test_admin_enquiry_shows_no_content(national_admin_client, some_of_everything):
    enquiry = EnquiryFactory(message="Jeg sliter med angst.", name="Ola")
    response = national_admin_client.get(
        reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])
    )
    html = response.content.decode()
    assert "Jeg sliter med angst" not in html
    assert enquiry.email not in html


def test_admin_status_change_of_a_contact_point_is_recorded(national_admin_client):
    from django.forms.models import model_to_dict

    from contactpoints.models import ContactPointStatusChange

    cp = ContactPointFactory()
    data = {
        key: ("" if value is None else value)
        for key, value in model_to_dict(cp).items()
        if key not in ("id", "members")
    }
    data.update(
        {
            "status": "suspended",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        }
    )
    response = national_admin_client.post(
        reverse("admin:contactpoints_contactpoint_change", args=[cp.pk]), data
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    [change] = ContactPointStatusChange.objects.filter(contact_point=cp)
    assert (change.from_status, change.to_status) == ("approved", "suspended")
    assert change.changed_by.is_superuser
    cp.refresh_from_db()
    assert cp.status == "suspended"
    assert cp.status_changed_at is not None
