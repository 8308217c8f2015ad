"""Registering for an event on a phone, by keyboard; cancelling; the waiting list moving up.

Selectors are field ids and element roles rather than visible text, so the tests hold
whichever language the catalogue has reached; the database is what they assert.
"""

import re

import pytest
from playwright.sync_api import expect

from events.models import Registration
from notifications.models import OutboxMessage
from tests.browser.axe import assert_accessible, assert_no_horizontal_scroll
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.browser

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
FOCUSED = "document.activeElement"


@pytest.fixture
def quick_forms(settings):
    """People in a test type fast; the minimum fill time would refuse them."""
    settings.PUBLIC_FORM_MIN_FILL_SECONDS = 0


@pytest.fixture(params=VIEWPORTS)
def browser_page(request, site, quick_forms):
    site.set_viewport_size(request.param)
    return site


def check(page, what=""):
    assert_accessible(page, what)
    if page.viewport_size["width"] <= PHONE["width"]:
        assert_no_horizontal_scroll(page)


def tab_until(page, selector, limit=40):
    """Press Tab until the element matching ``selector`` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"{FOCUSED}.matches({selector!r})"):
            return
    pytest.fail(f"{selector} not reached after {limit} presses of Tab")


def register_by_keyboard(page, *, name, email):
    tab_until(page, "#id_name")
    page.keyboard.type(name)
    page.keyboard.press("Tab")
    expect(page.locator("#id_email")).to_be_focused()
    page.keyboard.type(email)
    tab_until(page, "#id_consent", limit=4)
    page.keyboard.press("Space")
    expect(page.locator("#id_consent")).to_be_checked()
    tab_until(page, ".event-register button[type=submit]", limit=4)
    page.keyboard.press("Enter")


def test_event_registration_waiting_list_and_cancel_by_keyboard(site, quick_forms):
    site.set_viewport_size(PHONE)
    event = EventFactory(title="Informasjonsmøte på biblioteket", capacity=1)

    # Person A takes the only place.
    site.goto(f"/arrangementer/{event.slug}/")
    register_by_keyboard(site, name="Anna", email="anna@example.no")

    expect(site).to_have_url(re.compile(rf"/arrangementer/{event.slug}/pameldt/$"))
    expect(site.get_by_role("heading", level=1)).to_be_visible()
    anna = Registration.objects.get(email="anna@example.no")
    assert anna.status == Registration.Status.CONFIRMED
    assert_no_horizontal_scroll(site)

    # Person B, on another phone, finds the event full and joins the waiting list.
    site.context.clear_cookies()
    site.goto(f"/arrangementer/{event.slug}/")
    expect(site.locator(".event-register")).to_contain_text(re.compile("venteliste|waiting list"))
    register_by_keyboard(site, name="Bjørn", email="bjorn@example.no")

    expect(site).to_have_url(re.compile(rf"/arrangementer/{event.slug}/pameldt/$"))
    bjorn = Registration.objects.get(email="bjorn@example.no")
    assert bjorn.status == Registration.Status.WAITING

    # A cannot come after all, and follows the link in the confirmation email.
    confirmation = OutboxMessage.objects.get(key=f"registration-confirmed:{anna.pk}")
    cancel_url = re.search(r"https?://\S+/arrangementer/avmelding/\S+/", confirmation.body_text)
    site.context.clear_cookies()
    site.goto(cancel_url.group(0))

    # Opening the link changes nothing; pressing the button does.
    anna.refresh_from_db()
    assert anna.status == Registration.Status.CONFIRMED
    tab_until(site, "main button[type=submit]")
    site.keyboard.press("Enter")

    expect(site.locator("main h1")).to_be_visible()
    expect(site.locator("main form")).to_have_count(0)
    anna.refresh_from_db()
    bjorn.refresh_from_db()
    assert anna.status == Registration.Status.CANCELLED
    assert bjorn.status == Registration.Status.CONFIRMED
    moved_up = OutboxMessage.objects.get(reason="registration_moved_up")
    assert moved_up.key == f"registration-moved-up:{bjorn.pk}"
    assert moved_up.recipient == "bjorn@example.no"


def test_event_list_empty_is_accessible(browser_page):
    browser_page.goto("/arrangementer/")

    expect(browser_page.locator(".empty-state")).to_be_visible()
    check(browser_page, "(no events)")


def test_event_list_with_events_is_accessible(browser_page):
    EventFactory(title="Informasjonsmøte på biblioteket", venue_address="Storgata 1")
    full = EventFactory(title="Fullt møte", capacity=1)
    RegistrationFactory(event=full)
    EventFactory(title="Digitalt møte", is_online=True, municipality=None, capacity=None)

    browser_page.goto("/arrangementer/")

    expect(browser_page.locator(".event-item")).to_have_count(3)
    check(browser_page, "(with events)")

    browser_page.goto("/arrangementer/?sted=Atlantis&type=feil")
    check(browser_page, "(unknown place, bad kind)")


def test_event_detail_form_and_errors_are_accessible(browser_page):
    event = EventFactory(
        title="Informasjonsmøte",
        description="Kom og hør om selvhjelpsgrupper.\n\nKaffe og noe å bite i.",
    )
    browser_page.goto(f"/arrangementer/{event.slug}/")
    check(browser_page, "(form)")

    browser_page.locator(".event-register button[type=submit]").click()

    expect(browser_page.locator(".form-error-summary")).to_be_visible()
    expect(browser_page.locator("#id_name")).to_have_attribute("aria-invalid", "true")
    check(browser_page, "(form with errors)")
    assert not Registration.objects.exists()


def test_event_detail_full_and_cancelled_are_accessible(browser_page):
    full = EventFactory(capacity=1)
    RegistrationFactory(event=full)
    cancelled = EventFactory(status="cancelled")

    browser_page.goto(f"/arrangementer/{full.slug}/")
    check(browser_page, "(full, waiting list)")

    browser_page.goto(f"/arrangementer/{cancelled.slug}/")
    expect(browser_page.locator(".event-notice")).to_be_visible()
    check(browser_page, "(cancelled event)")


def test_registration_success_and_cancel_pages_are_accessible(browser_page):
    event = EventFactory(capacity=1)
    browser_page.goto(f"/arrangementer/{event.slug}/")
    browser_page.locator("#id_name").fill("Anna")
    browser_page.locator("#id_phone").fill("412 34 567")
    browser_page.locator("#id_email").fill("")
    browser_page.locator("#id_consent").check()
    browser_page.locator(".event-register button[type=submit]").click()

    expect(browser_page.locator(".event-cancel-link")).to_be_visible()
    check(browser_page, "(registered, phone only)")

    # Another person, on the waiting list.
    browser_page.context.clear_cookies()
    browser_page.goto(f"/arrangementer/{event.slug}/")
    browser_page.locator("#id_name").fill("Bjørn")
    browser_page.locator("#id_email").fill("bjorn@example.no")
    browser_page.locator("#id_consent").check()
    browser_page.locator(".event-register button[type=submit]").click()
    expect(browser_page).to_have_url(re.compile("/pameldt/$"))
    check(browser_page, "(waiting list)")

    anna = Registration.objects.get(name="Anna")
    browser_page.goto(f"/arrangementer/avmelding/{anna.token}/")
    check(browser_page, "(cancel confirmation)")

    browser_page.locator("main button[type=submit]").click()
    expect(browser_page.locator("main form")).to_have_count(0)
    check(browser_page, "(cancelled)")

    response = browser_page.goto(f"/arrangementer/avmelding/{anna.token}/")
    assert response.status == 404
    check(browser_page, "(used link)")
