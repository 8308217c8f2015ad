"""Staff URLs for the URL × persona matrix (tests/test_url_matrix.py).

Each part of the workspace lists its URLs in its own module here (``team``, ``groups``,
``events``, ``inbox``) as ``URLS = {name: StaffURL(...)}``. The matrix collects them
all; a named URL that is in none of them (nor among the public ones) fails the test.

The world the matrix builds (``world`` in tests/test_url_matrix.py) has contact point
A (slug ``a``, Oslo, region "ost") with everything that could leak, and contact point
B (slug ``b``, Bergen, region "vest") with its own secrets. ``kwargs(world)`` gives the
URL's arguments besides ``cp``; it may create what it needs.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

# Who may open a contact point's workspace page, and what the others get.
MEMBER_EXPECT = {
    "anonymous": 302,  # to the login page
    "resident": 404,
    "staff_a": 200,
    "manager_a": 200,
    "staff_b": 404,
    "region_admin_a": 200,  # on behalf of A: A is in their region
    "region_admin_other": 404,
    "superuser": 200,
}
MANAGER_EXPECT = {**MEMBER_EXPECT, "staff_a": 403}


def _no_kwargs(world):
    return {}


def _no_data(world):
    return {}


@dataclass(frozen=True)
class StaffURL:
    """A workspace URL of contact point A.

    ``method``: "get" pages are opened by every persona and must answer as ``expect``
    says. "post" actions are sent only by the personas that must be refused (every
    persona whose ``expect`` is not 2xx/3xx), who must get their status and change
    nothing the page would show; the allowed effect is tested in the part's own tests.
    ``cross_tenant``: the kwargs name an object of A, so B's staff asking for it under
    B's own slug (/arbeidsflate/b/…/<A's id>/) must get a 404 too.
    """

    kwargs: Callable = _no_kwargs
    method: str = "get"
    data: Callable = _no_data
    expect: dict = field(default_factory=lambda: dict(MEMBER_EXPECT))
    cross_tenant: bool = True
    # GET answers that are not HTML (CSV exports) or redirect by design.
    ok_statuses: tuple = (200,)


@dataclass(frozen=True)
class OtherURL:
    """A URL that is not under a contact point's slug: /arbeidsflate/ itself, the
    registration form, an invitation link, the region pages. ``expect`` maps every
    persona to the status of a GET (or of a POST when ``method`` is "post")."""

    expect: dict
    kwargs: Callable = _no_kwargs
    method: str = "get"
    data: Callable = _no_data
    # Secrets of A the page may show to these personas (e.g. a pending contact point's
    # name to the admins who approve it).
    may_show: dict = field(default_factory=dict)


def collect():
    from tests.matrix import events, groups, inbox, oversight, team

    staff, other = {}, {}
    for module in (team, groups, events, inbox, oversight):
        for name, entry in module.URLS.items():
            assert name not in staff, f"{name} listed twice"
            assert name not in other, f"{name} listed twice"
            (staff if isinstance(entry, StaffURL) else other)[name] = entry
    return staff, other
