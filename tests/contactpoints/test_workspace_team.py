"""/arbeidsflate/<cp>/team/: members and roles, invitations by email, leaving; and the
invitation link /arbeidsflate/invitasjon/<token>/."""

import datetime
import hashlib
import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contactpoints.models import Invitation, Membership
from contactpoints.services import (
    invitation_accept,
    invitation_send,
    member_leave,
    member_role_change,
)
from notifications.models import OutboxMessage
from tests.factories import ContactPointFactory, MembershipFactory, UserFactory
from tests.helpers import run_at_once

pytestmark = pytest.mark.django_db

MANAGER = Membership.Role.MANAGER
STAFF = Membership.Role.STAFF


@pytest.fixture
def cp():
    return ContactPointFactory(name="Frivilligsentralen i Tromsø", slug="fs-tromso")


@pytest.fixture
def manager(cp):
    return MembershipFactory(
        contact_point=cp, role=MANAGER, user=UserFactory(full_name="Mona Leder")
    ).user


@pytest.fixture
def staff(cp):
    return MembershipFactory(contact_point=cp, user=UserFactory(full_name="Stian Ansatt")).user


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def url(name, **kwargs):
    return reverse(f"workspace:{name}", kwargs={"cp": "fs-tromso", **kwargs})


def membership_of(user, cp):
    return Membership.objects.get(user=user, contact_point=cp)


def link_token(message):
    return re.search(r"/arbeidsflate/invitasjon/([^/\s]+)/", message.body_text).group(1)


def invite(client, email="ny.kollega@example.no", role=STAFF):
    return client.post(url("team_invite"), {"email": email, "role": role})


# --- The team page ------------------------------------------------------------------------


def test_team_lists_managers_first_with_roles(as_manager, cp, manager, staff):
    other = ContactPointFactory(name="Frisklivssentralen i Alta")
    MembershipFactory(contact_point=other, user=manager)

    response = as_manager.get(url("team"))

    assert response.status_code == 200
    assert [m.user for m in response.context["members"]] == [manager, staff]
    assert response.context["sole_manager_id"] == membership_of(manager, cp).pk
    assert response.context["other_contact_points"] == [other]
    html = response.content.decode()
    assert staff.email in html
    assert f'href="/arbeidsflate/{other.slug}/"' in html
    assert 'action="/arbeidsflate/fs-tromso/team/inviter/"' in html


def test_team_as_staff_shows_no_invitations_nor_invite_form(client, cp, manager, staff):
    invitation_send(contact_point=cp, email="venter@example.no", role=STAFF, invited_by=manager)
    client.force_login(staff)

    response = client.get(url("team"))

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["invitations"] == []
    assert "venter@example.no" not in html
    assert "/team/inviter/" not in html
    assert "/rolle/" not in html
    assert 'href="/arbeidsflate/fs-tromso/team/forlat/"' in html


@pytest.mark.parametrize("count", [1, 3])
def test_team_query_count_does_not_grow(client, cp, manager, count, django_assert_num_queries):
    for n in range(count):
        MembershipFactory(contact_point=cp)
        invitation_send(
            contact_point=cp, email=f"invitert{n}@example.no", role=STAFF, invited_by=manager
        )
    client.force_login(manager)

    # Session, user, the two-factor middleware's region-admin check, contact point, role,
    # members, invitations, the user's other contact points.
    with django_assert_num_queries(8):
        response = client.get(url("team"))
    assert len(response.context["members"]) == count + 1
    assert len(response.context["invitations"]) == count


# --- Inviting -----------------------------------------------------------------------------------


def test_invite_stores_only_a_hash_and_emails_the_link(as_manager, cp, manager, settings):
    settings.INVITATION_DAYS = 3
    before = timezone.now()

    response = invite(as_manager, email="Ny.Kollega@Example.no", role=MANAGER)

    assert response.status_code == 302
    assert response["Location"] == url("team")
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "ny.kollega@example.no",
        MANAGER,
        manager,
    )
    assert before + datetime.timedelta(days=3) <= invitation.expires_at
    assert invitation.expires_at <= timezone.now() + datetime.timedelta(days=3)
    message = OutboxMessage.objects.get(reason="invitation")
    assert message.recipient == "ny.kollega@example.no"
    token = link_token(message)
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash
    assert f"{settings.SITE_URL}/arbeidsflate/invitasjon/{token}/" in message.body_text
    assert cp.name not in message.subject
    page = as_manager.get(url("team"))
    assert "ny.kollega@example.no" in page.content.decode()


