"""A manager invites a colleague by email; the colleague, who has no account yet, opens
the link, signs up (verifying the address, as allauth requires), comes back to the
invitation and joins the team. And the team's other pages: removing, leaving, and
what an invitation link says when it cannot be used.

Selectors are names, ids and URLs rather than visible text, so the test holds whichever
language the catalogue has reached; the database is what it asserts. Every page of the
journey is checked with axe, on a 360 px phone and on a desktop.
"""

import re

import pytest
from django.core import mail
from django.utils import timezone

from contactpoints.models import Invitation, Membership
from contactpoints.services import invitation_send
from notifications.models import OutboxMessage
from tests.browser.axe import assert_accessible, assert_no_horizontal_scroll
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.staff import log_in
from tests.factories import ContactPointFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.browser

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
NEW_PASSWORD = "et-langt-nytt-passord-42"


def check(page, what):
    assert page.locator("h1").count() == 1, what
    assert_accessible(page, what)
    if page.viewport_size["width"] <= PHONE["width"]:
        assert_no_horizontal_scroll(page)


def click(page, selector):
    page.locator(selector).first.click()
    page.wait_for_load_state()


def log_out(page):
    click(page, "form[action='/konto/logout/'] button[type=submit]")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_manager_invites_a_colleague_who_signs_up_and_joins(site, viewport):
    cp = ContactPointFactory(name="Frivilligsentralen i Tromsø", slug="fs-tromso")
    manager = MembershipFactory(
        contact_point=cp, role=Membership.Role.MANAGER, user=UserFactory(full_name="Mona Leder")
    ).user
    staff = MembershipFactory(contact_point=cp, user=UserFactory(full_name="Stian Ansatt")).user
    other = ContactPointFactory(name="Frisklivssentralen i Alta", slug="fl-alta")
    MembershipFactory(contact_point=other, user=manager)
    team_url = "/arbeidsflate/fs-tromso/team/"
    site.set_viewport_size(viewport)

    log_in(site, manager.email, next_url=team_url)
    assert site.url.endswith(team_url)
    # The other contact point is one click away.
    assert site.locator(".team-switch a[href='/arbeidsflate/fl-alta/']").count() == 1
    check(site, "team, no invitations")

    # Inviting someone already in the team is refused, and says so on the field.
    site.locator("#id_email").fill(staff.email)
    click(site, ".team-invite button[type=submit]")
    assert site.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert site.locator("#id_email").input_value() == staff.email
    assert Invitation.objects.count() == 0
    check(site, "team, invitation refused")

    site.locator("#id_email").fill("Kari.Kollega@Example.no")
    site.locator("#id_role").select_option("staff")
    click(site, ".team-invite button[type=submit]")
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "kari.kollega@example.no",
        "staff",
        manager,
    )
    assert site.url.endswith(team_url)
    assert site.locator(f"#invitation-{invitation.pk}").is_visible()
    check(site, "team, one invitation waiting")

    message = OutboxMessage.objects.get(reason="invitation")
    assert message.recipient == "kari.kollega@example.no"
    link = re.search(r"/arbeidsflate/invitasjon/[^/\s]+/", message.body_text).group(0)
    log_out(site)

    # The colleague opens the link: what it is, and how to go on.
    site.goto(link)
    check(site, "invitation, signed out")
    click(site, "main a[href^='/konto/signup/']")
    site.locator("input[name=email]").fill("kari.kollega@example.no")
    site.locator("input[name=password1]").fill(NEW_PASSWORD)
    site.locator("input[name=password2]").fill(NEW_PASSWORD)
    click(site, "main form button[type=submit]")
    assert site.url.endswith("/konto/confirm-email/")

    # allauth's verification email (not the outbox: allauth sends it itself).
    confirm = re.search(r"https?://[^/\s]+(/konto/confirm-email/\S+/)", mail.outbox[-1].body)
    site.goto(confirm.group(1))
    click(site, "main form button[type=submit]")

    # Signed in and back at the invitation, which now offers to join.
    assert site.url.endswith(link)
    check(site, "invitation, ready to join")
    assert Membership.objects.filter(user__email="kari.kollega@example.no").count() == 0
    click(site, "main form[method=post] button[type=submit]")

    colleague = Membership.objects.get(user__email="kari.kollega@example.no")
    assert (colleague.contact_point, colleague.role) == (cp, Membership.Role.STAFF)
    invitation.refresh_from_db()
    assert invitation.accepted_by == colleague.user
    assert invitation.accepted_at is not None
    assert site.url.endswith("/arbeidsflate/fs-tromso/")

    # The colleague sees the team, with herself in it and no invitations to manage.
    site.goto(team_url)
    assert site.locator(f"#member-{colleague.pk}").is_visible()
    assert site.locator(".team-invite").count() == 0
    check(site, "team, as the new colleague")

    # The link is used up.
    site.goto(link)
    check(site, "invitation, used")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_team_removing_leaving_and_what_an_invitation_link_says(site, viewport):
    cp = ContactPointFactory(name="Frivilligsentralen i Tromsø", slug="fs-tromso")
    manager = MembershipFactory(contact_point=cp, role=Membership.Role.MANAGER).user
    staff = MembershipFactory(contact_point=cp, user=UserFactory(full_name="Stian Ansatt"))
    team_url = "/arbeidsflate/fs-tromso/team/"
    expired, expired_token = invitation_send(
        contact_point=cp, email="sen@example.no", role="staff", invited_by=manager
    )
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    _open, open_token = invitation_send(
        contact_point=cp, email="annen@example.no", role="manager", invited_by=manager
    )
    site.set_viewport_size(viewport)
    log_in(site, manager.email, next_url=team_url)
    assert site.locator(f"#invitation-{expired.pk}.needs-attention").count() == 1
    check(site, "team, an expired invitation")

    # Removing a colleague: asked first.
    click(site, f"a[href='{team_url}medlemmer/{staff.pk}/fjern/']")
    check(site, "remove a member, asked first")
    click(site, "main form[method=post] button[type=submit]")
    assert not Membership.objects.filter(pk=staff.pk).exists()
    assert site.url.endswith(team_url)

    # The only manager cannot leave: told why.
    site.goto(f"{team_url}forlat/")
    check(site, "leave, asked first")
    click(site, "main form[method=post] button[type=submit]")
    assert Membership.objects.filter(user=manager, contact_point=cp).exists()
    assert site.locator(".alert-danger").is_visible()
    check(site, "team, leaving refused")

    # Links: expired, made up, for someone else, for someone in the team already.
    site.goto(f"/arbeidsflate/invitasjon/{expired_token}/")
    check(site, "invitation, expired")
    site.goto("/arbeidsflate/invitasjon/" + "x" * 43 + "/")
    check(site, "invitation, no such link")
    site.goto(f"/arbeidsflate/invitasjon/{open_token}/")
    assert site.locator("main form[action='/konto/logout/']").count() == 1
    check(site, "invitation, signed in with another address")
    Invitation.objects.filter(pk=_open.pk).update(email=manager.email)
    site.goto(f"/arbeidsflate/invitasjon/{open_token}/")
    assert site.locator("main a[href='/arbeidsflate/fs-tromso/']").count() == 1
    check(site, "invitation, already in the team")
    assert Membership.objects.filter(contact_point=cp).count() == 1
