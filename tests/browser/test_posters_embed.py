"""Posters and the embeddable list in Chromium: accessible, frameable, one A4 sheet."""

import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from playwright.sync_api import expect

from tests.api.data import make_public_data
from tests.browser.axe import assert_accessible, assert_no_horizontal_scroll
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import EventFactory, SelfHelpGroupFactory, topic

pytestmark = pytest.mark.browser

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
LONG_TEXT = " ".join(["Vi snakker sammen om hvordan hverdagen kjennes, i eget tempo."] * 12)


@pytest.fixture
def data(site):
    return make_public_data()


@pytest.fixture(params=VIEWPORTS)
def browser_page(request, site):
    site.set_viewport_size(request.param)
    return site


def check(page, what=""):
    assert_accessible(page, what)
    if page.viewport_size["width"] <= PHONE["width"]:
        assert_no_horizontal_scroll(page)


def pdf_pages(page):
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_embedded_list_is_accessible(browser_page, data):
    browser_page.goto("/innbygging/gamle-oslo/")

    expect(browser_page.get_by_role("heading", level=1)).to_contain_text("Gamle Oslo")
    expect(
        browser_page.get_by_role("link", name=re.compile("Samtalegruppe om angst"))
    ).to_be_visible()
    check(browser_page)


def test_embedded_list_without_groups_is_accessible(browser_page, data):
    browser_page.goto("/innbygging/gamle-oslo/?tema=kreft")

    check(browser_page, "(a topic with no groups)")


@pytest.fixture
def other_site(live_server):
    """A page on another origin (127.0.0.1, not localhost) that frames the embedded list.

    A real server, not a Playwright-fulfilled page: Chromium's local network access
    checks refuse a loopback frame in a page of unknown address.
    """
    html = (
        '<!doctype html><html lang="nb"><title>Hva skjer i kommunen</title>'
        f'<iframe src="{live_server.url}/innbygging/gamle-oslo/" title="Selvhjelp" '
        'width="360" height="600"></iframe></html>'
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(html)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hva-skjer/"
    server.shutdown()
    server.server_close()


def test_embedded_list_shows_inside_another_sites_page(site, data, other_site):
    # Let this one page through the guard against requests to other sites.
    site.route(other_site, lambda route: route.continue_())

    site.goto(other_site)

    frame = site.frame_locator("iframe")
    link = frame.get_by_role("link", name=re.compile("Samtalegruppe om angst"))
    expect(link).to_be_visible()
    expect(link).to_have_attribute("target", "_blank")


@pytest.mark.parametrize(
    "path",
    [
        "/grupper/angst-gamle-oslo/plakat/",
        "/arrangementer/infomote-gamle-oslo/plakat/",
        "/kontaktpunkter/gamle-oslo/plakat/",
    ],
)
def test_poster_is_accessible(browser_page, data, path):
    browser_page.goto(path)

    expect(browser_page.locator(".poster__qr-code")).to_be_visible()
    check(browser_page)


def test_api_docs_page_is_accessible(browser_page):
    browser_page.goto("/api/v1/docs")

    expect(browser_page.get_by_role("heading", level=1)).to_be_visible()
    check(browser_page)


def test_full_posters_print_on_one_a4_sheet_without_the_site_around_them(site, data):
    contact_point = data["contact_point"]
    contact_point.description = LONG_TEXT
    contact_point.opening_hours = "Mandag til fredag 09.00–15.00, torsdag også 17.00–19.00"
    contact_point.address = "Tøyengata 51, 0578 Oslo"
    contact_point.save()
    group = data["group"]
    group.title = "Samtalegruppe for deg som er pårørende til noen med langvarig sykdom"
    group.description = LONG_TEXT
    group.save()
    group.topics.add(topic("parorende"), topic("kronisk-sykdom"))
    for n in range(6):
        SelfHelpGroupFactory(
            contact_point=contact_point, title=f"En gruppe med et ganske langt navn nr. {n}"
        )
    for _ in range(3):
        EventFactory(contact_point=contact_point, description=LONG_TEXT)

    for path in (
        f"/grupper/{group.slug}/plakat/",
        "/arrangementer/infomote-gamle-oslo/plakat/",
        "/kontaktpunkter/gamle-oslo/plakat/",
    ):
        site.goto(path)
        site.emulate_media(media="print")
        expect(site.locator(".site-header")).to_be_hidden()
        expect(site.locator(".site-footer")).to_be_hidden()
        expect(site.locator(".poster-toolbar")).to_be_hidden()
        expect(site.locator(".poster__qr-code")).to_be_visible()
        assert pdf_pages(site) == 1, path
        site.emulate_media(media="screen")
