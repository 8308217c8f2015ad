"""Finding a group by postcode, by keyboard on a phone, and axe on every page of the search,
the group and contact point pages and the text pages."""

import re

import pytest
from playwright.sync_api import expect

from groups.models import SelfHelpGroup
from tests.browser.axe import assert_accessible, assert_no_horizontal_scroll
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import EventFactory, topic
from tests.groups.factories import BODO, OSLO, contact_point_in, group_in

pytestmark = pytest.mark.browser

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
FOCUSED = "document.activeElement"


def tab_until(page, selector, limit=40):
    """Press Tab until the element matching `selector` has focus; fail after `limit`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"{FOCUSED}.matches({selector!r})"):
            assert page.evaluate(f"getComputedStyle({FOCUSED}).outlineStyle") != "none"
            return
    pytest.fail(f"{selector} not reached after {limit} presses of Tab")


def check(page, what=""):
    assert_accessible(page, what)
    if page.viewport_size["width"] <= PHONE["width"]:
        assert_no_horizontal_scroll(page)


@pytest.fixture
def groups(reference_data):
    bodo = contact_point_in(
        BODO,
        name="Frivilligsentralen i Bodø",
        slug="frivilligsentralen-i-bodo",
        description="Vi hjelper deg å finne eller starte en selvhjelpsgruppe.",
        phone="75 50 01 10",
        address="Storgata 10, 8006 Bodø",
        opening_hours="Mandag–torsdag 09–15",
        partners="Mental Helse Bodø",
    )
    EventFactory(contact_point=bodo, title="Informasjonsmøte om selvhjelp", slug="infomote")
    return {
        "bodø": group_in(
            BODO,
            contact_point=bodo,
            title="Pårørendegruppa i Bodø",
            slug="parorendegruppa-i-bodo",
            description="For deg som står nær noen som er syk.",
            topics=[topic("parorende")],
            weekday=1,
            venue_name="Stormen bibliotek",
            show_venue_publicly=True,
        ),
        "video": group_in(
            OSLO,
            title="Sorggruppe på video",
            format=SelfHelpGroup.Format.VIDEO,
            topics=[topic("sorg")],
        ),
        "oslo": group_in(OSLO, title="Samtalegruppe i Oslo"),
    }


def test_find_group_by_postcode_and_reach_get_in_touch_by_keyboard(site, groups):
    site.set_viewport_size(PHONE)
    site.goto("/")

    tab_until(site, "#home-search-input")
    site.keyboard.type("8006")
    site.keyboard.press("Enter")

    expect(site).to_have_url(re.compile(r"/grupper/\?sted=8006$"))
    results = site.locator(".group-card__title")
    expect(results).to_have_count(2)
    expect(results.first).to_have_text("Pårørendegruppa i Bodø")
    expect(results.nth(1)).to_have_text("Sorggruppe på video")
    expect(site.get_by_text("Samtalegruppe i Oslo")).to_have_count(0)
    check(site, "(results by postcode)")

    tab_until(site, 'a[href="/grupper/parorendegruppa-i-bodo/"]')
    site.keyboard.press("Enter")

    expect(site).to_have_url(re.compile(r"/grupper/parorendegruppa-i-bodo/$"))
    expect(site.get_by_role("heading", level=1)).to_have_text("Pårørendegruppa i Bodø")
    expect(site.get_by_text("Stormen bibliotek")).to_be_visible()

    tab_until(site, 'a[href$="/henvendelse/"]')
    focused_href = site.evaluate(f"{FOCUSED}.getAttribute('href')")
    assert focused_href == "/grupper/parorendegruppa-i-bodo/henvendelse/"
    assert site.evaluate(f"{FOCUSED}.offsetWidth") > 0
    assert_no_horizontal_scroll(site)


@pytest.fixture(params=VIEWPORTS)
def browser_page(request, site):
    site.set_viewport_size(request.param)
    return site


@pytest.mark.parametrize(
    ("path", "what"),
    [
        ("/grupper/", "(all groups)"),
        ("/grupper/?sted=Bod%C3%B8&naer=on", "(results near Bodø)"),
        ("/grupper/?sted=Vard%C3%B8&tema=kreft", "(empty state)"),
        ("/grupper/?sted=Atlantis&ukedag=99&tema=finnes-ikke", "(errors)"),
        ("/grupper/parorendegruppa-i-bodo/", "(group page)"),
        ("/kontaktpunkter/", "(directory)"),
        ("/kontaktpunkter/?sted=finnes+ikke", "(directory, empty)"),
        ("/kontaktpunkter/?fylke=99", "(directory, error)"),
        ("/kontaktpunkter/frivilligsentralen-i-bodo/", "(contact point page)"),
        ("/om-selvhjelp/", "(about)"),
        ("/personvern/", "(privacy)"),
        ("/tilgjengelighet/", "(accessibility statement)"),
    ],
)
def test_find_group_page_is_accessible(browser_page, groups, path, what):
    response = browser_page.goto(path)

    assert response.ok
    expect(browser_page.get_by_role("heading", level=1)).to_be_visible()
    check(browser_page, what)


def test_find_group_empty_state_offers_interest(browser_page, groups):
    browser_page.goto("/grupper/?sted=Vard%C3%B8&tema=kreft&format=in_person")

    expect(browser_page.locator(".group-card")).to_have_count(0)
    link = browser_page.locator('.empty-state a[href^="/interesse/"]')
    expect(link).to_have_attribute("href", "/interesse/?tema=kreft&kommune=5634")


def test_find_group_error_keeps_input_and_links_to_field(browser_page, groups):
    browser_page.goto("/grupper/?sted=Atlantis&ukedag=99")

    summary = browser_page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(browser_page.locator("#id_sted")).to_have_value("Atlantis")
    expect(browser_page.locator("#id_sted")).to_have_attribute("aria-invalid", "true")
    summary.locator('a[href="#id_ukedag"]').click()
    expect(browser_page.locator("#id_ukedag")).to_be_focused()
