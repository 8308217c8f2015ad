"""A group's first meetings and their starters in the workspace: generating meetings,
assigning starters (own and shared in the region) to all or one, taking them off,
cancelling and restoring meetings, and the wall around starters."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from groups import services
from groups.models import GroupMeeting, SelfHelpGroup, StarterAssignment
from notifications.models import OutboxMessage
from tests.factories import (
    GroupMeetingFactory,
    SelfHelpGroupFactory,
    StarterAssignmentFactory,
    StarterFactory,
)
from tests.groups.workspace_helpers import contact_point_in, days_ahead, staff_client, url

pytestmark = pytest.mark.django_db

BODO, TROMSO, OSLO = "1804", "5501", "0301"  # Bodø and Tromsø: region Nord; Oslo: Øst
Frequency = SelfHelpGroup.Frequency


@pytest.fixture
def staff(client):
    return staff_client(client, contact_point_in(BODO, name="Frivilligsentralen i Bodø"))


@pytest.fixture
def group(staff):
    return SelfHelpGroupFactory(
        contact_point=staff.contact_point,
        status=SelfHelpGroup.Status.RECRUITING,
        weekday=1,
        start_time=datetime.time(18, 0),
    )


def generate(staff, group, **overrides):
    first = timezone.localdate() + datetime.timedelta(days=10)
    data = {
        "first_date": first.isoformat(),
        "start_time": "18:00",
        "duration": "120",
        "interval": "weekly",
        "count": "3",
        **overrides,
    }
    return staff.post(url("group_meetings_generate", staff.contact_point, pk=group.pk), data)


def local(moment):
    return timezone.localtime(moment)


def told(reason):
    return list(OutboxMessage.objects.filter(reason=reason).values_list("recipient", flat=True))


# --- Which dates ---------------------------------------------------------------------


def test_meeting_dates_weekly_and_every_other_week():
    first = datetime.date(2027, 1, 5)
    assert services.meeting_dates(first_date=first, count=3, interval=Frequency.WEEKLY) == [
        datetime.date(2027, 1, 5),
        datetime.date(2027, 1, 12),
        datetime.date(2027, 1, 19),
    ]
    assert services.meeting_dates(first_date=first, count=2, interval=Frequency.BIWEEKLY) == [
        datetime.date(2027, 1, 5),
        datetime.date(2027, 1, 19),
    ]


def test_meeting_dates_monthly_keep_the_weekday_of_the_month():
    # The second Tuesday of January 2027, then of February and March.
    dates = services.meeting_dates(
        first_date=datetime.date(2027, 1, 12), count=3, interval=Frequency.MONTHLY
    )
    assert dates == [
        datetime.date(2027, 1, 12),
        datetime.date(2027, 2, 9),
        datetime.date(2027, 3, 9),
    ]
    # The fifth Friday (29 January 2027) becomes the last Friday in February.
    dates = services.meeting_dates(
        first_date=datetime.date(2027, 1, 29), count=2, interval=Frequency.MONTHLY
    )
    assert dates == [datetime.date(2027, 1, 29), datetime.date(2027, 2, 26)]
    assert {day.weekday() for day in dates} == {4}


# --- Generating --------------------------------------------------------------------


def test_group_meetings_generate_page_suggests_the_next_weekday(staff, group):
    response = staff.get(url("group_meetings_generate", staff.contact_point, pk=group.pk))
    form = response.context["form"]
    first = form["first_date"].value()
    assert first.weekday() == 1
    assert first > timezone.localdate()
    assert form["start_time"].value() == datetime.time(18, 0)
    assert form["count"].value() == 3


def test_group_meetings_generate_creates_meetings(staff, group):
    response = generate(staff, group)

    assert response.status_code == 302
    assert response["Location"] == url("group_detail", staff.contact_point, pk=group.pk) + "#moter"
    meetings = list(group.meetings.order_by("starts_at"))
    first = timezone.localdate() + datetime.timedelta(days=10)
    assert [local(m.starts_at).date() for m in meetings] == [
        first,
        first + datetime.timedelta(days=7),
        first + datetime.timedelta(days=14),
    ]
    assert {local(m.starts_at).time() for m in meetings} == {datetime.time(18, 0)}
    assert {m.ends_at - m.starts_at for m in meetings} == {datetime.timedelta(hours=2)}


def test_group_meetings_generate_twice_skips_existing_times(staff, group):
    generate(staff, group)
    response = generate(staff, group, count="4")
    assert response.status_code == 302
    assert group.meetings.count() == 4  # three already there, one new


def test_group_meetings_generate_keeps_local_time_over_daylight_saving(staff, group):
    year = timezone.localdate().year + 1
    # The last Sunday of March: summer time starts.
    change = max(
        datetime.date(year, 3, day)
        for day in range(25, 32)
        if datetime.date(year, 3, day).weekday() == 6
    )
    generate(staff, group, first_date=(change - datetime.timedelta(days=6)).isoformat())
    times = [local(m.starts_at) for m in group.meetings.order_by("starts_at")]
    assert {t.time() for t in times} == {datetime.time(18, 0)}
    assert times[0].utcoffset() != times[-1].utcoffset()


def test_group_meetings_generate_refuses_a_past_date(staff, group):
    response = generate(
        staff, group, first_date=timezone.localdate().isoformat(), start_time="00:00"
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["first_date"]
    assert not group.meetings.exists()


def test_group_meetings_generate_refuses_too_many(staff, group):
    response = generate(staff, group, count="13")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["count"]
    assert not group.meetings.exists()


def test_group_meetings_generate_refuses_a_closed_group(staff):
    closed = SelfHelpGroupFactory(
        contact_point=staff.contact_point,
        status=SelfHelpGroup.Status.CLOSED,
        open_for_new_members=False,
    )
    response = generate(staff, closed)
    assert response.status_code == 302
    assert not closed.meetings.exists()


# --- Assigning starters ------------------------------------------------------------


@pytest.fixture
def meetings(group):
    return [GroupMeetingFactory(group=group, starts_at=days_ahead(days)) for days in (7, 14, 21)]


def test_group_starter_assign_to_all_meetings(staff, group, meetings):
    kari = StarterFactory(contact_point=staff.contact_point, name="Kari")

    response = staff.post(
        url("group_starter_assign", staff.contact_point, pk=group.pk), {"starter": kari.pk}
    )

    assert response.status_code == 302
    assignments = StarterAssignment.objects.filter(starter=kari)
    assert sorted(a.meeting_id for a in assignments) == sorted(m.pk for m in meetings)
    assert {a.response for a in assignments} == {StarterAssignment.Response.PENDING}
    # One message for the three meetings, with a confirm/decline link for each.
    message = OutboxMessage.objects.get(reason="starter_assigned")
    assert message.recipient == kari.email
    for assignment in assignments:
        link = settings.SITE_URL + reverse("starters:respond", kwargs={"token": assignment.token})
        assert f"{link}?svar=ja" in message.body_text
        assert f'href="{link}?svar=nei"' in message.body_html
    assert group.title in message.body_text
    assert group.title not in message.subject

    # Again: nothing doubles, and each meeting is reported.
    staff.post(url("group_starter_assign", staff.contact_point, pk=group.pk), {"starter": kari.pk})
    assert StarterAssignment.objects.filter(starter=kari).count() == 3
    assert len(told("starter_assigned")) == 1


def test_group_starter_assign_to_all_by_sms(staff, group, meetings, sms_outbox):
    ola = StarterFactory(contact_point=staff.contact_point, email="", phone="900 00 000")
    staff.post(url("group_starter_assign", staff.contact_point, pk=group.pk), {"starter": ola.pk})
    message = OutboxMessage.objects.get(reason="starter_assigned")
    assert (message.channel, message.recipient) == ("sms", "900 00 000")
    tokens = StarterAssignment.objects.filter(starter=ola).values_list("token", flat=True)
    for token in tokens:
        assert reverse("starters:respond", kwargs={"token": token}) in message.body_text
    assert group.title not in message.body_text


def test_group_starter_assign_to_all_one_new_meeting_gets_the_usual_message(staff, group, meetings):
    kari = StarterFactory(contact_point=staff.contact_point)
    for meeting in meetings[:2]:
        StarterAssignmentFactory(meeting=meeting, starter=kari)
    staff.post(url("group_starter_assign", staff.contact_point, pk=group.pk), {"starter": kari.pk})
    new = StarterAssignment.objects.get(meeting=meetings[2])
    assert OutboxMessage.objects.filter(key=f"starter-assigned:{new.pk}").exists()


def test_group_starter_assign_skips_a_meeting_the_starter_declined(staff, group, meetings):
    kari = StarterFactory(contact_point=staff.contact_point)
    StarterAssignmentFactory(
        meeting=meetings[0], starter=kari, response=StarterAssignment.Response.DECLINED
    )
    staff.post(url("group_starter_assign", staff.contact_point, pk=group.pk), {"starter": kari.pk})
    responses = dict(
        StarterAssignment.objects.filter(starter=kari).values_list("meeting_id", "response")
    )
    assert responses == {
        meetings[0].pk: "declined",
        meetings[1].pk: "pending",
        meetings[2].pk: "pending",
    }


def test_group_starter_assign_without_meetings_tells_why(staff, group):
    kari = StarterFactory(contact_point=staff.contact_point)
    response = staff.post(
        url("group_starter_assign", staff.contact_point, pk=group.pk),
        {"starter": kari.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert not StarterAssignment.objects.exists()
    assert len(list(response.context["messages"])) == 1


def test_meeting_starters_assigns_one_meeting(staff, group, meetings):
    kari = StarterFactory(contact_point=staff.contact_point)
    target = meetings[1]
    response = staff.post(
        url("meeting_starters", staff.contact_point, pk=group.pk, meeting_pk=target.pk),
        {"starter": kari.pk},
    )
    assert response["Location"].endswith(f"#mote-{target.pk}")
    assert list(StarterAssignment.objects.values_list("meeting_id", "starter_id")) == [
        (target.pk, kari.pk)
    ]
    assert told("starter_assigned") == [kari.email]


def test_meeting_starters_shared_starter_of_the_region(staff, group, meetings):
    tromso = contact_point_in(TROMSO, name="Frisklivssentralen i Tromsø")
    shared = StarterFactory(contact_point=tromso, shared_in_region=True, name="Delt Igangsetter")

    page = staff.get(url("group_detail", staff.contact_point, pk=group.pk)).content.decode()
    assert "Delt Igangsetter (Frisklivssentralen i Tromsø)" in page

    staff.post(
        url("meeting_starters", staff.contact_point, pk=group.pk, meeting_pk=meetings[0].pk),
        {"starter": shared.pk},
    )
    assert StarterAssignment.objects.filter(starter=shared, meeting=meetings[0]).exists()
    assert told("starter_assigned") == [shared.email]


@pytest.mark.parametrize(
    ("where", "shared"),
    [(TROMSO, False), (OSLO, True), (OSLO, False)],
    ids=["same-region-not-shared", "other-region-shared", "other-region-not-shared"],
)
def test_meeting_starters_refuses_a_starter_not_shared_with_us(
    staff, group, meetings, where, shared
):
    other = StarterFactory(
        contact_point=contact_point_in(where), shared_in_region=shared, name="Fremmed"
    )

    page = staff.get(url("group_detail", staff.contact_point, pk=group.pk)).content.decode()
    assert "Fremmed" not in page
    for action, kwargs in (
        ("meeting_starters", {"pk": group.pk, "meeting_pk": meetings[0].pk}),
        ("group_starter_assign", {"pk": group.pk}),
    ):
        response = staff.post(url(action, staff.contact_point, **kwargs), {"starter": other.pk})
        assert response.status_code == 404
    assert not StarterAssignment.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_meeting_starters_refuses_an_unknown_or_bad_id(staff, group, meetings):
    assign_url = url(
        "meeting_starters", staff.contact_point, pk=group.pk, meeting_pk=meetings[0].pk
    )
    assert staff.post(assign_url, {"starter": "999999"}).status_code == 404
    assert staff.post(assign_url, {"starter": "x"}).status_code == 404
    response = staff.post(assign_url, {"starter": ""}, follow=True)
    assert response.status_code == 200
    assert not StarterAssignment.objects.exists()


def test_meeting_starters_inactive_own_starter_is_refused_with_a_message(
    staff, group, meetings, settings
):
    gone = StarterFactory(contact_point=staff.contact_point, is_active=False)
    staff.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = staff.post(
        url("meeting_starters", staff.contact_point, pk=group.pk, meeting_pk=meetings[0].pk),
        {"starter": gone.pk},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "This starter is no longer active on the roster."
    ]
    assert not StarterAssignment.objects.exists()


def test_meeting_starters_cancelled_meeting_is_refused(staff, group):
    meeting = GroupMeetingFactory(group=group, starts_at=days_ahead(5), is_cancelled=True)
    kari = StarterFactory(contact_point=staff.contact_point)
    staff.post(
        url("meeting_starters", staff.contact_point, pk=group.pk, meeting_pk=meeting.pk),
        {"starter": kari.pk},
    )
    assert not StarterAssignment.objects.exists()


def test_meeting_unassign_tells_the_starter(staff, group, meetings):
    assignment = StarterAssignmentFactory(meeting=meetings[0])
    response = staff.post(
        url(
            "meeting_unassign",
            staff.contact_point,
            pk=group.pk,
            meeting_pk=meetings[0].pk,
            assignment_pk=assignment.pk,
        )
    )
    assert response.status_code == 302
    assert not StarterAssignment.objects.exists()
    assert told("starter_released") == [assignment.starter.email]


def test_meeting_unassign_declined_starter_is_not_told(staff, group, meetings):
    assignment = StarterAssignmentFactory(
        meeting=meetings[0], response=StarterAssignment.Response.DECLINED
    )
    staff.post(
        url(
            "meeting_unassign",
            staff.contact_point,
            pk=group.pk,
            meeting_pk=meetings[0].pk,
            assignment_pk=assignment.pk,
        )
    )
    assert not StarterAssignment.objects.exists()
    assert told("starter_released") == []


def test_meeting_unassign_assignment_of_another_meeting_is_404(staff, group, meetings):
    assignment = StarterAssignmentFactory(meeting=meetings[1])
    response = staff.post(
        url(
            "meeting_unassign",
            staff.contact_point,
            pk=group.pk,
            meeting_pk=meetings[0].pk,
            assignment_pk=assignment.pk,
        )
    )
    assert response.status_code == 404
    assert StarterAssignment.objects.filter(pk=assignment.pk).exists()


def test_meeting_cancel_and_restore(staff, group, meetings):
    meeting = meetings[0]
    assignment = StarterAssignmentFactory(meeting=meeting)
    kwargs = {"pk": group.pk, "meeting_pk": meeting.pk}

    staff.post(url("meeting_cancel", staff.contact_point, **kwargs))
    meeting.refresh_from_db()
    assert meeting.is_cancelled is True
    assert not StarterAssignment.objects.exists()
    assert told("starter_released") == [assignment.starter.email]
    page = staff.get(url("group_detail", staff.contact_point, pk=group.pk)).content.decode()
    assert "meeting--cancelled" in page

    staff.post(url("meeting_restore", staff.contact_point, **kwargs))
    meeting.refresh_from_db()
    assert meeting.is_cancelled is False


def test_meeting_cancel_past_meeting_is_refused(staff, group):
    past = GroupMeetingFactory(group=group, starts_at=days_ahead(-2))
    staff.post(url("meeting_cancel", staff.contact_point, pk=group.pk, meeting_pk=past.pk))
    past.refresh_from_db()
    assert past.is_cancelled is False


def test_meeting_of_another_group_is_404(staff, group):
    other_group = SelfHelpGroupFactory(contact_point=staff.contact_point)
    meeting = GroupMeetingFactory(group=other_group)
    response = staff.post(
        url("meeting_cancel", staff.contact_point, pk=group.pk, meeting_pk=meeting.pk)
    )
    assert response.status_code == 404
    meeting.refresh_from_db()
    assert meeting.is_cancelled is False


def test_group_detail_without_starters_links_to_the_roster(staff, group, meetings):
    page = staff.get(url("group_detail", staff.contact_point, pk=group.pk)).content.decode()
    assert url("starter_create", staff.contact_point) in page
    assert 'name="starter"' not in page
    assert GroupMeeting.objects.filter(group=group).count() == 3
