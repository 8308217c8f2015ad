"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every page a test opens is checked for three things besides what the test asserts: no
request leaves the portal's own origin, the Content Security Policy refuses nothing
(so no inline script or style slipped in), and nothing is logged as a JavaScript error.
"""

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls that
# factories make from that thread are still plain synchronous code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM} "
            "(apt-get install chromium); it is missing."
        )
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs in page.goto() go to the live server.

    Defining it here also replaces pytest-playwright's fallback fixture, a method on a
    plugin class that pytest 9 warns about (and warnings are errors in this suite).
    """
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A browser set to English: the portal still shows bokmål until the person chooses.
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/Oslo"}


@pytest.fixture
def site(live_server, reference_data, context, page):
    """The page, with the checks described above.

    `reference_data` (tests/conftest.py) puts back the counties, municipalities and
    topics that each transactional test's flush removes.
    """
    origin = live_server.url
    foreign = []
    problems = []

    def guard(route):
        url = route.request.url
        if url.startswith(origin + "/") or url == origin or url.startswith("data:"):
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    def on_console(message):
        if message.type == "error":
            problems.append(message.text)

    context.route(re.compile(".*"), guard)
    page.set_default_timeout(10_000)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))

    yield page

    assert foreign == [], f"requests to other sites: {foreign}"
    # A 404 page is expected to log its own status; anything else is a fault.
    problems = [p for p in problems if "status of 404" not in p]
    assert problems == [], f"errors in the browser console: {problems}"
