"""A person registers their contact point; an admin of the region, signing in with a
two-factor code, approves it; it shows in the public directory and the applicant is
told by email.

Selectors are names, ids and URLs rather than visible text, so the test holds whichever
language the catalogue has reached; the database is what it asserts. Every page of the
journey is checked with axe, on a 360 px phone and on a desktop.
"""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from contactpoints.models import (
    ContactPoint,
    ContactPointStatusChange,
    Membership,
    OnboardingStep,
    OrganisationType,
)
from notifications.models import OutboxMessage
from regions.models import Region
from tests.browser.axe import assert_accessible, assert_no_horizontal_scroll
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.staff import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def check(page, what):
    assert page.locator("h1").count() == 1, what
    assert_accessible(page, what)
    if page.viewport_size["width"] <= PHONE["width"]:
        assert_no_horizontal_scroll(page)


def submit(page, form_selector):
    page.locator(f"{form_selector} button[type=submit]").first.click()
    page.wait_for_load_state()


def log_out(page):
    page.locator("form[action='/konto/logout/'] button[type=submit]").first.click()
    page.wait_for_load_state()


def two_factor_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_register_contact_point_and_region_admin_approves(site, viewport):
    applicant = UserFactory(full_name="Siri Søker", email="siri@bodo.kommune.no")
    admin = UserFactory(full_name="Nina Nord", email="nina@selvhjelp.example")
    Region.objects.get(slug="nord").admins.add(admin)
    TOTP.activate(admin, SECRET)
    site.set_viewport_size(viewport)

    # From the workspace's front door to the registration form.
    log_in(site, applicant.email, next_url="/arbeidsflate/")
    site.locator("a[href='/arbeidsflate/nytt-kontaktpunkt/']").first.click()
    site.wait_for_load_state()
    assert site.url.endswith("/arbeidsflate/nytt-kontaktpunkt/")
    check(site, "register, empty")

    # First without a way for residents to reach it: refused, nothing lost.
    site.locator("#id_name").fill("Frivilligsentralen i Bodø")
    site.locator("#id_organisation").fill("Bodø kommune")
    site.locator("#id_organisation_type").select_option(
        str(OrganisationType.objects.get(code="frivilligsentral").pk)
    )
    site.locator("#id_municipality").select_option("1804")
    site.locator("#id_responsible_person").fill("Siri Søker, daglig leder")
    site.locator("#id_partners").fill("Legekontoret\nBiblioteket")
    site.locator("#id_description").fill("Vi hjelper deg å finne eller starte en gruppe.")
    submit(site, "form.cp-register__form")
    assert ContactPoint.objects.count() == 0
    assert site.locator(".form-error-summary").is_visible()
    assert site.locator("#id_email").get_attribute("aria-invalid") == "true"
    assert site.locator("#id_name").input_value() == "Frivilligsentralen i Bodø"
    assert site.locator("#id_municipality").input_value() == "1804"
    check(site, "register, with errors")

    site.locator("#id_email").fill("frivilligsentralen@bodo.kommune.no")
    site.locator("#id_phone").fill("755 55 555")
    submit(site, "form.cp-register__form")

    cp = ContactPoint.objects.get()
    assert (cp.name, cp.slug, cp.status) == (
        "Frivilligsentralen i Bodø",
        "frivilligsentralen-i-bodo",
        ContactPoint.Status.PENDING,
    )
    assert (cp.municipality_id, cp.phone, cp.created_by) == ("1804", "75555555", applicant)
    assert cp.memberships.get().user == applicant
    assert cp.memberships.get().role == Membership.Role.MANAGER
    assert site.url.endswith("/arbeidsflate/frivilligsentralen-i-bodo/")
    assert site.locator(".workspace-bar__status").is_visible()
    assert site.locator(".alert-success").is_visible()
    check(site, "the new contact point's overview")
    assert set(OutboxMessage.objects.values_list("recipient", "reason")) == {
        (applicant.email, "contact_point_received"),
        (admin.email, "contact_point_pending"),
    }

    # While waiting: the team, the checklist and the settings work, and say it is not public.
    workspace = "/arbeidsflate/frivilligsentralen-i-bodo"
    site.goto(f"{workspace}/team/")
    assert site.locator(".cp-status-banner").is_visible()
    check(site, "team of one")
    site.goto(f"{workspace}/kom-i-gang/")
    assert site.locator("#step-partners.onboarding-step--done").count() == 1
    check(site, "checklist, new")
    site.locator("#id_anchoring-note").fill("Med i kommunens plan for frivillighet")
    submit(site, "#step-anchoring form")
    assert OnboardingStep.objects.get(contact_point=cp).step == "anchoring"
    assert site.locator("#step-anchoring.onboarding-step--done").count() == 1
    check(site, "checklist, one step ticked")
    site.goto(f"{workspace}/innstillinger/")
    check(site, "settings")
    site.locator("#id_response_days").fill("0")
    submit(site, "form[method=post]:has(#id_response_days)")
    assert site.locator("#id_response_days").get_attribute("aria-invalid") == "true"
    check(site, "settings, with errors")
    cp.refresh_from_db()
    assert cp.response_days == 3
    log_out(site)

    # The region's admin signs in with a code and finds it waiting.
    log_in(site, admin.email, next_url="/region/godkjenninger/")
    assert "/konto/2fa/authenticate/" in site.url
    site.locator("input[name=code]").fill(two_factor_code(SECRET))
    site.locator("main form button[type=submit]").first.click()
    site.wait_for_load_state()
    assert site.url.endswith("/region/godkjenninger/")
    check(site, "approvals, one waiting")
    site.locator("a[href='/region/godkjenninger/frivilligsentralen-i-bodo/']").click()
    site.wait_for_load_state()
    check(site, "approval detail")

    # Turning it down needs a reason; a blank one is refused on the field.
    site.locator("#id_reason").fill("   ")
    submit(site, "form.approval-decision__reject")
    assert site.locator("#id_reason").get_attribute("aria-invalid") == "true"
    check(site, "approval detail, reject without a reason")
    cp.refresh_from_db()
    assert cp.status == ContactPoint.Status.PENDING

    submit(site, "form.approval-decision__approve")
    assert site.url.endswith("/region/godkjenninger/")
    assert site.locator(".alert-success").is_visible()
    check(site, "approvals, none waiting")

    cp.refresh_from_db()
    assert cp.status == ContactPoint.Status.APPROVED
    assert cp.status_changed_at is not None
    assert ContactPointStatusChange.objects.filter(
        contact_point=cp, to_status="approved", changed_by=admin
    ).exists()
    told = OutboxMessage.objects.get(reason="contact_point_approved")
    assert told.recipient == applicant.email
    assert "/kontaktpunkter/frivilligsentralen-i-bodo/" in told.body_text

    # Public now.
    log_out(site)
    site.goto("/kontaktpunkter/")
    assert site.locator("a[href='/kontaktpunkter/frivilligsentralen-i-bodo/']").count() >= 1
    site.goto("/kontaktpunkter/frivilligsentralen-i-bodo/")
    assert site.locator("h1").inner_text() == "Frivilligsentralen i Bodø"
