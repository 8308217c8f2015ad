"""Assigning a starter to a meeting, their answer, and the confirm/decline page."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from contactpoints.models import Membership
from groups import services
from groups.models import SelfHelpGroup, StarterAssignment
from notifications.models import OutboxMessage
from tests.factories import (
    ContactPointFactory,
    GroupMeetingFactory,
    MembershipFactory,
    SelfHelpGroupFactory,
    StarterAssignmentFactory,
    StarterFactory,
    UserFactory,
    municipality,
)

pytestmark = pytest.mark.django_db

BODO, FAUSKE, TROMSO, OSLO = "1804", "1841", "5501", "0301"


def meeting_of(contact_point=None, *, days=7, **group_fields):
    contact_point = contact_point or ContactPointFactory(phone="75 00 00 00")
    group = SelfHelpGroupFactory(
        contact_point=contact_point,
        venue_name="Kvartershuset",
        venue_address="Storgata 1",
        show_venue_publicly=False,
        **group_fields,
    )
    starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    return GroupMeetingFactory(group=group, starts_at=starts_at)


def respond_url(assignment):
    return reverse("starters:respond", kwargs={"token": assignment.token})


# --- starter_assign ---------------------------------------------------------------


def test_starter_assign_creates_assignment_and_message():
    meeting = meeting_of()
    contact_point = meeting.group.contact_point
    MembershipFactory(
        contact_point=contact_point,
        role=Membership.Role.MANAGER,
        user=UserFactory(full_name="Kari Leder"),
    )
    MembershipFactory(contact_point=contact_point, user=UserFactory(full_name="Ola Ansatt"))
    starter = StarterFactory(contact_point=contact_point)

    assignment = services.starter_assign(meeting=meeting, starter=starter)

    assert assignment.response == StarterAssignment.Response.PENDING
    message = OutboxMessage.objects.get(key=f"starter-assigned:{assignment.pk}")
    assert message.recipient == starter.email
    assert message.channel == OutboxMessage.Channel.EMAIL
    assert message.reason == "starter_assigned"
    link = settings.SITE_URL + respond_url(assignment)
    assert f"{link}?svar=ja" in message.body_text
    assert f"{link}?svar=nei" in message.body_text
    assert f'href="{link}?svar=ja"' in message.body_html
    # The venue is not public, but the starter needs it; the team's title is fine here.
    assert "Kvartershuset, Storgata 1" in message.body_text
    assert meeting.group.title in message.body_text
    assert "75 00 00 00" in message.body_text
    assert contact_point.email in message.body_text
    assert "Kari Leder" in message.body_text
    assert "Ola Ansatt" not in message.body_text  # managers only


def test_starter_assign_subject_neutral_and_bokmal():
    meeting = meeting_of()
    assignment = services.starter_assign(
        meeting=meeting, starter=StarterFactory(contact_point=meeting.group.contact_point)
    )

    message = OutboxMessage.objects.get(key=f"starter-assigned:{assignment.pk}")
    with translation.override("nb"):
        assert message.subject == gettext("You are asked to come to a group meeting")
    assert meeting.group.title not in message.subject
    assert assignment.starter.name not in message.subject


def test_starter_assign_phone_only_starter_gets_sms():
    meeting = meeting_of()
    starter = StarterFactory(
        contact_point=meeting.group.contact_point, email="", phone="+4790000001"
    )

    assignment = services.starter_assign(meeting=meeting, starter=starter)

    message = OutboxMessage.objects.get(key=f"starter-assigned:{assignment.pk}")
    assert message.channel == OutboxMessage.Channel.SMS
    assert message.recipient == "+4790000001"
    assert settings.SITE_URL + respond_url(assignment) in message.body_text
    assert meeting.group.title not in message.body_text  # the whole SMS shows on a lock screen
    assert len(message.body_text) < 200


def test_starter_assign_rolled_back_with_its_message():
    meeting = meeting_of()
    starter = StarterFactory(contact_point=meeting.group.contact_point)

    def request_that_fails():
        with transaction.atomic():
            services.starter_assign(meeting=meeting, starter=starter)
            raise RuntimeError("the request failed after assigning")

    with pytest.raises(RuntimeError):
        request_that_fails()

    assert not StarterAssignment.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_starter_assign_remote_group_says_how_it_meets():
    meeting = meeting_of(format=SelfHelpGroup.Format.VIDEO)
    assignment = services.starter_assign(
        meeting=meeting, starter=StarterFactory(contact_point=meeting.group.contact_point)
    )

    message = OutboxMessage.objects.get(key=f"starter-assigned:{assignment.pk}")
    with translation.override("nb"):
        assert gettext("by video").capitalize() in message.body_text


def test_starter_assign_other_contact_points_starter_refused():
    meeting = meeting_of()
    starter = StarterFactory()  # another contact point, not shared

    with pytest.raises(ValidationError) as error:
        services.starter_assign(meeting=meeting, starter=starter)

    assert error.value.code == "starter_elsewhere"
    assert not StarterAssignment.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_starter_assign_shared_starter_same_region_allowed():
    meeting = meeting_of(ContactPointFactory(municipality=municipality(BODO)))
    # Tromsø (Troms) and Bodø (Nordland) are both in Region Nord.
    starter = StarterFactory(
        contact_point=ContactPointFactory(municipality=municipality(TROMSO)),
        shared_in_region=True,
    )

    assignment = services.starter_assign(meeting=meeting, starter=starter)

    assert assignment.starter == starter
    assert OutboxMessage.objects.filter(key=f"starter-assigned:{assignment.pk}").exists()


def test_starter_assign_shared_starter_other_region_refused():
    meeting = meeting_of(ContactPointFactory(municipality=municipality(BODO)))
    starter = StarterFactory(
        contact_point=ContactPointFactory(municipality=municipality(OSLO)),
        shared_in_region=True,
    )

    with pytest.raises(ValidationError) as error:
        services.starter_assign(meeting=meeting, starter=starter)

    assert error.value.code == "starter_elsewhere"


def test_starter_assign_inactive_starter_refused():
    meeting = meeting_of()
    starter = StarterFactory(contact_point=meeting.group.contact_point, is_active=False)

    with pytest.raises(ValidationError) as error:
        services.starter_assign(meeting=meeting, starter=starter)

    assert error.value.code == "starter_inactive"


def test_starter_assign_declined_starter_refused():
    assignment = StarterAssignmentFactory(
        meeting=meeting_of(), response=StarterAssignment.Response.DECLINED
    )

    with pytest.raises(ValidationError) as error:
        services.starter_assign(meeting=assignment.meeting, starter=assignment.starter)

    assert error.value.code == "starter_declined"


def test_starter_assign_twice_refused():
    meeting = meeting_of()
    starter = StarterFactory(contact_point=meeting.group.contact_point)
    services.starter_assign(meeting=meeting, starter=starter)

    with pytest.raises(ValidationError) as error:
        services.starter_assign(meeting=meeting, starter=starter)

    assert error.value.code == "duplicate"
    assert StarterAssignment.objects.count() == 1
    assert OutboxMessage.objects.count() == 1


def test_starter_assign_cancelled_meeting_refused():
    meeting = meeting_of()
    meeting.is_cancelled = True
    meeting.save()

    with pytest.raises(ValidationError) as error:
        services.starter_assign(
            meeting=meeting, starter=StarterFactory(contact_point=meeting.group.contact_point)
        )

    assert error.value.code == "meeting_cancelled"


def test_starter_assign_past_meeting_refused():
    meeting = meeting_of(days=-1)

    with pytest.raises(ValidationError) as error:
        services.starter_assign(
            meeting=meeting, starter=StarterFactory(contact_point=meeting.group.contact_point)
        )

    assert error.value.code == "meeting_past"


def test_starter_assign_refusal_is_translated():
    meeting = meeting_of(days=-1)

    with translation.override("nb"), pytest.raises(ValidationError) as error:
        services.starter_assign(
            meeting=meeting, starter=StarterFactory(contact_point=meeting.group.contact_point)
        )
    with translation.override("nb"):
        assert error.value.messages == [gettext("This meeting has already started.")]


# --- assignment_respond -------------------------------------------------------------


def test_assignment_respond_records_answer_and_time():
    assignment = StarterAssignmentFactory(meeting=meeting_of())
    moment = timezone.now().replace(microsecond=0)

    with time_machine.travel(moment, tick=False):
        services.assignment_respond(assignment=assignment, response="confirmed")

    assignment.refresh_from_db()
    assert assignment.response == StarterAssignment.Response.CONFIRMED
    assert assignment.responded_at == moment


def test_assignment_respond_again_changes_answer():
    assignment = StarterAssignmentFactory(meeting=meeting_of())
    services.assignment_respond(assignment=assignment, response="confirmed")

    services.assignment_respond(assignment=assignment, response="declined")

    assignment.refresh_from_db()
    assert assignment.response == StarterAssignment.Response.DECLINED


def test_assignment_respond_unknown_answer_refused():
    assignment = StarterAssignmentFactory(meeting=meeting_of())

    with pytest.raises(ValidationError) as error:
        services.assignment_respond(assignment=assignment, response="maybe")

    assert error.value.code == "invalid_response"


def test_assignment_respond_after_start_refused():
    assignment = StarterAssignmentFactory(meeting=meeting_of(days=-1))

    with pytest.raises(ValidationError) as error:
        services.assignment_respond(assignment=assignment, response="declined")

    assert error.value.code == "meeting_past"
    assignment.refresh_from_db()
    assert assignment.response == StarterAssignment.Response.PENDING


# --- the confirm/decline page -------------------------------------------------------


def test_starter_page_get_shows_meeting_and_changes_nothing(client):
    assignment = StarterAssignmentFactory(meeting=meeting_of())

    for query in ("", "?svar=ja", "?svar=nei"):
        response = client.get(respond_url(assignment) + query)
        assert response.status_code == 200
        page = response.content.decode()
        assert assignment.meeting.group.title in page
        assert "Kvartershuset" in page
        assert 'name="response" value="confirmed"' in page
        assert 'name="response" value="declined"' in page
        assert response["Cache-Control"].startswith("max-age=0")

    assignment.refresh_from_db()
    assert assignment.response == StarterAssignment.Response.PENDING
    assert assignment.responded_at is None


def test_starter_page_decline_link_puts_decline_first(client):
    assignment = StarterAssignmentFactory(meeting=meeting_of())

    page = client.get(respond_url(assignment) + "?svar=nei").content.decode()

    assert page.index('value="declined"') < page.index('value="confirmed"')


def test_starter_page_head_changes_nothing(client):
    assignment = StarterAssignmentFactory(meeting=meeting_of())

    assert client.head(respond_url(assignment)).status_code == 200
    assignment.refresh_from_db()
    assert assignment.response == StarterAssignment.Response.PENDING


def test_starter_page_post_confirms(client):
    assignment = StarterAssignmentFactory(meeting=meeting_of())

    response = client.post(respond_url(assignment), {"response": "confirmed"}, follow=True)

    assert response.redirect_chain == [(respond_url(assignment), 302)]
    assignment.refresh_from_db()
    assert assignment.response == StarterAssignment.Response.CONFIRMED
    assert assignment.responded_at is not None
    with translation.override("nb"):
        assert gettext("Thank you: you have confirmed that you will come.") in (
            response.content.decode()
        )


def test_starter_page_post_again_changes_answer(client):
    assignment = StarterAssignmentFactory(meeting=meeting_of())
    client.post(respond_url(assignment), {"response": "confirmed"})

    client.post(respond_url(assignment), {"response": "declined"})

    assignment.refresh_from_db()
    assert assignment.response == StarterAssignment.Response.DECLINED


def test_starter_page_post_without_answer_shows_error(client):
    assignment = StarterAssignmentFactory(meeting=meeting_of())

    response = client.post(respond_url(assignment), {})

    assert response.status_code == 400
    with translation.override("nb"):
        assert gettext("Choose whether you can come or not.") in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.response == StarterAssignment.Response.PENDING


def test_starter_page_past_meeting_offers_no_buttons(client):
    assignment = StarterAssignmentFactory(meeting=meeting_of(days=-1))

    page = client.get(respond_url(assignment)).content.decode()
    response = client.post(respond_url(assignment), {"response": "declined"})

    assert 'name="response"' not in page
    assert response.status_code == 400
    assignment.refresh_from_db()
    assert assignment.response == StarterAssignment.Response.PENDING


def test_starter_page_unknown_token_is_friendly_404(client):
    response = client.get(reverse("starters:respond", kwargs={"token": "no-such-token"}))

    assert response.status_code == 404
    assert "groups/starter_invalid.html" in [t.name for t in response.templates]


def test_starter_page_unknown_token_post_is_404(client):
    response = client.post(
        reverse("starters:respond", kwargs={"token": "no-such-token"}), {"response": "declined"}
    )

    assert response.status_code == 404
