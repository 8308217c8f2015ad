"""Every named URL × every persona: what each may see, and that nothing leaks.

Each URL of the project must be classified below, or in ``tests/matrix/`` for the
staff workspace; a new URL that is not fails ``test_every_url_is_classified``. For
every URL and persona the test first creates data that could leak (an enquiry, a
registration, a starter, an interest registration, unpublished groups and events, and
all of that again in a second contact point) and then asserts that none of it shows
where it must not: A's secrets nowhere public and nowhere for outsiders, B's secrets
nowhere in A's workspace.
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from contactpoints.models import (
    ContactPoint,
    ContactPointStatusChange,
    Invitation,
    Membership,
    OnboardingStep,
    Starter,
)
from enquiries.models import Enquiry, EnquiryAccess, EnquiryNote, EnquiryStatusChange
from events.models import Event, Registration
from groups.models import (
    GroupMeeting,
    GroupStatusChange,
    SelfHelpGroup,
    StarterAssignment,
)
from notifications.digests import unsubscribe_token
from notifications.models import OutboxMessage
from regions.models import Region
from tests import matrix
from tests.factories import (
    ContactPointFactory,
    EnquiryFactory,
    EventFactory,
    GroupMeetingFactory,
    InterestRegistrationFactory,
    MembershipFactory,
    RegistrationFactory,
    SelfHelpGroupFactory,
    StarterAssignmentFactory,
    StarterFactory,
    UserFactory,
    municipality,
    topic,
)

SECRETS = [
    "Hemmelig-Henvender",  # an enquirer's alias
    "hemmelig.henvender@example.no",
    "Jeg har aldri fortalt dette til noen",  # an enquiry's message
    "Hemmelig-Deltaker",  # an event registrant
    "hemmelig.deltaker@example.no",
    "Hemmelig-Igangsetter",  # a starter
    "hemmelig.igangsetter@example.no",
    "interesse.hemmelig@example.no",  # an interest registration's contact
    "Upublisert-Gruppe",  # a paused group's title
    "Utkast-Arrangement",  # a draft event's title
    "Ventende-Kontaktpunkt",  # a pending contact point
    "https://møte.example/hemmelig-lenke",  # an online event's meeting link
]
# Contact point B's own data: never on a page of A's workspace, whoever looks.
B_SECRETS = [
    "B-Henvender-Hemmelig",
    "b.henvender@example.no",
    "Bs melding som ingen i A skal se",
    "B-Igangsetter-Hemmelig",
    "B-Gruppe-Intern",
    "B-Arrangement-Intern",
    "B-Deltaker-Hemmelig",
]

PERSONAS = [
    "anonymous",
    "resident",
    "staff_a",
    "manager_a",
    "staff_b",
    "region_admin_a",
    "region_admin_other",
    "superuser",
]

# Public pages: every persona sees the published object (200) and nobody sees an
# unpublished one (404) — staff work on their own drafts in the workspace, not here.
PUBLIC_OBJECT_URLS = {
    "groups:detail": "group",
    "enquiries:group": "group",
    "posters:group": "group",
    "contactpoints:detail": "contact_point",
    "enquiries:contact_point": "contact_point",
    "posters:contact_point": "contact_point",
    "posters:embed": "contact_point",
    "events:contact_point_feed": "contact_point",
    "events:detail": "event",
    "events:ical": "event",
    "posters:event": "event",
    "api:group": "group",
    "api:contact_point": "contact_point",
    "api:event": "event",
}
PUBLIC_URLS = {
    "home",
    "health",
    "pages:about",
    "pages:privacy",
    "pages:accessibility",
    "groups:list",
    "contactpoints:list",
    "events:list",
    "events:feed",
    "enquiries:receipt",
    "enquiries:interest",
    "enquiries:interest_done",
    "api:docs",
    "api:openapi-json",
    "api:api-root",
    "api:groups",
    "api:contact_points",
    "api:events",
    "api:topics",
    "api:municipalities",
}
# The page after registering: with the registration in the session it thanks the
# person; without, it leads back to the event page.
SESSION_OBJECT_URLS = {"events:registered": "event"}
# Secret links from messages: the token is the key, whoever holds it. Each gives the
# token of a thing in the world below.
TOKEN_URLS = {
    "events:cancel": lambda world: world["registration"].token,
    "starters:respond": lambda world: world["assignment"].token,
    "notifications:unsubscribe": lambda world: unsubscribe_token(world["people"]["staff_a"]),
}
# What a token page may show to its holder; everything else in SECRETS stays hidden.
TOKEN_PAGE_OWN_DATA = {
    "events:cancel": {"Hemmelig-Deltaker", "hemmelig.deltaker@example.no"},
    "starters:respond": {"Hemmelig-Igangsetter", "hemmelig.igangsetter@example.no"},
    "notifications:unsubscribe": set(),
}
# allauth's pages (tested in tests/accounts) and Django's language switch (POST only).
ACCOUNT_URL_PREFIXES = ("account_", "mfa_")
ACTION_URLS = {"set_language"}


def all_url_names():
    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name

    return sorted(set(walk(get_resolver().url_patterns)))


STAFF_URLS, OTHER_STAFF_URLS = matrix.collect()


def classify(name):
    if name in STAFF_URLS or name in OTHER_STAFF_URLS:
        return "staff"
    if name in PUBLIC_URLS or name in PUBLIC_OBJECT_URLS:
        return "public"
    if name in SESSION_OBJECT_URLS:
        return "session"
    if name in TOKEN_URLS:
        return "token"
    if name.startswith(ACCOUNT_URL_PREFIXES) or name in ACTION_URLS:
        return "account"
    if name.startswith("admin:"):
        return "admin"
    return None


def test_every_url_is_classified():
    unclassified = [name for name in all_url_names() if classify(name) is None]
    assert unclassified == [], (
        f"Classify these URLs in tests/test_url_matrix.py (and test who may see them): "
        f"{unclassified}"
    )


@pytest.fixture
def world(db):
    """Two contact points in two regions, published and unpublished things, and data
    that must never show on a public page."""
    region_a = Region.objects.get(slug="ost")  # Oslo is 0301, county 03
    region_other = Region.objects.get(slug="vest")
    a = ContactPointFactory(name="Frivilligsentralen A", slug="a")
    b = ContactPointFactory(
        name="Frisklivssentralen B", slug="b", municipality=municipality("4601")
    )
    ContactPointFactory(
        name="Ventende-Kontaktpunkt", slug="ventende", status=ContactPoint.Status.PENDING
    )

    group = SelfHelpGroupFactory(contact_point=a, slug="apen-gruppe", topics=[topic("angst")])
    hidden_group = SelfHelpGroupFactory(
        contact_point=a,
        slug="pauset",
        title="Upublisert-Gruppe",
        status=SelfHelpGroup.Status.PAUSED,
    )
    starter = StarterFactory(
        contact_point=a, name="Hemmelig-Igangsetter", email="hemmelig.igangsetter@example.no"
    )
    assignment = StarterAssignmentFactory(meeting=GroupMeetingFactory(group=group), starter=starter)

    event = EventFactory(
        contact_point=a,
        slug="infomote",
        is_online=True,
        online_url="https://møte.example/hemmelig-lenke",
    )
    registration = RegistrationFactory(
        event=event, name="Hemmelig-Deltaker", email="hemmelig.deltaker@example.no"
    )
    hidden_event = EventFactory(
        contact_point=a, slug="utkast", title="Utkast-Arrangement", status=Event.Status.DRAFT
    )
    EnquiryFactory(
        contact_point=a,
        group=group,
        name="Hemmelig-Henvender",
        email="hemmelig.henvender@example.no",
        message="Jeg har aldri fortalt dette til noen",
    )
    InterestRegistrationFactory(email="interesse.hemmelig@example.no")

    # B's own things, which A's workspace must never show.
    b_group = SelfHelpGroupFactory(
        contact_point=b, slug="b-gruppe", title="B-Gruppe-Intern", municipality=b.municipality
    )
    b_starter = StarterFactory(contact_point=b, name="B-Igangsetter-Hemmelig")
    b_event = EventFactory(
        contact_point=b, slug="b-arr", title="B-Arrangement-Intern", municipality=b.municipality
    )
    RegistrationFactory(event=b_event, name="B-Deltaker-Hemmelig")
    b_enquiry = EnquiryFactory(
        contact_point=b,
        group=b_group,
        name="B-Henvender-Hemmelig",
        email="b.henvender@example.no",
        message="Bs melding som ingen i A skal se",
    )

    people = {
        "resident": UserFactory(),
        "staff_a": MembershipFactory(contact_point=a).user,
        "manager_a": MembershipFactory(contact_point=a, role=Membership.Role.MANAGER).user,
        "staff_b": MembershipFactory(contact_point=b).user,
        "region_admin_a": UserFactory(),
        "region_admin_other": UserFactory(),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }
    region_a.admins.add(people["region_admin_a"])
    region_other.admins.add(people["region_admin_other"])
    for name in ("region_admin_a", "region_admin_other", "superuser"):
        TOTP.activate(people[name], "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")

    return {
        "people": people,
        "objects": {"group": group, "contact_point": a, "event": event},
        "hidden": {
            "group": hidden_group,
            "contact_point": ContactPoint.objects.get(slug="ventende"),
            "event": hidden_event,
        },
        "registration": registration,
        "assignment": assignment,
        # A's things, for the workspace URLs' arguments (tests/matrix/).
        "a": {
            "contact_point": a,
            "group": group,
            "hidden_group": hidden_group,
            "meeting": assignment.meeting,
            "starter": starter,
            "assignment": assignment,
            "event": event,
            "hidden_event": hidden_event,
            "registration": registration,
            "enquiry": Enquiry.objects.get(contact_point=a),
        },
        "b": {
            "contact_point": b,
            "group": b_group,
            "starter": b_starter,
            "event": b_event,
            "enquiry": b_enquiry,
        },
    }


def clients(world):
    """A fresh client per persona, signed in as that persona."""
    for persona in PERSONAS:
        client = Client()
        if persona != "anonymous":
            client.force_login(world["people"][persona])
        yield persona, client


def assert_no_secrets(response, where, allowed=frozenset()):
    body = response.content.decode(errors="replace")
    leaked = [secret for secret in SECRETS if secret in body and secret not in allowed]
    assert leaked == [], f"{where} shows {leaked}"


@pytest.mark.parametrize("name", sorted(PUBLIC_URLS))
def test_public_url_every_persona(world, name):
    for persona, client in clients(world):
        response = client.get(reverse(name))
        assert response.status_code in (200, 302), f"{name} as {persona}: {response.status_code}"
        if response.status_code == 302:  # /api/v1/ leads to its docs
            assert name == "api:api-root"
        assert_no_secrets(response, f"{name} as {persona}")


@pytest.mark.parametrize("name", sorted(PUBLIC_OBJECT_URLS))
def test_public_object_url_every_persona(world, name):
    kind = PUBLIC_OBJECT_URLS[name]
    for persona, client in clients(world):
        shown = client.get(reverse(name, kwargs={"slug": world["objects"][kind].slug}))
        assert shown.status_code == 200, f"{name} as {persona}: {shown.status_code}"
        assert_no_secrets(shown, f"{name} as {persona}")

        hidden = client.get(reverse(name, kwargs={"slug": world["hidden"][kind].slug}))
        assert hidden.status_code == 404, f"unpublished {kind} at {name} as {persona}"
        assert_no_secrets(hidden, f"unpublished {kind} at {name} as {persona}")


@pytest.mark.parametrize("name", sorted(SESSION_OBJECT_URLS))
def test_session_object_url_every_persona(world, name):
    kind = SESSION_OBJECT_URLS[name]
    for persona, client in clients(world):
        obj = world["objects"][kind]
        response = client.get(reverse(name, kwargs={"slug": obj.slug}))
        assert response.status_code == 302, f"{name} as {persona}"
        assert response["Location"] == reverse("events:detail", kwargs={"slug": obj.slug})
        assert_no_secrets(response, f"{name} as {persona}")
        hidden = client.get(reverse(name, kwargs={"slug": world["hidden"][kind].slug}))
        assert hidden.status_code == 404, f"unpublished {kind} at {name} as {persona}"
        assert_no_secrets(hidden, f"unpublished {kind} at {name} as {persona}")


@pytest.mark.parametrize("name", sorted(TOKEN_URLS))
def test_token_url_every_persona(world, name):
    token = TOKEN_URLS[name](world)
    for persona, client in clients(world):
        shown = client.get(reverse(name, kwargs={"token": token}))
        assert shown.status_code == 200, f"{name} as {persona}"
        assert_no_secrets(shown, f"{name} as {persona}", TOKEN_PAGE_OWN_DATA[name])
        unknown = client.get(reverse(name, kwargs={"token": "x" * 43}))
        assert unknown.status_code == 404, f"{name} with a made-up token as {persona}"
        assert_no_secrets(unknown, f"{name} with a made-up token as {persona}")


def test_admin_every_persona(world):
    for persona, client in clients(world):
        response = client.get(reverse("admin:index"))
        if persona == "superuser":
            assert response.status_code == 200
        else:
            assert response.status_code == 302, persona
            assert "/login/" in response["Location"], persona


# --- The staff workspace ------------------------------------------------------------

# What a refused request must leave untouched: everything a workspace action could change.
WATCHED_MODELS = [
    ContactPoint,
    ContactPointStatusChange,
    Membership,
    Invitation,
    OnboardingStep,
    Starter,
    SelfHelpGroup,
    GroupStatusChange,
    GroupMeeting,
    StarterAssignment,
    Event,
    Registration,
    Enquiry,
    EnquiryNote,
    EnquiryStatusChange,
    EnquiryAccess,
    OutboxMessage,
]


def database_state():
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in WATCHED_MODELS}


def send(client, method, url, data):
    return client.post(url, data) if method == "post" else client.get(url)


def assert_to_login(response, where):
    assert response.status_code == 302, where
    assert response["Location"].startswith(reverse("account_login")), where


@pytest.mark.parametrize("name", sorted(STAFF_URLS))
def test_staff_url_every_persona(world, name):
    entry = STAFF_URLS[name]
    kwargs = {"cp": "a", **entry.kwargs(world)}
    url = reverse(name, kwargs=kwargs)
    for persona, client in clients(world):
        expected = entry.expect[persona]
        allowed = persona != "anonymous" and expected in (200, 302)
        where = f"{name} as {persona}"
        if entry.method == "post" and allowed:
            continue  # the effect is tested in the part's own tests
        before = database_state() if entry.method == "post" else None
        response = send(client, entry.method, url, entry.data(world))
        if persona == "anonymous":
            assert_to_login(response, where)
        elif expected == 200:
            assert response.status_code in entry.ok_statuses, f"{where}: {response.status_code}"
        else:
            assert response.status_code == expected, f"{where}: {response.status_code}"
        if allowed:
            body = response.content.decode(errors="replace")
            leaked = [secret for secret in B_SECRETS if secret in body]
            assert leaked == [], f"{where} shows B's {leaked}"
        else:
            assert_no_secrets(response, where)
        if before is not None:
            assert database_state() == before, f"{where} changed the database"


@pytest.mark.parametrize(
    "name", sorted(name for name, entry in STAFF_URLS.items() if entry.cross_tenant)
)
def test_staff_url_object_of_another_contact_point_is_404(world, name):
    """B's staff (and B's region admin) asking for A's object under B's own workspace."""
    entry = STAFF_URLS[name]
    url = reverse(name, kwargs={**entry.kwargs(world), "cp": "b"})
    for persona in ("staff_b", "region_admin_other"):
        client = Client()
        client.force_login(world["people"][persona])
        before = database_state()
        response = send(client, entry.method, url, entry.data(world))
        assert response.status_code == 404, f"{name} under b as {persona}"
        assert_no_secrets(response, f"{name} under b as {persona}")
        assert database_state() == before, f"{name} under b as {persona} changed the database"


@pytest.mark.parametrize("name", sorted(OTHER_STAFF_URLS))
def test_other_staff_url_every_persona(world, name):
    entry = OTHER_STAFF_URLS[name]
    url = reverse(name, kwargs=entry.kwargs(world))
    for persona, client in clients(world):
        where = f"{name} as {persona}"
        response = send(client, entry.method, url, entry.data(world))
        if persona == "anonymous" and entry.expect[persona] == 302:
            assert_to_login(response, where)
        else:
            assert response.status_code == entry.expect[persona], f"{where}: {response.status_code}"
        body = response.content.decode(errors="replace")
        allowed = entry.may_show.get(persona, set())
        leaked = [s for s in SECRETS + B_SECRETS if s in body and s not in allowed]
        assert leaked == [], f"{where} shows {leaked}"