def test_invite_a_member_is_refused(as_manager, cp, staff):
    response = invite(as_manager, email=staff.email.upper())

    assert response.status_code == 200
    assert "email" in response.context["invite_form"].errors
    assert Invitation.objects.count() == 0
    assert OutboxMessage.objects.count() == 0
    # What was typed is kept.
    assert f'value="{staff.email.upper()}"' in response.content.decode()


def test_invite_a_member_by_another_verified_address_is_refused(as_manager, cp, staff):
    EmailAddress.objects.create(user=staff, email="stian@privat.no", verified=True, primary=False)

    response = invite(as_manager, email="stian@privat.no")

    assert "email" in response.context["invite_form"].errors
    assert Invitation.objects.count() == 0


def test_invite_an_address_already_invited_is_refused(as_manager, cp):
    invite(as_manager)

    response = invite(as_manager, email="NY.kollega@example.no")

    assert response.status_code == 200
    assert "email" in response.context["invite_form"].errors
    assert Invitation.objects.count() == 1
    assert OutboxMessage.objects.filter(reason="invitation").count() == 1


def test_invite_someone_who_left_is_allowed_again(as_manager, cp, manager):
    invitation, _token = invitation_send(
        contact_point=cp, email="tilbake@example.no", role=STAFF, invited_by=manager
    )
    returning = UserFactory(email="tilbake@example.no")
    invitation_accept(invitation=invitation, user=returning)
    member_leave(contact_point=cp, user=returning)

    response = invite(as_manager, email="tilbake@example.no")

    assert response.status_code == 302
    assert Invitation.objects.filter(email="tilbake@example.no").count() == 2


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"email": "", "role": STAFF}, "email"),
        ({"email": "ikke-en-adresse", "role": STAFF}, "email"),
        ({"email": "a@example.no", "role": "boss"}, "role"),
    ],
)
def test_invite_bad_input_is_refused_on_its_field(as_manager, data, field):
    response = as_manager.post(url("team_invite"), data)

    assert response.status_code == 200
    assert field in response.context["invite_form"].errors
    assert Invitation.objects.count() == 0


def test_invite_as_staff_is_forbidden(client, staff):
    client.force_login(staff)

    response = invite(client)

    assert response.status_code == 403
    assert Invitation.objects.count() == 0


def test_invitation_resend_makes_a_new_link_and_the_old_one_dies(as_manager, cp, manager):
    invitation, old_token = invitation_send(
        contact_point=cp, email="glemsk@example.no", role=STAFF, invited_by=manager
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - datetime.timedelta(days=1)
    )

    response = as_manager.post(url("invitation_resend", pk=invitation.pk))

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=6)
    messages = OutboxMessage.objects.filter(reason="invitation").order_by("pk")
    assert messages.count() == 2
    new_token = link_token(messages.last())
    assert new_token != old_token
    assert as_manager.get(f"/arbeidsflate/invitasjon/{old_token}/").status_code == 404
    assert as_manager.get(f"/arbeidsflate/invitasjon/{new_token}/").context["state"] == (
        "wrong_address"
    )


def test_invitation_revoke_deletes_it_and_the_link_dies(as_manager, cp, manager):
    invitation, token = invitation_send(
        contact_point=cp, email="angret@example.no", role=STAFF, invited_by=manager
    )

    response = as_manager.post(url("invitation_revoke", pk=invitation.pk))

    assert response.status_code == 302
    assert Invitation.objects.count() == 0
    page = as_manager.get(f"/arbeidsflate/invitasjon/{token}/")
    assert page.status_code == 404
    assert page.context["state"] == "invalid"


def test_invitation_accepted_cannot_be_resent_or_revoked(as_manager, cp, manager):
    invitation, _token = invitation_send(
        contact_point=cp, email="med@example.no", role=STAFF, invited_by=manager
    )
    invitation_accept(invitation=invitation, user=UserFactory(email="med@example.no"))

    assert as_manager.post(url("invitation_resend", pk=invitation.pk)).status_code == 404
    assert as_manager.post(url("invitation_revoke", pk=invitation.pk)).status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=False).exists()
    assert OutboxMessage.objects.filter(reason="invitation").count() == 1


def test_invitation_of_another_contact_point_is_404(as_manager, cp):
    other = ContactPointFactory()
    invitation, _token = invitation_send(
        contact_point=other, email="annen@example.no", role=STAFF, invited_by=None
    )

    assert as_manager.post(url("invitation_revoke", pk=invitation.pk)).status_code == 404
    assert Invitation.objects.filter(pk=invitation.pk).exists()


