"""Every page that exists, on a 360 px phone and on a desktop, passes axe (WCAG 2.1 AA)."""

import io
import re
import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible, assert_no_horizontal_scroll
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


@pytest.fixture(params=VIEWPORTS)
def browser_page(request, site):
    site.set_viewport_size(request.param)
    return site


def check(page, what=""):
    assert_accessible(page, what)
    if page.viewport_size["width"] <= PHONE["width"]:
        assert_no_horizontal_scroll(page)


def field(page, label):
    # crispy-forms puts a (visually hidden) asterisk in the label of a required field
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\*?\s*$"))


def heading(page):
    return page.get_by_role("heading", level=1)


def log_in(page, user):
    page.goto("/konto/login/")
    field(page, "E-post").fill(user.email)
    field(page, "Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()


def test_home_with_demo_data_is_accessible(browser_page):
    call_command("seed_demo", stdout=io.StringIO())

    browser_page.goto("/")

    expect(heading(browser_page)).to_have_text("Snakk med andre som vet hvordan det er")
    expect(browser_page.locator(".event-card").first).to_be_visible()
    check(browser_page)


def test_home_without_events_is_accessible(browser_page):
    browser_page.goto("/")

    expect(browser_page.get_by_text("Det er ingen informasjonsmøter")).to_be_visible()
    check(browser_page)


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/konto/login/", "Logg inn"),
        ("/konto/signup/", "Registrer deg"),
        ("/konto/password/reset/", "Tilbakestilling av passord"),
        ("/konto/confirm-email/ugyldig-nokkel/", "Bekreft e-postadresse"),
    ],
)
def test_account_entrance_page_is_accessible(browser_page, path, title):
    response = browser_page.goto(path)

    assert response.ok
    expect(heading(browser_page)).to_have_text(title)
    check(browser_page)


def test_unknown_page_is_friendly_and_accessible(browser_page):
    response = browser_page.goto("/finnes-ikke/")

    assert response.status == 404
    expect(heading(browser_page)).to_have_text("Vi fant ikke siden")
    check(browser_page)


def test_signup_with_errors_is_accessible(browser_page):
    browser_page.goto("/konto/signup/")
    field(browser_page, "E-post").fill("ny@frivilligsentral.no")
    field(browser_page, "Passord").fill("et-langt-passord-123")
    field(browser_page, "Passord (gjenta)").fill("et-annet-passord-123")
    browser_page.get_by_role("button", name="Registrer deg").click()

    summary = browser_page.get_by_role("alert")
    expect(summary).to_contain_text("Rett opp feilen nedenfor")
    expect(field(browser_page, "E-post")).to_have_value("ny@frivilligsentral.no")
    check(browser_page, "(signup with errors)")


def test_signup_verification_and_confirmation_pages_are_accessible(browser_page, mailoutbox):
    browser_page.goto("/konto/signup/")
    field(browser_page, "E-post").fill("ny@frivilligsentral.no")
    field(browser_page, "Passord").fill("et-langt-passord-123")
    field(browser_page, "Passord (gjenta)").fill("et-langt-passord-123")
    browser_page.get_by_role("button", name="Registrer deg").click()

    expect(heading(browser_page)).to_have_text("Bekreft din e-postadresse")
    check(browser_page, "(verification sent)")

    link = re.search(r"http://\S+/konto/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    browser_page.goto(link)
    expect(browser_page.get_by_role("button", name="Bekreft")).to_be_visible()
    check(browser_page, "(confirm email)")

    browser_page.get_by_role("button", name="Bekreft").click()
    expect(browser_page.locator(".site-account__email")).to_have_text("ny@frivilligsentral.no")


def test_password_reset_sent_page_is_accessible(browser_page):
    UserFactory(email="kari@frivilligsentral.no")
    browser_page.goto("/konto/password/reset/")
    field(browser_page, "E-post").fill("kari@frivilligsentral.no")
    browser_page.get_by_role("button", name="Tilbakestill passord").click()

    expect(browser_page).to_have_url(re.compile(r"/konto/password/reset/done/$"))
    check(browser_page, "(reset email sent)")


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/konto/2fa/", "Tofaktorinnlogging"),
        ("/konto/email/", "E-postadresser"),
        ("/konto/password/change/", re.compile("Endre passord", re.I)),
        ("/konto/logout/", "Logg ut"),
    ],
)
def test_account_settings_page_is_accessible(browser_page, path, title):
    log_in(browser_page, UserFactory())

    browser_page.goto(path)

    expect(heading(browser_page)).to_have_text(title)
    check(browser_page)


def test_authenticator_app_activation_pages_are_accessible(browser_page):
    log_in(browser_page, UserFactory())
    browser_page.goto("/konto/2fa/")
    browser_page.get_by_role("link", name="Aktiver").click()

    # allauth asks for the password again before a security setting changes
    expect(heading(browser_page)).to_have_text("Bekreft tilgang")
    check(browser_page, "(confirm access)")
    field(browser_page, "Passord").fill(PASSWORD)
    browser_page.get_by_role("button", name="Bekreft").click()

    expect(heading(browser_page)).to_have_text("Aktiver autentiseringsapp")
    expect(browser_page.locator("img.qr-code")).to_be_visible()
    check(browser_page, "(activate authenticator app)")

    # what the person's authenticator app would show now
    secret = browser_page.locator("#authenticator_secret").input_value()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    field(browser_page, "Autentiseringskode").fill(code)
    browser_page.get_by_role("button", name="Aktiver").click()

    expect(heading(browser_page)).to_have_text("Gjenopprettingskoder")
    expect(browser_page.locator("#recovery_codes")).not_to_be_empty()
    check(browser_page, "(recovery codes)")

    browser_page.goto("/konto/2fa/")
    expect(browser_page.get_by_role("link", name="Deaktiver")).to_be_visible()
    check(browser_page, "(two-factor sign-in on)")


def test_two_factor_sign_in_page_is_accessible(browser_page):
    user = UserFactory()
    TOTP.activate(user, generate_totp_secret())

    log_in(browser_page, user)

    expect(browser_page).to_have_url(re.compile(r"/konto/2fa/authenticate/$"))
    expect(field(browser_page, "Kode")).to_be_visible()
    check(browser_page, "(two-factor sign-in)")
