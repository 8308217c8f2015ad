"""Staff in the browser: create a group, add a starter to the roster, add the group's
first meetings and ask the starter to come to all of them. Every page of groups and the
roster passes axe (empty, filled, with errors) and does not scroll sideways at 360 px."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contactpoints.models import Starter
from groups.models import GroupMeeting, SelfHelpGroup, StarterAssignment
from notifications.models import OutboxMessage
from tests.browser.axe import assert_accessible, assert_no_horizontal_scroll
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.staff import log_in
from tests.factories import (
    ContactPointFactory,
    GroupMeetingFactory,
    MembershipFactory,
    SelfHelpGroupFactory,
    StarterAssignmentFactory,
    StarterFactory,
    municipality,
    topic,
)

pytestmark = pytest.mark.browser

CP = "fs-bodo"


def check(page, what):
    assert_accessible(page, what)
    if page.viewport_size["width"] <= PHONE["width"]:
        assert_no_horizontal_scroll(page)


def submit(page, form_class):
    page.locator(f"form.{form_class} button[type=submit]").click()
    page.wait_for_load_state()


@pytest.fixture
def staff(reference_data):
    contact_point = ContactPointFactory(
        name="Frivilligsentralen i Bodø", slug=CP, municipality=municipality("1804")
    )
    return MembershipFactory(contact_point=contact_point, user__email="ansatt@fs-bodo.no")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_staff_create_group_and_assign_starter_to_first_meetings(site, staff, viewport):
    site.set_viewport_size(viewport)
    log_in(site, staff.user.email, next_url=f"/arbeidsflate/{CP}/grupper/")
    assert site.url.endswith(f"/arbeidsflate/{CP}/grupper/")
    check(site, "group list, empty")

    # The roster: empty, a form with errors, then a starter.
    site.goto(f"/arbeidsflate/{CP}/igangsettere/")
    check(site, "starter list, empty")
    site.goto(f"/arbeidsflate/{CP}/igangsettere/ny/")
    check(site, "new starter")
    site.locator("input[name=name]").fill("Kari Igangsetter")
    site.locator("input[name=availability]").fill("Tirsdager")
    submit(site, "starter-form")
    expect(site.locator(".form-error-summary")).to_be_visible()
    expect(site.locator("input[name=availability]")).to_have_value("Tirsdager")
    check(site, "new starter, errors")
    site.locator("input[name=email]").fill("kari@example.no")
    site.locator(f"input[name=topics][value='{topic('sorg').pk}']").check()
    submit(site, "starter-form")
    assert site.url.endswith(f"/arbeidsflate/{CP}/igangsettere/")
    expect(site.locator("table.starter-table")).to_contain_text("Kari Igangsetter")
    check(site, "starter list, filled")

    # A new group: with an error first, then saved.
    site.goto(f"/arbeidsflate/{CP}/grupper/ny/?topic=sorg")
    check(site, "new group")
    expect(site.locator(f"input[name=topics][value='{topic('sorg').pk}']")).to_be_checked()
    site.locator("input[name=title]").fill("")
    site.locator("textarea[name=description]").fill("For deg som har mistet noen.")
    submit(site, "group-form")
    expect(site.locator(".form-error-summary")).to_be_visible()
    expect(site.locator("textarea[name=description]")).to_have_value("For deg som har mistet noen.")
    check(site, "new group, errors")
    site.locator("input[name=title]").fill("Sorggruppe i Bodø")
    site.locator("select[name=weekday]").select_option("1")
    site.locator("input[name=start_time]").fill("18:00")
    submit(site, "group-form")
    group = SelfHelpGroup.objects.get(contact_point=staff.contact_point)
    assert site.url.endswith(f"/arbeidsflate/{CP}/grupper/{group.pk}/")
    check(site, "group page, no meetings")

    # The first meetings: an error, then three.
    site.goto(f"/arbeidsflate/{CP}/grupper/{group.pk}/moter/ny/")
    check(site, "first meetings")
    site.locator("input[name=count]").fill("20")
    submit(site, "meetings-form")
    expect(site.locator(".form-error-summary")).to_be_visible()
    check(site, "first meetings, errors")
    site.locator("input[name=count]").fill("3")
    submit(site, "meetings-form")
    assert f"/grupper/{group.pk}/" in site.url
    expect(site.locator(".meeting")).to_have_count(3)

    # One starter to all three meetings.
    kari = Starter.objects.get(contact_point=staff.contact_point)
    site.locator("#starter-all").select_option(str(kari.pk))
    site.locator("form.starter-assign--all button[type=submit]").click()
    site.wait_for_load_state()
    expect(site.locator(".meeting .response--pending")).to_have_count(3)
    check(site, "group page, starter assigned")

    meetings = list(GroupMeeting.objects.filter(group=group).order_by("starts_at"))
    assert len(meetings) == 3
    assert {timezone.localtime(m.starts_at).weekday() for m in meetings} == {1}
    assert {timezone.localtime(m.starts_at).time() for m in meetings} == {datetime.time(18)}
    assignments = StarterAssignment.objects.filter(meeting__group=group)
    assert sorted(a.meeting_id for a in assignments) == [m.pk for m in meetings]
    assert {a.starter_id for a in assignments} == {kari.pk}
    # One message for the three meetings, a confirm/decline link for each.
    message = OutboxMessage.objects.get(reason="starter_assigned")
    assert message.recipient == "kari@example.no"
    assert all(a.token in message.body_text for a in assignments)
    assert "Sorggruppe" not in message.subject

    # The list, filled: the group with its starter; the roster shows the meetings.
    site.goto(f"/arbeidsflate/{CP}/grupper/")
    expect(site.locator("table.group-table")).to_contain_text("Kari Igangsetter")
    check(site, "group list, filled")
    site.goto(f"/arbeidsflate/{CP}/igangsettere/")
    expect(site.locator(".starter-coming li")).to_have_count(3)


def test_staff_group_forms_and_roster_views_are_accessible(site, staff):
    """The pages the journey above does not reach: edit (and a conflict), status (and a
    refusal), a group that needs attention, the roster's other views, a starter's page."""
    site.set_viewport_size(PHONE)
    cp = staff.contact_point
    group = SelfHelpGroupFactory(
        contact_point=cp,
        title="Angstgruppe med et ganske langt navn som må brytes pent på en smal skjerm",
        status=SelfHelpGroup.Status.STARTING,
        venue_name="Frivilligsentralen",
        topics=[topic("angst")],
        planned_start=timezone.localdate() + datetime.timedelta(days=3),
    )
    SelfHelpGroup.objects.filter(pk=group.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=400)
    )
    meeting = GroupMeetingFactory(group=group)
    starter = StarterFactory(
        contact_point=cp, name="Ola Igangsetter", email="ola.med.en.lang.adresse@eksempel.no"
    )
    StarterAssignmentFactory(meeting=meeting, starter=starter, response="declined")
    GroupMeetingFactory(group=group, is_cancelled=True)
    StarterFactory(contact_point=cp, name="Sluttet", is_active=False)
    tromso = ContactPointFactory(municipality=municipality("5501"), name="Tromsø-senteret")
    StarterFactory(contact_point=tromso, name="Delt Starter", shared_in_region=True)
    log_in(site, staff.user.email, next_url=f"/arbeidsflate/{CP}/grupper/?obs=1")

    expect(site.locator("tr.needs-attention")).to_have_count(1)
    check(site, "group list, needs attention")
    site.goto(f"/arbeidsflate/{CP}/grupper/?status=closed")
    check(site, "group list, filtered to nothing")

    site.goto(f"/arbeidsflate/{CP}/grupper/{group.pk}/")
    expect(site.locator(".group-callout")).to_be_visible()
    check(site, "group page, stale, declined, cancelled")

    # Edit, while someone else saves in between: the conflict page.
    site.goto(f"/arbeidsflate/{CP}/grupper/{group.pk}/rediger/")
    check(site, "edit group")
    SelfHelpGroup.objects.filter(pk=group.pk).update(version=5, title="Noen andres tittel")
    site.locator("input[name=venue_address]").fill("Storgata 1")
    submit(site, "group-form")
    expect(site.locator(".edit-conflict")).to_contain_text("Noen andres tittel")
    expect(site.locator("input[name=venue_address]")).to_have_value("Storgata 1")
    check(site, "edit group, conflict")
    submit(site, "group-form")  # saving again is a choice
    group.refresh_from_db()
    assert group.venue_address == "Storgata 1"
    assert group.title.startswith("Angstgruppe")

    # Status: a refusal (closing without a note), then closing.
    site.goto(f"/arbeidsflate/{CP}/grupper/{group.pk}/status/")
    check(site, "change status")
    site.locator("input[name=to_status][value=closed]").check()
    submit(site, "group-status-form")
    expect(site.locator(".form-error-summary")).to_be_visible()
    check(site, "change status, errors")
    site.locator("textarea[name=reason]").fill("For få deltakere")
    submit(site, "group-status-form")
    group.refresh_from_db()
    assert (group.status, group.closing_note) == ("closed", "For få deltakere")
    check(site, "group page, closed")

    # The roster's other views and a starter's page.
    site.goto(f"/arbeidsflate/{CP}/igangsettere/?vis=ledige")
    expect(site.locator("table.starter-table").first).to_contain_text("Ola Igangsetter")
    expect(site.locator("#delte + p + .ws-table-wrap")).to_contain_text("Delt Starter")
    check(site, "starter list, unassigned and shared")
    site.goto(f"/arbeidsflate/{CP}/igangsettere/?vis=inaktive")
    check(site, "starter list, deactivated")
    site.goto(f"/arbeidsflate/{CP}/igangsettere/{starter.pk}/rediger/")
    check(site, "edit starter")
    site.locator("form[action$='/deaktiver/'] button").click()
    site.wait_for_load_state()
    starter.refresh_from_db()
    assert starter.is_active is False
