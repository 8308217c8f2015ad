"""The workspace overview after signing in: reachable, accessible, no sideways scroll."""

import pytest

from tests.browser.axe import assert_accessible, assert_no_horizontal_scroll
from tests.browser.conftest import PHONE
from tests.browser.staff import log_in
from tests.factories import ContactPointFactory, MembershipFactory

pytestmark = pytest.mark.browser


def test_dashboard_after_login_on_phone(site):
    cp = ContactPointFactory(name="Frivilligsentralen i Tromsø", slug="fs-tromso")
    member = MembershipFactory(contact_point=cp)
    site.set_viewport_size(PHONE)
    log_in(site, member.user.email, next_url="/arbeidsflate/")
    assert site.url.endswith("/arbeidsflate/fs-tromso/")
    assert site.locator("h1").inner_text() == "Oversikt" or site.locator("h1").count() == 1
    assert_accessible(site, "workspace overview")
    assert_no_horizontal_scroll(site)
