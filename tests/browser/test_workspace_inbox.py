"""A member of staff answers an enquiry in the workspace inbox: takes it, notes a call,
answers, and sees the person join a group. Then a manager reads the access log, and the
interest page is checked.

Selectors are names, ids and URLs rather than visible text, so the test holds whichever
language the catalogue has reached; the database is what it asserts. Every page of the
journey (empty, filled and filtered lists, the enquiry, forms with errors, the access
log, interest) is checked with axe, on a desktop and on a 360 px phone.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from contactpoints.models import Membership
from enquiries.models import Enquiry, EnquiryAccess, EnquiryNote, EnquiryStatusChange
from tests.browser.axe import assert_accessible, assert_no_horizontal_scroll
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.staff import log_in
from tests.factories import (
    ContactPointFactory,
    EnquiryFactory,
    InterestRegistrationFactory,
    MembershipFactory,
    SelfHelpGroupFactory,
    UserFactory,
    topic,
)

pytestmark = pytest.mark.browser

VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
INBOX = "/arbeidsflate/fs-tromso/henvendelser/"


def check(page, what):
    assert page.locator("h1").count() == 1, what
    assert_accessible(page, what)
    if page.viewport_size["width"] <= PHONE["width"]:
        assert_no_horizontal_scroll(page)


def submit(page, action):
    """Press the submit button of the form posting to ``action`` (an URL's last part)."""
    page.locator(f"form[action$='/{action}/'] button[type=submit]").first.click()
    page.wait_for_load_state()


def change_status(page, status):
    page.locator("#id_status-to_status").select_option(status)
    submit(page, "status")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_staff_answers_enquiry_through_its_statuses(site, viewport):
    cp = ContactPointFactory(name="Frivilligsentralen i Tromsø", slug="fs-tromso", response_days=3)
    kari = MembershipFactory(
        contact_point=cp, user=UserFactory(full_name="Kari Ansatt", email="kari@fs-tromso.no")
    ).user
    mona = MembershipFactory(
        contact_point=cp,
        role=Membership.Role.MANAGER,
        user=UserFactory(full_name="Mona Leder", email="mona@fs-tromso.no"),
    ).user
    group = SelfHelpGroupFactory(
        contact_point=cp, title="Sorggruppa i Tromsø", topics=[topic("sorg")]
    )
    site.set_viewport_size(viewport)
    log_in(site, kari.email, next_url=INBOX)

    # The empty inbox.
    assert site.url.endswith(INBOX)
    check(site, "inbox, empty")

    # An enquiry that has waited too long, and a newer one.
    enquiry = EnquiryFactory(
        contact_point=cp,
        kind=Enquiry.Kind.JOIN_GROUP,
        name="Solveig",
        email="solveig.langt.epostnavn.for.a.teste.bredden@eksempel-domene.no",
        phone="91234567",
        message="Jeg mistet mannen min i vinter og vil gjerne snakke med andre. " * 3,
        preferred_time="Etter klokka 16",
    )
    Enquiry.objects.filter(pk=enquiry.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=10)
    )
    newer = EnquiryFactory(contact_point=cp, topic=topic("angst"), kind=Enquiry.Kind.START_GROUP)
    site.reload()
    check(site, "inbox, filled")
    assert site.locator("tr.needs-attention").count() == 1
    assert site.locator("tr.needs-attention .inbox-overdue").is_visible()
    assert "Solveig" not in site.content()  # no content in the list

    # Filtered: only the overdue one; then a filter nothing matches.
    site.locator("#id_overdue").check()
    site.locator("form.inbox-filters button[type=submit]").click()
    site.wait_for_load_state()
    assert site.locator("tbody tr").count() == 1
    check(site, "inbox, filtered")
    site.goto(INBOX + "?assigned=me")
    assert site.locator("table").count() == 0
    check(site, "inbox, nothing matches")
    assert EnquiryAccess.objects.count() == 0

    # Open the enquiry: its content, and the read is logged.
    site.goto(INBOX)
    site.locator(f"a[href='{INBOX}{enquiry.pk}/']").click()
    site.wait_for_load_state()
    assert site.url.endswith(f"{INBOX}{enquiry.pk}/")
    assert "Solveig" in site.content()
    check(site, "enquiry")
    reads = 1

    # Mistakes are refused and said: no status chosen, an empty note.
    submit(site, "status")
    reads += 1
    assert site.locator("#status-error-summary-title").is_visible()
    assert site.locator("#id_status-to_status").get_attribute("aria-invalid") == "true"
    check(site, "enquiry, status form with an error")
    site.locator("#id_note-body").fill("   ")
    submit(site, "notat")
    reads += 1
    assert site.locator("#note-error-summary-title").is_visible()
    check(site, "enquiry, note form with an error")
    assert EnquiryStatusChange.objects.count() == 0
    assert not EnquiryNote.objects.exists()

    # Take it, and say so.
    site.locator("form.inbox-action__quick button[type=submit]").click()
    site.wait_for_load_state()
    reads += 1
    change_status(site, "in_progress")
    reads += 1
    enquiry.refresh_from_db()
    assert enquiry.assigned_to == kari
    assert enquiry.status == Enquiry.Status.IN_PROGRESS
    assert enquiry.first_response_at is None

    # A call, noted for colleagues; then the answer.
    site.locator("#id_note-body").fill("Ringte Solveig. Hun vil gjerne prøve sorggruppa.")
    submit(site, "notat")
    reads += 1
    before_answer = timezone.now()
    change_status(site, "answered")
    reads += 1
    check(site, "enquiry, answered")
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.ANSWERED
    assert before_answer <= enquiry.first_response_at <= timezone.now()
    first_response_at = enquiry.first_response_at

    # She joins the group.
    site.locator("#id_group-group").select_option(str(group.pk))
    submit(site, "gruppe")
    reads += 1
    change_status(site, "joined")
    reads += 1
    check(site, "enquiry, joined a group")

    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.JOINED
    assert enquiry.group == group
    assert enquiry.first_response_at == first_response_at
    assert enquiry.closed_at is None
    changes = list(
        EnquiryStatusChange.objects.filter(enquiry=enquiry)
        .order_by("changed_at", "pk")
        .values_list("from_status", "to_status", "changed_by")
    )
    assert changes == [
        ("new", "in_progress", kari.pk),
        ("in_progress", "answered", kari.pk),
        ("answered", "joined", kari.pk),
    ]
    note = EnquiryNote.objects.get()
    assert (note.enquiry, note.author) == (enquiry, kari)
    history = site.locator(".inbox-history")
    assert history.locator("li").count() == 1 + 3 + 1  # received, three changes, the note
    assert "Ringte Solveig" in history.inner_text()
    accesses = EnquiryAccess.objects.filter(enquiry_number=enquiry.pk)
    assert accesses.count() == reads
    assert set(accesses.values_list("user_id", "user_email", "on_behalf")) == {
        (kari.pk, kari.email, False)
    }
    assert not EnquiryAccess.objects.filter(enquiry_number=newer.pk).exists()

    # Kari is staff: the access log is not hers to read (asked outside the browser, whose
    # console would report the refusal as an error).
    as_kari = Client()
    as_kari.force_login(kari)
    assert as_kari.get(f"{INBOX}tilgangslogg/").status_code == 403

    # Interest in Tromsø, summed by topic.
    for _ in range(2):
        InterestRegistrationFactory(topic=topic("sorg"), municipality=cp.municipality)
    InterestRegistrationFactory(
        topic=topic("angst"), municipality=cp.municipality, email="vil.vite@example.no"
    )
    site.goto("/arbeidsflate/fs-tromso/interesse/")
    assert site.locator("tbody tr").count() == 2
    assert "vil.vite@example.no" not in site.content()
    check(site, "interest")

    # Mona, a manager, reads the log: Kari's reads, newest first.
    site.context.clear_cookies()
    log_in(site, mona.email, next_url=f"{INBOX}tilgangslogg/")
    assert site.url.endswith(f"{INBOX}tilgangslogg/")
    assert site.locator("tbody tr").count() == reads
    assert kari.email in site.locator("tbody tr").first.inner_text()
    check(site, "access log")
    site.goto(f"{INBOX}tilgangslogg/?enquiry=abc")
    assert site.locator("#id_enquiry").get_attribute("aria-invalid") == "true"
    check(site, "access log, filter with an error")
    assert EnquiryAccess.objects.count() == reads


@pytest.fixture
def cp_with_nothing(reference_data):
    cp = ContactPointFactory(name="Frivilligsentralen i Tromsø", slug="fs-tromso")
    return MembershipFactory(contact_point=cp, role=Membership.Role.MANAGER).user


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_manager_empty_access_log_and_interest(site, cp_with_nothing, viewport):
    site.set_viewport_size(viewport)
    log_in(site, cp_with_nothing.email, next_url=f"{INBOX}tilgangslogg/")
    assert site.url.endswith(f"{INBOX}tilgangslogg/")
    check(site, "access log, empty")
    site.goto("/arbeidsflate/fs-tromso/interesse/")
    assert site.locator("table").count() == 0
    check(site, "interest, empty")
