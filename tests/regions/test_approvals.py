"""/region/godkjenninger/: region and national admins approve or turn down new contact
points; the applicant is told either way."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from contactpoints.models import ContactPoint, ContactPointStatusChange, Membership
from contactpoints.services import contact_point_approve, contact_point_reject
from notifications.models import OutboxMessage
from regions.models import Region
from tests.factories import ContactPointFactory, MembershipFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db

LIST = "/region/godkjenninger/"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def admin_of(slug):
    admin = UserFactory()
    Region.objects.get(slug=slug).admins.add(admin)
    TOTP.activate(admin, SECRET)
    return admin


@pytest.fixture
def applicant():
    return UserFactory(full_name="Siri Søker", email="siri@example.no")


@pytest.fixture
def pending(applicant):
    cp = ContactPointFactory(
        name="Ventende i Oslo",
        slug="ventende-oslo",
        status=ContactPoint.Status.PENDING,
        created_by=applicant,
        partners="NAV",
    )
    MembershipFactory(contact_point=cp, user=applicant, role=Membership.Role.MANAGER)
    return cp


@pytest.fixture
def ost_admin(client):
    admin = admin_of("ost")
    client.force_login(admin)
    return admin


def detail(cp):
    return reverse("region:approval_detail", kwargs={"slug": cp.slug})


def approve(cp):
    return reverse("region:approval_approve", kwargs={"slug": cp.slug})


def reject(cp):
    return reverse("region:approval_reject", kwargs={"slug": cp.slug})


def error_messages(response):
    return [m.message for m in response.context["messages"] if m.level_tag == "error"]


# --- The list ------------------------------------------------------------------------------


def test_approvals_region_admin_sees_only_pending_of_their_region(client, ost_admin, pending):
    ContactPointFactory(name="Godkjent i Oslo")
    ContactPointFactory(
        name="Ventende i Bergen",
        status=ContactPoint.Status.PENDING,
        municipality=municipality("4601"),
    )
    akershus = ContactPointFactory(
        name="Ventende i Asker",
        status=ContactPoint.Status.PENDING,
        municipality=municipality("3203"),
    )

    response = client.get(LIST)

    assert response.status_code == 200
    assert [cp.name for cp in response.context["contact_points"]] == [
        "Ventende i Oslo",
        "Ventende i Asker",
    ]
    assert response.context["national"] is False
    html = response.content.decode()
    assert f'href="{detail(pending)}"' in html
    assert f'href="{detail(akershus)}"' in html
    assert "Bergen" not in html
    # Progress of getting started: the responsible person and the partners.
    assert response.context["contact_points"][0].onboarding_done == 2


def test_approvals_national_admin_sees_every_region(client, pending):
    bergen = ContactPointFactory(
        name="Ventende i Bergen",
        status=ContactPoint.Status.PENDING,
        municipality=municipality("4601"),
    )
    superuser = UserFactory(is_superuser=True, is_staff=True)
    TOTP.activate(superuser, SECRET)
    client.force_login(superuser)

    response = client.get(LIST)

    listed = {cp.slug: cp.region_name for cp in response.context["contact_points"]}
    assert listed == {pending.slug: "Region Øst (Oslo)", bergen.slug: "Region Vest (Bergen)"}
    assert "Region Vest (Bergen)" in response.content.decode()


def test_approvals_is_empty_for_another_regions_admin(client, pending):
    client.force_login(admin_of("vest"))

    response = client.get(LIST)

    assert response.status_code == 200
    assert response.context["contact_points"] == []
    assert pending.name not in response.content.decode()


def test_approvals_refused_to_staff_and_anonymous(client, pending):
    assert client.get(LIST)["Location"].startswith(reverse("account_login"))
    client.force_login(MembershipFactory(role=Membership.Role.MANAGER).user)

    response = client.get(LIST)

    assert response.status_code == 403
    assert pending.name not in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_approvals_query_count_does_not_grow(client, ost_admin, count, django_assert_num_queries):
    for n in range(count):
        cp = ContactPointFactory(status=ContactPoint.Status.PENDING, created_by=UserFactory())
        ContactPointFactory(status=ContactPoint.Status.PENDING, municipality=municipality("4601"))
        if n:
            cp.partners = "NAV"
            cp.save()

    # Session, user, the two-factor middleware's two checks, "is an approver", the list.
    with django_assert_num_queries(6):
        response = client.get(LIST)
    assert len(response.context["contact_points"]) == count


# --- One contact point ---------------------------------------------------------------------------


def test_approval_detail_shows_what_was_registered(client, ost_admin, pending):
    response = client.get(detail(pending))

    assert response.status_code == 200
    html = response.content.decode()
    for shown in (
        pending.name,
        pending.email,
        "Kari Nordmann, daglig leder",
        "NAV",
        "siri@example.no",
    ):
        assert shown in html
    assert f'action="{approve(pending)}"' in html
    assert f'action="{reject(pending)}"' in html


def test_approval_detail_of_another_region_is_404(client, pending):
    client.force_login(admin_of("vest"))

    assert client.get(detail(pending)).status_code == 404


def test_approval_detail_for_staff_is_404(client, pending, applicant):
    client.force_login(applicant)

    assert client.get(detail(pending)).status_code == 404


def test_approval_detail_of_a_decided_contact_point_is_404(client, ost_admin):
    approved = ContactPointFactory()

    assert client.get(detail(approved)).status_code == 404


# --- Deciding -----------------------------------------------------------------------------------


def test_approve_publishes_and_tells_the_applicant(client, ost_admin, pending, applicant):
    response = client.post(approve(pending))

    assert response.status_code == 302
    assert response["Location"] == LIST
    pending.refresh_from_db()
    assert pending.status == ContactPoint.Status.APPROVED
    assert pending.status_changed_at is not None
    change = ContactPointStatusChange.objects.get(contact_point=pending)
    assert (change.from_status, change.to_status, change.changed_by, change.reason) == (
        "pending",
        "approved",
        ost_admin,
        "",
    )
    message = OutboxMessage.objects.get()
    assert (message.recipient, message.reason) == ("siri@example.no", "contact_point_approved")
    assert f"/kontaktpunkter/{pending.slug}/" in message.body_text
    # Public now, in the directory and on its page.
    client.logout()
    assert client.get(f"/kontaktpunkter/{pending.slug}/").status_code == 200
    assert pending.name in client.get("/kontaktpunkter/").content.decode()


def test_approve_twice_is_refused(client, ost_admin, pending):
    client.post(approve(pending))
    superuser = UserFactory(is_superuser=True, is_staff=True)
    TOTP.activate(superuser, SECRET)
    client.force_login(superuser)

    response = client.post(approve(pending), follow=True)

    assert len(error_messages(response)) == 1
    assert ContactPointStatusChange.objects.filter(contact_point=pending).count() == 1
    assert OutboxMessage.objects.count() == 1


def test_reject_with_a_reason_tells_the_applicant_why(client, ost_admin, pending):
    reason = "Kontaktpunktet må være del av en organisasjon. Ta kontakt, så hjelper vi."

    response = client.post(reject(pending), {"reason": f"  {reason}  "})

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == ContactPoint.Status.REJECTED
    assert pending.status_changed_at is not None
    change = ContactPointStatusChange.objects.get(contact_point=pending)
    assert (change.to_status, change.reason, change.changed_by) == ("rejected", reason, ost_admin)
    message = OutboxMessage.objects.get()
    assert (message.recipient, message.reason) == ("siri@example.no", "contact_point_rejected")
    assert reason in message.body_text
    assert reason not in message.subject
    assert client.get(f"/kontaktpunkter/{pending.slug}/").status_code == 404


@pytest.mark.parametrize("reason", ["", "   "])
def test_reject_without_a_reason_is_refused(client, ost_admin, pending, reason):
    response = client.post(reject(pending), {"reason": reason})

    assert response.status_code == 200
    assert "reason" in response.context["reject_form"].errors
    pending.refresh_from_db()
    assert pending.status == ContactPoint.Status.PENDING
    assert ContactPointStatusChange.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def test_reject_after_approval_is_refused(client, ost_admin, pending):
    client.post(approve(pending))

    response = client.post(reject(pending), {"reason": "For sent"}, follow=True)

    assert len(error_messages(response)) == 1
    pending.refresh_from_db()
    assert pending.status == ContactPoint.Status.APPROVED
    assert ContactPointStatusChange.objects.count() == 1


def test_decide_by_another_regions_admin_is_404(client, pending):
    client.force_login(admin_of("vest"))

    assert client.post(approve(pending)).status_code == 404
    assert client.post(reject(pending), {"reason": "Nei"}).status_code == 404
    pending.refresh_from_db()
    assert pending.status == ContactPoint.Status.PENDING
    assert OutboxMessage.objects.count() == 0


def test_decide_by_its_own_manager_is_404(client, pending, applicant):
    client.force_login(applicant)

    assert client.post(approve(pending)).status_code == 404
    pending.refresh_from_db()
    assert pending.status == ContactPoint.Status.PENDING


def test_decision_goes_to_the_managers_when_the_applicant_is_gone(pending, applicant):
    applicant.is_active = False
    applicant.save()
    other_manager = MembershipFactory(contact_point=pending, role=Membership.Role.MANAGER).user
    MembershipFactory(contact_point=pending, role=Membership.Role.STAFF)
    superuser = UserFactory(is_superuser=True)

    contact_point_approve(contact_point=pending, user=superuser)

    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == [other_manager.email]


def test_decide_service_refuses_someone_who_may_not(pending):
    with pytest.raises(PermissionDenied):
        contact_point_approve(contact_point=pending, user=UserFactory())
    with pytest.raises(PermissionDenied):
        contact_point_reject(contact_point=pending, user=admin_of("vest"), reason="Nei")
    pending.refresh_from_db()
    assert pending.status == ContactPoint.Status.PENDING


def test_reject_service_refuses_a_decided_one(pending):
    superuser = UserFactory(is_superuser=True)
    contact_point_reject(contact_point=pending, user=superuser, reason="Nei")

    with pytest.raises(ValidationError) as refused:
        contact_point_reject(contact_point=pending, user=superuser, reason="Nei igjen")
    assert refused.value.code == "already_decided"
