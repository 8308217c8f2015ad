"""Staff plan an event in the workspace, see who registered, and move someone up.

Selectors are names, ids and URLs rather than visible text, so the test holds whichever
language the catalogue has reached; the database is what it asserts. Every page of the
journey is checked with axe, on a desktop and on a 360 px phone.
"""

import datetime

import pytest
from django.utils import timezone

from events.models import Event, EventMessage, Registration
from notifications.models import OutboxMessage
from tests.browser.axe import assert_accessible, assert_no_horizontal_scroll
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.staff import log_in
from tests.factories import ContactPointFactory, MembershipFactory, RegistrationFactory

pytestmark = pytest.mark.browser

LOCAL = "%Y-%m-%dT%H:%M"
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


def check(page, what):
    assert_accessible(page, what)
    if page.viewport_size["width"] <= PHONE["width"]:
        assert_no_horizontal_scroll(page)


def submit(page):
    page.locator("form.ws-event-form button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_staff_create_event_see_registrations_and_move_up(site, viewport):
    cp = ContactPointFactory(name="Frivilligsentralen i Tromsø", slug="fs-tromso")
    member = MembershipFactory(contact_point=cp)
    events_url = "/arbeidsflate/fs-tromso/arrangementer/"
    site.set_viewport_size(viewport)
    log_in(site, member.user.email, next_url=events_url)

    # The empty list.
    assert site.url.endswith(events_url)
    assert site.locator("h1").count() == 1
    check(site, "event list, empty")

    # The form: first with mistakes, which are shown and keep what was typed.
    site.locator(f"a[href='{events_url}ny/']").first.click()
    site.wait_for_load_state()
    check(site, "new event form")
    day = timezone.localdate() + datetime.timedelta(days=21)
    starts = datetime.datetime.combine(day, datetime.time(18, 0))
    site.locator("#id_title").fill("Informasjonsmøte om selvhjelp")
    site.locator("#id_description").fill("Hva er en selvhjelpsgruppe, og hvordan starter man?")
    site.locator("#id_starts_at").fill(starts.strftime(LOCAL))
    site.locator("#id_ends_at").fill((starts - datetime.timedelta(hours=1)).strftime(LOCAL))
    site.locator("#id_capacity").fill("1")
    submit(site)
    assert Event.objects.count() == 0
    assert site.locator(".form-error-summary").is_visible()
    assert site.locator("#id_title").input_value() == "Informasjonsmøte om selvhjelp"
    assert site.locator("#id_ends_at").get_attribute("aria-invalid") == "true"
    assert site.locator("#id_venue_name").get_attribute("aria-invalid") == "true"
    check(site, "new event form with errors")

    site.locator("#id_ends_at").fill((starts + datetime.timedelta(hours=2)).strftime(LOCAL))
    site.locator("#id_venue_name").fill("Tromsø bibliotek")
    site.locator("#id_venue_address").fill("Grønnegata 94")
    submit(site)
    event = Event.objects.get()
    assert event.contact_point == cp
    assert event.municipality_id == cp.municipality_id
    assert event.capacity == 1
    assert event.starts_at == timezone.make_aware(starts)
    assert site.url.endswith(f"{events_url}{event.pk}/")
    check(site, "event page, nobody registered")

    # People register (on the public page; here straight into the database).
    RegistrationFactory(event=event, name="Anne Registrert")
    first_waiting = RegistrationFactory(
        event=event, name="Bjørn Venter", status=Registration.Status.WAITING
    )
    second_waiting = RegistrationFactory(
        event=event,
        name="Cecilie Venter",
        email="",
        phone="900 11 222",
        status=Registration.Status.WAITING,
    )
    site.reload()
    rows = site.locator(".ws-registrations tbody tr")
    assert rows.count() == 3
    assert "Bjørn Venter" in rows.nth(1).inner_text()
    assert site.locator(".ws-registrations form").count() == 0  # full: nobody to move up
    check(site, "event page with registrations and a waiting list")

    # One more place, then move the first on the waiting list up.
    site.locator(f"a[href='{events_url}{event.pk}/rediger/']").click()
    site.wait_for_load_state()
    check(site, "edit event form")
    site.locator("#id_capacity").fill("2")
    submit(site)
    event.refresh_from_db()
    assert event.capacity == 2
    promote = f"{events_url}{event.pk}/pameldinger/{first_waiting.pk}/flytt-opp/"
    site.locator(f"form[action='{promote}'] button").click()
    site.wait_for_load_state()
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Registration.Status.CONFIRMED
    assert second_waiting.status == Registration.Status.WAITING
    assert OutboxMessage.objects.filter(
        key=f"registration-moved-up:{first_waiting.pk}", recipient=first_waiting.email
    ).exists()
    assert site.locator(".alert-success").count() == 1
    assert site.locator(".ws-registrations form").count() == 0  # full again
    check(site, "event page after moving someone up")

    # The list now shows the event with its counts.
    site.goto(events_url)
    row = site.locator(".ws-events-table tbody tr")
    assert row.count() == 1
    assert row.locator("td").nth(5).inner_text() == "1"
    check(site, "event list with an event")


def test_staff_message_and_cancel_pages_are_accessible(site):
    cp = ContactPointFactory(slug="fs-alta")
    member = MembershipFactory(contact_point=cp)
    event = Event.objects.create(
        contact_point=cp,
        title="Nettverksmøte",
        slug="nettverksmote",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        ends_at=timezone.now() + datetime.timedelta(days=10, hours=2),
        is_online=True,
        online_url="https://meet.example/" + "lang-lenke-" * 8,
        capacity=5,
    )
    registration = RegistrationFactory(event=event, name="Dag Deltaker")
    RegistrationFactory(event=event, status=Registration.Status.WAITING)
    base = f"/arbeidsflate/fs-alta/arrangementer/{event.pk}/"
    site.set_viewport_size(PHONE)
    log_in(site, member.user.email, next_url=base)
    check(site, "online event page on a phone")

    site.goto(base + "melding/")
    site.locator("form.ws-event-form button[type=submit]").click()
    site.wait_for_load_state()
    assert site.locator("#id_text").get_attribute("aria-invalid") == "true"
    check(site, "message form with an error")
    site.locator("#id_text").fill("Vi møtes i andre etasje.")
    site.locator("form.ws-event-form button[type=submit]").click()
    site.wait_for_load_state()
    assert EventMessage.objects.get().email_count == 1
    check(site, "event page with a message sent")

    site.goto(base + f"pameldinger/{registration.pk}/avmeld/")
    check(site, "cancel a registration")
    site.locator("main form button.btn-danger").click()
    site.wait_for_load_state()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED

    site.goto(base + "avlys/")
    check(site, "cancel the event")
    site.locator("main form button.btn-danger").click()
    site.wait_for_load_state()
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    check(site, "cancelled event page")