# --- Roles, removing, leaving ----------------------------------------------------------------


def test_member_role_change_promotes_staff(as_manager, cp, staff):
    response = as_manager.post(
        url("member_role", pk=membership_of(staff, cp).pk), {"role": MANAGER}
    )

    assert response.status_code == 302
    assert membership_of(staff, cp).role == MANAGER


def test_member_role_change_of_the_last_manager_is_refused(as_manager, cp, manager, staff):
    response = as_manager.post(
        url("member_role", pk=membership_of(manager, cp).pk), {"role": STAFF}, follow=True
    )

    assert membership_of(manager, cp).role == MANAGER
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_member_role_change_of_a_manager_with_another_manager_is_allowed(
    as_manager, cp, manager, staff
):
    Membership.objects.filter(user=staff).update(role=MANAGER)

    as_manager.post(url("member_role", pk=membership_of(manager, cp).pk), {"role": STAFF})

    assert membership_of(manager, cp).role == STAFF


def test_member_role_change_to_nonsense_is_refused(as_manager, cp, staff):
    as_manager.post(url("member_role", pk=membership_of(staff, cp).pk), {"role": "owner"})

    assert membership_of(staff, cp).role == STAFF


def test_member_remove_asks_first_then_removes(as_manager, cp, staff):
    pk = membership_of(staff, cp).pk

    page = as_manager.get(url("member_remove", pk=pk))
    assert page.status_code == 200
    assert staff.email in page.content.decode()
    assert Membership.objects.filter(pk=pk).exists()

    response = as_manager.post(url("member_remove", pk=pk))

    assert response.status_code == 302
    assert not Membership.objects.filter(pk=pk).exists()


