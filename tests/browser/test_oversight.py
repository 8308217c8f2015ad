"""The region dashboard in a browser: a region admin signs in with two-factor, and the
dashboard, the report and the starter pool pass axe at 360 and 1280 px, empty and
filled, without sideways scrolling; every chart's figures are reached by keyboard."""

import base64
import hashlib
import hmac
import struct
import time

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from regions.models import Region
from tests.browser.axe import assert_accessible, assert_no_horizontal_scroll
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.staff import log_in
from tests.factories import UserFactory
from tests.regions.oversight_world import NOW, build

pytestmark = pytest.mark.browser

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
FOCUSED = "document.activeElement"


def totp_code(secret):
    """The code an authenticator app shows now (RFC 6238)."""
    digest = hmac.new(
        base64.b32decode(secret), struct.pack(">Q", int(time.time()) // 30), hashlib.sha1
    ).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def sign_in_region_admin(page, slug, next_url):
    user = UserFactory()
    Region.objects.get(slug=slug).admins.add(user)
    TOTP.activate(user, SECRET)
    log_in(page, user.email, next_url=next_url)
    page.locator("input[name=code]").fill(totp_code(SECRET))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    return user


def check_both_widths(page, url, what):
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(url)
        assert_accessible(page, f"{what} at {viewport['width']} px")
        if viewport is PHONE:
            assert_no_horizontal_scroll(page)


def open_every_disclosure(page):
    for summary in page.locator("details > summary").all():
        summary.click()


@pytest.fixture
def world(site):
    with time_machine.travel(NOW, tick=False):
        return build()


def test_oversight_dashboard_report_and_pool_filled(site, world):
    sign_in_region_admin(site, "ost", "/region/")
    assert site.url.endswith("/region/")
    expect(site.locator("h1")).to_have_count(1)

    check_both_widths(site, "/region/", "dashboard")
    open_every_disclosure(site)
    expect(site.locator("#table-grupper-tema")).to_be_visible()
    assert_accessible(site, "dashboard with every chart's table open")
    site.set_viewport_size(PHONE)
    assert_no_horizontal_scroll(site)

    check_both_widths(site, "/region/rapport/", "report")
    expect(site.locator("#table-utvikling")).to_be_visible()
    check_both_widths(site, "/region/igangsettere/", "starter pool")
    expect(site.locator("#table-pool tbody tr")).to_have_count(3)


def test_oversight_dashboard_report_and_pool_empty(site):
    sign_in_region_admin(site, "nord", "/region/")
    for url, what in (
        ("/region/", "empty dashboard"),
        ("/region/rapport/", "empty report"),
        ("/region/igangsettere/", "empty starter pool"),
    ):
        check_both_widths(site, url, what)


def test_oversight_other_region_is_not_found(site, world):
    sign_in_region_admin(site, "ost", "/region/")
    response = site.goto(f"/region/{Region.objects.get(slug='vest').pk}/")
    assert response.status == 404


def test_oversight_chart_figures_reached_by_keyboard(site, world):
    sign_in_region_admin(site, "ost", "/region/")
    site.set_viewport_size(DESKTOP)
    site.goto("/region/")
    table = site.locator("#table-grupper-tema")
    expect(table).to_be_hidden()
    summary = "details:has(#table-grupper-tema) > summary"
    for _ in range(200):
        site.keyboard.press("Tab")
        if site.evaluate(f"{FOCUSED}.matches({summary!r})"):
            break
    else:
        pytest.fail("the topic chart's table is not reached by Tab")
    assert site.evaluate(f"getComputedStyle({FOCUSED}).outlineStyle") != "none"
    site.keyboard.press("Enter")
    expect(table).to_be_visible()
    # What a screen reader reads: a captioned table with row and column headers.
    expect(table.locator("caption")).not_to_be_empty()
    expect(table.locator("thead th[scope=col]")).to_have_count(2)
    assert table.locator("tbody th[scope=row]").count() > 10
    # The chart is one named image; its drawing is not read out piece by piece.
    chart = site.locator("svg[aria-labelledby^='chart-topics-title']")
    expect(chart).to_have_attribute("role", "img")
