"""The workspace's group pages: the list (filters, stale listings, attention), creating,
editing (with concurrent edits), confirming, duplicating, and the group page."""

import datetime

import pytest
from django.utils import timezone, translation

from groups.models import GroupMeeting, GroupStatusChange, SelfHelpGroup, StarterAssignment
from groups.selectors import LISTING_STALE_DAYS
from tests.factories import (
    GroupMeetingFactory,
    SelfHelpGroupFactory,
    StarterAssignmentFactory,
    StarterFactory,
    topic,
)
from tests.groups.workspace_helpers import days_ahead, staff_client, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    return staff_client(client)


def group_of(staff, **fields):
    return SelfHelpGroupFactory(contact_point=staff.contact_point, **fields)


def age(group, days):
    """Make the group look created (and never confirmed) ``days`` ago."""
    SelfHelpGroup.objects.filter(pk=group.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days), confirmed_at=None
    )


def listed(response):
    return [group.pk for group in response.context["groups"]]


def form_data(**overrides):
    data = {
        "title": "Samtalegruppe for pårørende",
        "description": "For deg som står nær noen med rus- eller psykiske helseplager.",
        "topics": [topic("parorende").pk],
        "kind": "same_problem",
        "format": "in_person",
        "municipality": "0301",
        "venue_name": "Biblioteket",
        "venue_address": "Storgata 1",
        "weekday": "1",
        "start_time": "18:00",
        "frequency": "weekly",
        "planned_start": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        "open_for_new_members": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# --- The list ----------------------------------------------------------------------


def test_group_list_empty(staff):
    response = staff.get(url("group_list", staff.contact_point))
    assert response.status_code == 200
    assert response.context["groups"] == []
    assert response.context["attention_count"] == 0


def test_group_list_shows_state_of_each_group(staff):
    cp = staff.contact_point
    group = group_of(staff, title="Sorggruppe", status=SelfHelpGroup.Status.STARTING)
    first = GroupMeetingFactory(group=group, starts_at=days_ahead(3))
    second = GroupMeetingFactory(group=group, starts_at=days_ahead(10))
    GroupMeetingFactory(group=group, starts_at=days_ahead(17))
    kari = StarterFactory(contact_point=cp, name="Kari Igangsetter")
    StarterAssignmentFactory(
        meeting=first, starter=kari, response=StarterAssignment.Response.CONFIRMED
    )
    StarterAssignmentFactory(meeting=second, starter=kari)
    StarterAssignmentFactory(
        meeting=second,
        starter=StarterFactory(contact_point=cp, name="Ola Nei"),
        response=StarterAssignment.Response.DECLINED,
    )
    group_of(staff, title="Nedlagt", status="closed", open_for_new_members=False)

    response = staff.get(url("group_list", cp))

    assert listed(response) == [group.pk]  # closed groups are not current
    row = response.context["groups"][0]
    assert row.next_meeting_at == first.starts_at
    assert row.summary["starters"] == [kari]
    assert (row.summary["meetings"], row.summary["covered"]) == (3, 2)
    assert (row.summary["pending"], row.summary["declined"]) == (1, 1)
    assert row.needs_starter is False  # the next two weeks are covered
    body = response.content.decode()
    assert "Kari Igangsetter" in body
    assert "Ola Nei" not in body  # declined: not among the starters
    assert url("group_detail", cp, pk=group.pk) in body


def test_group_list_status_filter(staff):
    planned = group_of(staff, status=SelfHelpGroup.Status.PLANNED)
    running = group_of(staff, status=SelfHelpGroup.Status.RUNNING)
    closed = group_of(staff, status=SelfHelpGroup.Status.CLOSED, open_for_new_members=False)
    list_url = url("group_list", staff.contact_point)

    assert sorted(listed(staff.get(list_url))) == sorted([planned.pk, running.pk])
    assert listed(staff.get(list_url, {"status": "running"})) == [running.pk]
    assert listed(staff.get(list_url, {"status": "closed"})) == [closed.pk]
    everything = listed(staff.get(list_url, {"status": "alle"}))
    assert sorted(everything) == sorted([planned.pk, running.pk, closed.pk])
    # A status that does not exist shows the default list, not an error.
    assert sorted(listed(staff.get(list_url, {"status": "x"}))) == sorted([planned.pk, running.pk])


def test_group_list_attention_filter(staff):
    cp = staff.contact_point
    fine = group_of(staff, status=SelfHelpGroup.Status.RUNNING)
    stale = group_of(staff, status=SelfHelpGroup.Status.RUNNING)
    age(stale, LISTING_STALE_DAYS + 1)
    no_starter = group_of(staff, status=SelfHelpGroup.Status.RECRUITING)
    GroupMeetingFactory(group=no_starter, starts_at=days_ahead(5))
    starts_soon = group_of(
        staff,
        status=SelfHelpGroup.Status.PLANNED,
        planned_start=timezone.localdate() + datetime.timedelta(days=7),
    )
    later = group_of(staff, status=SelfHelpGroup.Status.RECRUITING)
    GroupMeetingFactory(group=later, starts_at=days_ahead(30))  # not soon: no alarm yet
    covered = group_of(staff, status=SelfHelpGroup.Status.STARTING)
    StarterAssignmentFactory(meeting=GroupMeetingFactory(group=covered, starts_at=days_ahead(2)))

    response = staff.get(url("group_list", cp), {"obs": "1"})

    assert sorted(listed(response)) == sorted([stale.pk, no_starter.pk, starts_soon.pk])
    assert response.context["attention_count"] == 3
    assert fine.pk not in listed(response)


@pytest.mark.parametrize(
    ("confirmed_days_ago", "created_days_ago", "stale"),
    [
        (None, LISTING_STALE_DAYS - 1, False),  # new enough
        (None, LISTING_STALE_DAYS + 1, True),  # never confirmed: counts from creation
        (10, LISTING_STALE_DAYS + 100, False),  # confirmed lately
        (LISTING_STALE_DAYS + 1, LISTING_STALE_DAYS + 100, True),
    ],
)
def test_group_stale_flag(staff, confirmed_days_ago, created_days_ago, stale):
    group = group_of(staff)
    now = timezone.now()
    SelfHelpGroup.objects.filter(pk=group.pk).update(
        created_at=now - datetime.timedelta(days=created_days_ago),
        confirmed_at=(
            None
            if confirmed_days_ago is None
            else now - datetime.timedelta(days=confirmed_days_ago)
        ),
    )
    response = staff.get(url("group_list", staff.contact_point))
    assert response.context["groups"][0].is_stale is stale


def test_group_stale_flag_not_on_closed_groups(staff):
    closed = group_of(staff, status=SelfHelpGroup.Status.CLOSED, open_for_new_members=False)
    age(closed, LISTING_STALE_DAYS + 50)
    response = staff.get(url("group_list", staff.contact_point), {"status": "closed"})
    assert response.context["groups"][0].is_stale is False


def test_group_list_shows_only_own_groups(staff):
    own = group_of(staff)
    SelfHelpGroupFactory(title="En annens gruppe")
    response = staff.get(url("group_list", staff.contact_point), {"status": "alle"})
    assert listed(response) == [own.pk]
    assert "En annens gruppe" not in response.content.decode()


def _group_with_starters(staff, number):
    group = group_of(staff, status=SelfHelpGroup.Status.STARTING, topics=[topic("angst")])
    for day in (3, 10):
        meeting = GroupMeetingFactory(group=group, starts_at=days_ahead(day + number))
        StarterAssignmentFactory(meeting=meeting)
    return group


@pytest.mark.parametrize("count", [1, 3])
def test_group_list_query_count(staff, django_assert_num_queries, count):
    for number in range(count):
        _group_with_starters(staff, number)
    list_url = url("group_list", staff.contact_point)
    with django_assert_num_queries(10):
        response = staff.get(list_url)
    assert len(response.context["groups"]) == count


# --- Confirming the listing -------------------------------------------------------


def test_group_confirm_clears_stale_flag_and_goes_back(staff):
    group = group_of(staff)
    age(group, LISTING_STALE_DAYS + 10)
    list_url = url("group_list", staff.contact_point) + "?obs=1"

    response = staff.post(
        url("group_confirm", staff.contact_point, pk=group.pk), {"next": list_url}
    )

    assert response.status_code == 302
    assert response["Location"] == list_url
    group.refresh_from_db()
    assert timezone.now() - group.confirmed_at < datetime.timedelta(minutes=1)
    assert staff.get(url("group_list", staff.contact_point)).context["groups"][0].is_stale is False


def test_group_confirm_ignores_next_on_another_site(staff):
    group = group_of(staff)
    response = staff.post(
        url("group_confirm", staff.contact_point, pk=group.pk),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == url("group_detail", staff.contact_point, pk=group.pk)


def test_group_confirm_get_not_allowed(staff):
    group = group_of(staff)
    response = staff.get(url("group_confirm", staff.contact_point, pk=group.pk))
    assert response.status_code == 405
    group.refresh_from_db()
    assert group.confirmed_at is None


# --- Creating ----------------------------------------------------------------------


def test_group_create_saves_planned_group(staff):
    cp = staff.contact_point
    response = staff.post(url("group_create", cp), form_data())

    group = SelfHelpGroup.objects.get(contact_point=cp)
    assert response.status_code == 302
    assert response["Location"] == url("group_detail", cp, pk=group.pk)
    assert group.title == "Samtalegruppe for pårørende"
    assert group.slug == "samtalegruppe-for-parorende"
    assert group.status == SelfHelpGroup.Status.PLANNED
    assert [t.slug for t in group.topics.all()] == ["parorende"]
    assert group.weekday == 1
    assert group.start_time == datetime.time(18, 0)
    assert group.venue_name == "Biblioteket"
    assert group.confirmed_at is not None
    change = GroupStatusChange.objects.get(group=group)
    assert (change.from_status, change.to_status) == ("", SelfHelpGroup.Status.PLANNED)
    assert change.changed_by == staff.user


def test_group_create_slug_is_unique(staff):
    SelfHelpGroupFactory(slug="samtalegruppe-for-parorende")
    SelfHelpGroupFactory(slug="samtalegruppe-for-parorende-2")
    staff.post(url("group_create", staff.contact_point), form_data())
    group = SelfHelpGroup.objects.get(contact_point=staff.contact_point)
    assert group.slug == "samtalegruppe-for-parorende-3"


def test_group_create_prefills_topic_and_municipality(staff):
    response = staff.get(
        url("group_create", staff.contact_point), {"topic": "sorg", "kommune": "4601"}
    )
    form = response.context["form"]
    assert form.initial["topics"] == [topic("sorg").pk]
    assert form.initial["municipality"] == "4601"
    body = response.content.decode()
    assert f'value="{topic("sorg").pk}" ' in body or f'value="{topic("sorg").pk}"' in body
    assert '<option value="4601" selected>' in body


def test_group_create_defaults_to_contact_point_municipality(staff):
    response = staff.get(
        url("group_create", staff.contact_point), {"topic": "finnes-ikke", "kommune": "9999"}
    )
    assert "topics" not in response.context["form"].initial
    assert response.status_code == 200
    assert '<option value="0301" selected>' in response.content.decode()


def test_group_create_errors_keep_what_was_typed(staff):
    cp = staff.contact_point
    response = staff.post(
        url("group_create", cp),
        form_data(title="   ", venue_name="", show_venue_publicly="on", description="Min tekst"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"title", "venue_name"}
    assert "Min tekst" in response.content.decode()
    assert not SelfHelpGroup.objects.filter(contact_point=cp).exists()


def test_group_create_refuses_unknown_municipality(staff):
    response = staff.post(url("group_create", staff.contact_point), form_data(municipality="9999"))
    assert response.status_code == 200
    assert "municipality" in response.context["form"].errors


# --- Editing -----------------------------------------------------------------------


def test_group_edit_saves_and_confirms(staff):
    cp = staff.contact_point
    group = group_of(staff, title="Gammel tittel")
    age(group, LISTING_STALE_DAYS + 10)
    response = staff.post(
        url("group_edit", cp, pk=group.pk), form_data(title="Ny tittel", version=group.version)
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.title == "Ny tittel"
    assert group.slug != "ny-tittel"  # the public address stays
    assert group.version == 2
    assert timezone.now() - group.confirmed_at < datetime.timedelta(minutes=1)


def test_group_edit_second_save_with_same_version_is_refused(staff, client):
    cp = staff.contact_point
    group = group_of(staff, title="Originalen")
    edit_url = url("group_edit", cp, pk=group.pk)
    opened = staff.get(edit_url).context["form"]["version"].value()

    first = staff.post(edit_url, form_data(title="Første lagring", version=opened))
    second = staff.post(
        edit_url,
        form_data(title="Andre lagring", description="Det jeg skrev", version=opened),
    )

    assert first.status_code == 302
    assert second.status_code == 200
    group.refresh_from_db()
    assert group.title == "Første lagring"
    form = second.context["form"]
    assert form.non_field_errors() == [form.non_field_errors()[0]]
    assert form.errors["__all__"].as_data()[0].code == "edit_conflict"
    body = second.content.decode()
    assert 'value="Andre lagring"' in body  # what the second editor typed
    assert "Det jeg skrev" in body
    assert "Første lagring" in body  # what the other person saved, shown beside it
    assert form["version"].value() == group.version  # saving again is a choice

    third = staff.post(edit_url, form_data(title="Andre lagring", version=group.version))
    assert third.status_code == 302
    group.refresh_from_db()
    assert group.title == "Andre lagring"


def test_group_edit_after_status_change_is_a_conflict(staff):
    cp = staff.contact_point
    group = group_of(staff, status=SelfHelpGroup.Status.RUNNING)
    opened = group.version
    staff.post(
        url("group_status", cp, pk=group.pk),
        {
            "to_status": "closed",
            "reason": "Lagt ned",
            "effective_on": timezone.localdate().isoformat(),
        },
    )
    response = staff.post(url("group_edit", cp, pk=group.pk), form_data(version=opened))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["__all__"].as_data()[0].code == "edit_conflict"
    assert "open_for_new_members" in form.errors  # the group is closed now
    group.refresh_from_db()
    assert group.open_for_new_members is False


def test_group_edit_closed_group_cannot_be_opened(staff):
    group = group_of(staff, status=SelfHelpGroup.Status.CLOSED, open_for_new_members=False)
    response = staff.post(
        url("group_edit", staff.contact_point, pk=group.pk),
        form_data(version=group.version, open_for_new_members="on"),
    )
    assert response.status_code == 200
    assert "open_for_new_members" in response.context["form"].errors
    group.refresh_from_db()
    assert group.open_for_new_members is False


def test_group_edit_missing_version_is_a_conflict(staff):
    group = group_of(staff, title="Uendret")
    response = staff.post(url("group_edit", staff.contact_point, pk=group.pk), form_data())
    assert response.status_code == 200
    assert response.context["form"].errors["__all__"].as_data()[0].code == "edit_conflict"
    group.refresh_from_db()
    assert group.title == "Uendret"


# --- Duplicating -------------------------------------------------------------------


def test_group_duplicate_copies_fields_not_meetings(staff):
    cp = staff.contact_point
    group = group_of(
        staff,
        title="Angstgruppe",
        status=SelfHelpGroup.Status.RUNNING,
        venue_name="Frivilligsentralen",
        weekday=2,
        start_time=datetime.time(17, 30),
        topics=[topic("angst"), topic("sorg")],
    )
    GroupMeetingFactory(group=group)

    with translation.override("en"):
        response = staff.post(url("group_duplicate", cp, pk=group.pk), HTTP_ACCEPT_LANGUAGE="en")

    copy = SelfHelpGroup.objects.exclude(pk=group.pk).get(contact_point=cp)
    assert response.status_code == 302
    assert response["Location"] == url("group_edit", cp, pk=copy.pk)
    assert copy.title.startswith("Angstgruppe (")
    assert copy.title != group.title
    assert copy.slug != group.slug
    assert copy.status == SelfHelpGroup.Status.PLANNED
    assert (copy.venue_name, copy.weekday, copy.start_time) == (
        "Frivilligsentralen",
        2,
        datetime.time(17, 30),
    )
    assert sorted(t.slug for t in copy.topics.all()) == ["angst", "sorg"]
    assert not GroupMeeting.objects.filter(group=copy).exists()
    assert list(copy.status_changes.values_list("to_status", flat=True)) == ["planned"]


def test_group_duplicate_get_not_allowed(staff):
    group = group_of(staff)
    assert staff.get(url("group_duplicate", staff.contact_point, pk=group.pk)).status_code == 405
    assert SelfHelpGroup.objects.count() == 1


# --- The group page ----------------------------------------------------------------


def test_group_detail_shows_meetings_starters_and_history(staff):
    cp = staff.contact_point
    group = group_of(staff, title="Sorggruppa", status=SelfHelpGroup.Status.STARTING)
    meeting = GroupMeetingFactory(group=group, starts_at=days_ahead(4))
    StarterAssignmentFactory(
        meeting=meeting,
        starter=StarterFactory(contact_point=cp, name="Kari Igangsetter"),
        response=StarterAssignment.Response.CONFIRMED,
    )
    GroupMeetingFactory(group=group, starts_at=days_ahead(-7))
    GroupStatusChange.objects.create(
        group=group,
        from_status="recruiting",
        to_status="starting",
        reason="Nok deltakere",
        effective_on=timezone.localdate(),
    )

    response = staff.get(url("group_detail", cp, pk=group.pk))

    assert response.status_code == 200
    page = response.context["group"]
    assert [m.pk for m in page.coming_meetings] == [meeting.pk]
    assert page.past_meetings == 1
    body = response.content.decode()
    assert "Kari Igangsetter" in body
    assert "response--confirmed" in body
    assert "Nok deltakere" in body
    assert f'id="mote-{meeting.pk}"' in body


@pytest.mark.parametrize("count", [1, 3])
def test_group_detail_query_count(staff, django_assert_num_queries, count):
    cp = staff.contact_point
    group = group_of(staff, status=SelfHelpGroup.Status.STARTING, topics=[topic("angst")])
    for day in range(count):
        meeting = GroupMeetingFactory(group=group, starts_at=days_ahead(day + 2))
        StarterAssignmentFactory(meeting=meeting)
        GroupStatusChange.objects.create(
            group=group,
            from_status="planned",
            to_status="recruiting",
            effective_on=timezone.localdate(),
        )
    StarterFactory.create_batch(count, contact_point=cp)
    # Session, user, MFA check, contact point, membership, the group (the wall), the
    # page's group, topics, meetings, assignments, history, starters to choose from.
    with django_assert_num_queries(12):
        response = staff.get(url("group_detail", cp, pk=group.pk))
    assert len(response.context["group"].coming_meetings) == count


def test_group_duplicate_drops_a_planned_start_that_has_passed(staff):
    past = group_of(staff, planned_start=timezone.localdate() - datetime.timedelta(days=30))
    coming = group_of(staff, planned_start=timezone.localdate() + datetime.timedelta(days=30))
    staff.post(url("group_duplicate", staff.contact_point, pk=past.pk))
    staff.post(url("group_duplicate", staff.contact_point, pk=coming.pk))
    copies = SelfHelpGroup.objects.exclude(pk__in=[past.pk, coming.pk]).order_by("pk")
    assert [copy.planned_start for copy in copies] == [None, coming.planned_start]