def test_member_remove_of_the_last_manager_is_refused(client, cp, manager, staff):
    # A region admin working on behalf has manager rights, but the rule stands.
    admin = UserFactory()
    cp.municipality.county.region_county.region.admins.add(admin)
    TOTP.activate(admin, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(admin)

    response = client.post(url("member_remove", pk=membership_of(manager, cp).pk), follow=True)

    assert Membership.objects.filter(user=manager, contact_point=cp).exists()
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_member_remove_as_staff_is_forbidden(client, cp, manager, staff):
    client.force_login(staff)

    assert client.post(url("member_remove", pk=membership_of(manager, cp).pk)).status_code == 403
    assert Membership.objects.filter(contact_point=cp).count() == 2


def test_member_of_another_contact_point_is_404(as_manager):
    stranger = MembershipFactory()

    assert as_manager.post(url("member_remove", pk=stranger.pk)).status_code == 404
    assert as_manager.post(url("member_role", pk=stranger.pk), {"role": MANAGER}).status_code == (
        404
    )
    stranger.refresh_from_db()
    assert stranger.role == STAFF


def test_team_leave_as_staff(client, cp, staff):
    client.force_login(staff)

    assert client.get(url("team_leave")).status_code == 200
    response = client.post(url("team_leave"))

    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:index")
    assert not Membership.objects.filter(user=staff, contact_point=cp).exists()
    assert client.get(url("team")).status_code == 404


def test_team_leave_as_the_last_manager_is_refused(as_manager, cp, manager, staff):
    response = as_manager.post(url("team_leave"), follow=True)

    assert membership_of(manager, cp).role == MANAGER
    assert [m.level_tag for m in response.context["messages"]] == ["error"]


def test_team_leave_as_one_of_two_managers(as_manager, cp, manager, staff):
    Membership.objects.filter(user=staff).update(role=MANAGER)

    as_manager.post(url("team_leave"))

    assert not Membership.objects.filter(user=manager, contact_point=cp).exists()


@pytest.mark.django_db(transaction=True)
def test_two_managers_stepping_down_at_once_leave_one(reference_data):
    cp = ContactPointFactory()
    first = MembershipFactory(contact_point=cp, role=MANAGER)
    second = MembershipFactory(contact_point=cp, role=MANAGER)

    def step_down(membership):
        def run():
            try:
                member_role_change(membership=membership, role=STAFF, user=membership.user)
            except ValidationError as error:
                return error.code
            return "done"

        return run

    runs = iter([step_down(first), step_down(second)])
    results = run_at_once(lambda: next(runs)())

    assert sorted(results) == ["done", "last_manager"]
    assert Membership.objects.filter(contact_point=cp, role=MANAGER).count() == 1


# --- Accepting ---------------------------------------------------------------------------------


@pytest.fixture
def invited(cp, manager):
    invitation, token = invitation_send(
        contact_point=cp, email="Ny.Kollega@Example.no", role=STAFF, invited_by=manager
    )
    return invitation, f"/arbeidsflate/invitasjon/{token}/"


def test_accept_anonymous_sees_whom_it_invites_and_where_to_sign_in(client, invited):
    _invitation, link = invited

    response = client.get(link)

    assert response.status_code == 200
    assert response.context["state"] == "sign_in"
    html = response.content.decode()
    assert "ny.kollega@example.no" in html
    assert f'href="/konto/login/?next={link.replace("/", "%2F")}"' in html
    assert f'href="/konto/signup/?next={link.replace("/", "%2F")}"' in html
    assert client.post(link)["Location"].startswith(reverse("account_login"))
    assert Membership.objects.filter(role=STAFF).count() == 0


def test_accept_with_the_invited_address_joins(client, cp, invited):
    invitation, link = invited
    colleague = UserFactory(email="ny.kollega@example.no")
    client.force_login(colleague)

    page = client.get(link)
    assert page.status_code == 200
    assert page.context["state"] == "join"
    assert page["Cache-Control"].startswith("max-age=0")

    response = client.post(link)

    assert response.status_code == 302
    assert response["Location"] == f"/arbeidsflate/{cp.slug}/"
    assert membership_of(colleague, cp).role == STAFF
    invitation.refresh_from_db()
    assert invitation.accepted_by == colleague
    assert invitation.accepted_at is not None
    # The link is used up.
    again = client.get(link)
    assert again.context["state"] == "used"


def test_accept_as_manager_role(client, cp, manager):
    _invitation, token = invitation_send(
        contact_point=cp, email="sjef@example.no", role=MANAGER, invited_by=manager
    )
    boss = UserFactory(email="sjef@example.no")
    client.force_login(boss)

    client.post(f"/arbeidsflate/invitasjon/{token}/")

    assert membership_of(boss, cp).role == MANAGER


def test_accept_with_another_address_is_refused(client, cp, invited):
    _invitation, link = invited
    someone = UserFactory(email="noen.andre@example.no")
    client.force_login(someone)

    page = client.get(link)
    assert page.context["state"] == "wrong_address"
    assert "ny.kollega@example.no" in page.content.decode()

    assert client.post(link).context["state"] == "wrong_address"
    assert not Membership.objects.filter(user=someone).exists()
    assert Invitation.objects.get().accepted_at is None


def test_accept_with_the_address_unverified_is_refused(client, cp, invited):
    _invitation, link = invited
    someone = UserFactory(email="noen@example.no")
    EmailAddress.objects.create(user=someone, email="ny.kollega@example.no", verified=False)
    client.force_login(someone)

    assert client.post(link).context["state"] == "wrong_address"
    assert not Membership.objects.filter(user=someone).exists()


def test_accept_expired_is_refused(client, cp, invited):
    invitation, link = invited
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    colleague = UserFactory(email="ny.kollega@example.no")
    client.force_login(colleague)

    response = client.post(link)

    assert response.context["state"] == "expired"
    assert not Membership.objects.filter(user=colleague).exists()


def test_accept_made_up_token_is_404(client):
    response = client.get("/arbeidsflate/invitasjon/" + "x" * 43 + "/")

    assert response.status_code == 404
    assert response.context["state"] == "invalid"


def test_accept_when_already_in_the_team_changes_nothing(client, cp, invited, staff):
    invitation, _link = invited
    EmailAddress.objects.filter(user=staff).update(email="ny.kollega@example.no")
    client.force_login(staff)

    page = client.get(invited[1])
    assert page.context["state"] == "already_member"

    with pytest.raises(ValidationError) as refused:
        invitation_accept(invitation=invitation, user=staff)
    assert refused.value.code == "already_member"
    assert Membership.objects.filter(user=staff).count() == 1


def test_accept_service_refuses_used_and_withdrawn(cp, invited):
    invitation, _link = invited
    colleague = UserFactory(email="ny.kollega@example.no")
    invitation_accept(invitation=invitation, user=colleague)

    with pytest.raises(ValidationError) as used:
        invitation_accept(invitation=invitation, user=colleague)
    assert used.value.code == "used"

    invitation.delete()
    with pytest.raises(ValidationError) as gone:
        invitation_accept(invitation=invitation, user=colleague)
    assert gone.value.code == "revoked"
