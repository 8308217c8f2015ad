"""A keyboard alone gets a person past the header and through the sign-in form."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser

FOCUSED = "document.activeElement"


def focus_outline(page):
    return page.evaluate(f"getComputedStyle({FOCUSED}).outlineStyle")


def tab_until(page, selector, limit=15):
    """Press Tab until the element matching `selector` has focus; fail after `limit`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"{FOCUSED}.matches({selector!r})"):
            return
    pytest.fail(f"{selector} not reached after {limit} presses of Tab")


def test_skip_link_is_first_and_moves_focus_to_main(site):
    site.set_viewport_size(PHONE)
    site.goto("/")

    site.keyboard.press("Tab")

    skip_link = site.get_by_role("link", name="Hopp til hovedinnholdet")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    assert focus_outline(site) != "none"

    site.keyboard.press("Enter")

    expect(site.locator("main#main")).to_be_focused()


def test_login_form_works_by_keyboard_alone(site):
    user = UserFactory(email="kari@frivilligsentral.no")
    site.goto("/konto/login/")

    tab_until(site, "#id_login")
    assert focus_outline(site) != "none"
    site.keyboard.type(user.email)
    site.keyboard.press("Tab")
    expect(site.locator("#id_password")).to_be_focused()
    site.keyboard.type(PASSWORD)
    tab_until(site, "button[type=submit]", limit=4)
    assert focus_outline(site) != "none"
    site.keyboard.press("Enter")

    # Signed in, staff land in the workspace (here: none yet, so the list of theirs).
    expect(site).to_have_url(site.url.split("/konto/")[0] + "/arbeidsflate/")
    expect(site.locator(".site-account__email")).to_have_text("kari@frivilligsentral.no")
