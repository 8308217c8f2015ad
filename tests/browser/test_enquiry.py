"""Sending an enquiry from a group page: by keyboard alone, on a 360 px phone; and every
state of the enquiry form passes axe on a phone and on a desktop."""

import re

import pytest
from playwright.sync_api import expect

from enquiries.models import Enquiry
from notifications.models import OutboxMessage
from tests.browser.axe import assert_accessible, assert_no_horizontal_scroll
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import ContactPointFactory, MembershipFactory, SelfHelpGroupFactory, topic

pytestmark = pytest.mark.browser

FOCUSED = "document.activeElement"
QUICK_EXIT = "a[data-quick-exit]"


@pytest.fixture
def quick_fill(settings):
    """A test types faster than a person; the live server reads the same settings."""
    settings.PUBLIC_FORM_MIN_FILL_SECONDS = 0


@pytest.fixture
def group(reference_data):
    contact_point = ContactPointFactory(
        name="Frivilligsentralen i Bodø", slug="frivilligsentralen-bodo", response_days=3
    )
    MembershipFactory(contact_point=contact_point, user__email="ansatt@fs-bodo.no")
    return SelfHelpGroupFactory(
        contact_point=contact_point,
        title="Sorggruppe i Bodø",
        slug="sorggruppe-bodo",
        topics=[topic("sorg")],
    )


def tab_until(page, selector, limit=40):
    """Press Tab until the element matching ``selector`` has focus; fail after ``limit``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"{FOCUSED}.matches({selector!r})"):
            return
    pytest.fail(f"{selector} not reached after {limit} presses of Tab")


def check(page, what=""):
    assert_accessible(page, what)
    if page.viewport_size["width"] <= PHONE["width"]:
        assert_no_horizontal_scroll(page)


def test_enquiry_from_group_page_by_keyboard_on_phone(site, group, quick_fill):
    site.set_viewport_size(PHONE)
    site.goto(f"/grupper/{group.slug}/")

    tab_until(site, "a[href$='/henvendelse/']")
    site.keyboard.press("Enter")

    expect(site).to_have_url(re.compile(rf"/grupper/{group.slug}/henvendelse/$"))
    expect(site.locator(".enquiry-to")).to_contain_text("Frivilligsentralen i Bodø")
    tab_until(site, "#id_name")
    site.keyboard.type("Solveig")
    # The radio group is one Tab stop; the arrow keys choose within it.
    tab_until(site, "input[name=preferred_channel]", limit=2)
    site.keyboard.press("ArrowDown")
    expect(site.locator("#id_preferred_channel_1")).to_be_checked()
    tab_until(site, "#id_phone", limit=3)
    site.keyboard.type("+47 912 34 567")
    site.keyboard.press("Tab")
    expect(site.locator("#id_preferred_time")).to_be_focused()
    site.keyboard.type("Etter klokka 16")
    site.keyboard.press("Tab")
    site.keyboard.type("Jeg lurer på når gruppen møtes.")
    tab_until(site, "#id_consent", limit=4)
    site.keyboard.press("Space")
    tab_until(site, "main button[type=submit]", limit=2)
    site.keyboard.press("Enter")

    expect(site).to_have_url(re.compile(r"/henvendelse/sendt/$"))
    expect(site.locator("main")).to_contain_text("Frivilligsentralen i Bodø")
    expect(site.locator("main")).to_contain_text("116 123")
    enquiry = Enquiry.objects.get()
    assert enquiry.group == group
    assert enquiry.contact_point == group.contact_point
    assert enquiry.kind == Enquiry.Kind.JOIN_GROUP
    assert enquiry.name == "Solveig"
    assert enquiry.preferred_channel == Enquiry.Channel.PHONE
    assert enquiry.phone == "91234567"
    assert enquiry.email == ""
    assert enquiry.preferred_time == "Etter klokka 16"
    assert enquiry.message == "Jeg lurer på når gruppen møtes."
    assert enquiry.consent_given_at is not None
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == ["ansatt@fs-bodo.no"]


def test_enquiry_sent_empty_shows_summary_by_keyboard(site, group, quick_fill):
    site.set_viewport_size(PHONE)
    site.goto(f"/grupper/{group.slug}/henvendelse/")

    tab_until(site, "main button[type=submit]")
    site.keyboard.press("Enter")

    summary = site.locator(".form-error-summary")
    expect(summary).to_be_visible()
    expect(summary.locator("a[href='#id_name']")).to_be_visible()
    expect(summary.locator("a[href='#id_email']")).to_be_visible()
    expect(summary.locator("a[href='#id_consent']")).to_be_visible()
    # A link in the summary takes the keyboard to the field.
    tab_until(site, ".form-error-summary a[href='#id_name']")
    site.keyboard.press("Enter")
    expect(site).to_have_url(re.compile(r"#id_name$"))
    assert not Enquiry.objects.exists()
    check(site, "with errors")


def test_enquiry_quick_exit_leaves_no_way_back(site, group):
    site.goto("/")
    site.goto(f"/grupper/{group.slug}/henvendelse/")
    # The real target is another site, which these tests never contact: point the link
    # at another page of the portal to see what the script does with the history.
    site.locator(QUICK_EXIT).evaluate("link => { link.href = '/arrangementer/'; }")

    site.locator(QUICK_EXIT).click()
    expect(site).to_have_url(re.compile(r"/arrangementer/$"))
    site.go_back()

    expect(site).to_have_url(re.compile(r"/$"))
    assert "/henvendelse/" not in site.url


def test_enquiry_quick_exit_first_link_after_skip_link(site, group):
    site.set_viewport_size(PHONE)
    site.goto(f"/grupper/{group.slug}/henvendelse/")

    site.keyboard.press("Tab")
    expect(site.locator(".skip-link")).to_be_focused()
    site.keyboard.press("Tab")

    quick_exit = site.locator(QUICK_EXIT)
    expect(quick_exit).to_be_focused()
    expect(quick_exit).to_be_visible()
    expect(quick_exit).to_have_attribute("href", "https://www.yr.no/")
    expect(quick_exit).to_have_attribute("rel", "noreferrer")


VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_enquiry_form_states_accessible(site, group, quick_fill, viewport):
    site.set_viewport_size(viewport)

    site.goto(f"/grupper/{group.slug}/henvendelse/")
    check(site, "group form, empty")

    site.get_by_role("button", name=re.compile("Send")).click()
    expect(site.locator(".form-error-summary")).to_be_visible()
    check(site, "group form, with errors")

    site.locator("#id_name").fill("Kari")
    site.locator("#id_email").fill("kari@example.no")
    site.locator("#id_consent").check()
    site.get_by_role("button", name=re.compile("Send")).click()
    expect(site).to_have_url(re.compile(r"/henvendelse/sendt/$"))
    check(site, "receipt")
    assert Enquiry.objects.get().name == "Kari"

    site.goto(f"/kontaktpunkter/{group.contact_point.slug}/henvendelse/?type=start")
    expect(site.locator("#id_topic")).to_be_visible()
    check(site, "contact point form, start a group")

    site.goto("/henvendelse/sendt/")
    check(site, "receipt without an enquiry")
