"""Registering interest by postcode, by keyboard alone on a phone; every state of the form
passes axe on a phone and on a desktop."""

import re

import pytest
from playwright.sync_api import expect

from enquiries.models import InterestRegistration
from tests.browser.axe import assert_accessible, assert_no_horizontal_scroll
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import municipality, topic

pytestmark = pytest.mark.browser

FOCUSED = "document.activeElement"


@pytest.fixture
def quick_fill(settings):
    settings.PUBLIC_FORM_MIN_FILL_SECONDS = 0


def tab_until(page, selector, limit=40):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"{FOCUSED}.matches({selector!r})"):
            return
    pytest.fail(f"{selector} not reached after {limit} presses of Tab")


def check(page, what=""):
    assert_accessible(page, what)
    if page.viewport_size["width"] <= PHONE["width"]:
        assert_no_horizontal_scroll(page)


def test_interest_by_postcode_by_keyboard_on_phone(site, quick_fill):
    site.set_viewport_size(PHONE)
    site.goto("/interesse/")

    tab_until(site, "#id_topic")
    # Typing on a focused select picks the option that starts so.
    site.keyboard.type("Sorg")
    expect(site.locator("#id_topic")).to_have_value(str(topic("sorg").pk))
    site.keyboard.press("Tab")
    expect(site.locator("#id_place")).to_be_focused()
    site.keyboard.type("8006")
    tab_until(site, "main button[type=submit]")
    site.keyboard.press("Enter")

    expect(site).to_have_url(re.compile(r"/interesse/takk/$"))
    registration = InterestRegistration.objects.get()
    assert registration.topic == topic("sorg")
    assert registration.municipality == municipality("1804")
    assert (registration.email, registration.phone) == ("", "")


def test_interest_prefilled_from_search_keeps_contact(site, quick_fill):
    site.set_viewport_size(PHONE)
    site.goto("/interesse/?tema=angst&kommune=1804")

    expect(site.locator("#id_place")).to_have_value("Bodø")
    tab_until(site, "#id_email")
    site.keyboard.type("kari@example.no")
    tab_until(site, "#id_consent", limit=3)
    site.keyboard.press("Space")
    tab_until(site, "main button[type=submit]", limit=3)
    site.keyboard.press("Enter")

    expect(site).to_have_url(re.compile(r"/interesse/takk/$"))
    registration = InterestRegistration.objects.get()
    assert registration.topic == topic("angst")
    assert registration.municipality == municipality("1804")
    assert registration.email == "kari@example.no"


VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_interest_form_states_accessible(site, quick_fill, viewport):
    site.set_viewport_size(viewport)

    site.goto("/interesse/")
    check(site, "empty")

    site.locator("#id_place").fill("Herøy")
    site.locator("#id_email").fill("kari(at)example")
    site.get_by_role("button", name=re.compile("interest|interesse", re.I)).click()
    expect(site.locator(".form-error-summary")).to_be_visible()
    expect(site.locator("#id_place")).to_have_value("Herøy")
    check(site, "with errors")
    assert not InterestRegistration.objects.exists()

    site.locator("#id_topic").select_option(str(topic("sorg").pk))
    site.locator("#id_place").fill("Bodø")
    site.locator("#id_email").fill("")
    site.get_by_role("button", name=re.compile("interest|interesse", re.I)).click()
    expect(site).to_have_url(re.compile(r"/interesse/takk/$"))
    check(site, "success")
    assert InterestRegistration.objects.count() == 1
