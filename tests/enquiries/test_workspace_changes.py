"""Working on an enquiry: status (with who and when, first response, closing and
reopening), assignment, internal notes, linking a group; the refusals; two colleagues at
once."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from contactpoints.models import Membership
from enquiries.models import Enquiry, EnquiryAccess, EnquiryNote, EnquiryStatusChange
from enquiries.services import (
    enquiry_assign,
    enquiry_group_link,
    enquiry_note_add,
    enquiry_status_change,
)
from groups.models import SelfHelpGroup
from notifications.models import OutboxMessage
from selvhjelp.concurrency import EditConflict
from tests.factories import (
    ContactPointFactory,
    EnquiryFactory,
    MembershipFactory,
    SelfHelpGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SECRET_NAME = "Hemmelig-Solveig"
SECRET_MESSAGE = "Jeg har slitt med angst lenge"


@pytest.fixture
def cp():
    return ContactPointFactory(name="Frivilligsentralen Sagene", slug="fs-sagene")


@pytest.fixture
def staff(cp):
    return MembershipFactory(
        contact_point=cp, user=UserFactory(full_name="Kari Ansatt", email="kari@fs.no")
    ).user


@pytest.fixture
def colleague(cp):
    return MembershipFactory(
        contact_point=cp,
        role=Membership.Role.MANAGER,
        user=UserFactory(full_name="Mona Leder", email="mona@fs.no"),
    ).user


@pytest.fixture
def other_cp():
    return ContactPointFactory(name="Frisklivssentralen Bergen", slug="fls-bergen")


@pytest.fixture
def enquiry(cp):
    return EnquiryFactory(contact_point=cp, name=SECRET_NAME, message=SECRET_MESSAGE)


@pytest.fixture
def english(client, staff):
    """Signed in as Kari; wording asserted in English (the catalogue comes later)."""
    client.force_login(staff)
    client.cookies["django_language"] = "en"
    return client


def url(name, enquiry):
    return reverse(f"workspace:{name}", kwargs={"cp": enquiry.contact_point.slug, "pk": enquiry.pk})


def post_status(client, enquiry, to_status, version=None):
    return client.post(
        url("enquiry_status", enquiry),
        {"status-to_status": to_status, "status-version": version or enquiry.version},
    )


def page(response):
    return html.unescape(response.content.decode())


def errors(response, form_name):
    form = response.context[form_name]
    return [str(message) for messages in form.errors.values() for message in messages]


# --- Status -----------------------------------------------------------------------------


def test_enquiry_status_in_progress_recorded_without_first_response(english, enquiry, staff):
    response = post_status(english, enquiry, Enquiry.Status.IN_PROGRESS)

    assert response.status_code == 302
    assert response["Location"] == url("enquiry_detail", enquiry)
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.IN_PROGRESS
    assert enquiry.first_response_at is None
    assert enquiry.closed_at is None
    assert enquiry.version == 2
    change = EnquiryStatusChange.objects.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "new",
        "in_progress",
        staff,
    )
    assert change.changed_at is not None
    shown = english.get(response["Location"])
    assert "Status changed to “in progress”." in page(shown)


@pytest.mark.parametrize(
    "to_status",
    [
        Enquiry.Status.ANSWERED,
        Enquiry.Status.JOINED,
        Enquiry.Status.WAITING_LIST,
        Enquiry.Status.REFERRED,
        Enquiry.Status.CLOSED,
    ],
)
def test_enquiry_status_answering_sets_first_response(english, enquiry, to_status):
    before = timezone.now()

    post_status(english, enquiry, to_status)

    enquiry.refresh_from_db()
    assert enquiry.status == to_status
    assert before <= enquiry.first_response_at <= timezone.now()


def test_enquiry_status_first_response_kept_by_later_changes(english, enquiry, time_machine):
    time_machine.move_to("2026-11-10 10:00 +01:00", tick=False)
    post_status(english, enquiry, Enquiry.Status.IN_PROGRESS)
    time_machine.move_to("2026-11-11 10:00 +01:00", tick=False)
    enquiry.refresh_from_db()
    post_status(english, enquiry, Enquiry.Status.ANSWERED)
    answered_at = timezone.now()
    time_machine.move_to("2026-11-12 10:00 +01:00", tick=False)
    enquiry.refresh_from_db()
    post_status(english, enquiry, Enquiry.Status.JOINED)

    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.JOINED
    assert enquiry.first_response_at == answered_at
    assert list(
        EnquiryStatusChange.objects.order_by("changed_at").values_list("from_status", "to_status")
    ) == [("new", "in_progress"), ("in_progress", "answered"), ("answered", "joined")]


def test_enquiry_status_closing_sets_closed_at_and_reopening_clears_it(english, enquiry):
    post_status(english, enquiry, Enquiry.Status.CLOSED)
    enquiry.refresh_from_db()
    assert enquiry.closed_at is not None
    first_response_at = enquiry.first_response_at

    post_status(english, enquiry, Enquiry.Status.IN_PROGRESS)

    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.IN_PROGRESS
    assert enquiry.closed_at is None
    assert enquiry.first_response_at == first_response_at
    assert EnquiryStatusChange.objects.count() == 2


def test_enquiry_status_same_again_refused(english, enquiry):
    post_status(english, enquiry, Enquiry.Status.ANSWERED)
    enquiry.refresh_from_db()

    response = post_status(english, enquiry, Enquiry.Status.ANSWERED)

    assert response.status_code == 200
    assert errors(response, "status_form") == ["The enquiry already has the status “answered”."]
    enquiry.refresh_from_db()
    assert enquiry.version == 2
    assert EnquiryStatusChange.objects.count() == 1


def test_enquiry_status_back_to_new_refused(english, enquiry):
    post_status(english, enquiry, Enquiry.Status.IN_PROGRESS)
    enquiry.refresh_from_db()

    response = post_status(english, enquiry, Enquiry.Status.NEW)

    assert response.status_code == 200
    assert errors(response, "status_form") == ["Choose a status from the list."]
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.IN_PROGRESS
    with pytest.raises(ValidationError) as refused:
        enquiry_status_change(enquiry=enquiry, to_status="new", user=None, version=enquiry.version)
    assert refused.value.code == "new"


def test_enquiry_status_closed_only_reopened(english, enquiry):
    post_status(english, enquiry, Enquiry.Status.CLOSED)
    enquiry.refresh_from_db()

    response = post_status(english, enquiry, Enquiry.Status.ANSWERED)

    assert errors(response, "status_form") == [
        "The enquiry is closed. Reopen it first (status “in progress”)."
    ]
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.CLOSED
    assert EnquiryStatusChange.objects.count() == 1
    # The page of a closed enquiry offers only reopening: no select, a hidden choice.
    form = response.context["status_form"]
    assert form.fields["to_status"].widget.is_hidden


def test_enquiry_status_unknown_refused(english, enquiry):
    response = post_status(english, enquiry, "archived")

    assert errors(response, "status_form") == ["Choose a status from the list."]
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.NEW


def test_enquiry_status_by_region_admin_recorded_as_them(client, cp, enquiry):
    from allauth.mfa.totp.internal.auth import TOTP

    from regions.models import Region

    admin = UserFactory()
    Region.objects.get(slug="ost").admins.add(admin)
    TOTP.activate(admin, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(admin)

    post_status(client, enquiry, Enquiry.Status.IN_PROGRESS)

    assert EnquiryStatusChange.objects.get().changed_by == admin


def test_enquiry_status_get_not_allowed(english, enquiry):
    assert english.get(url("enquiry_status", enquiry)).status_code == 405


def test_enquiry_status_refused_page_is_logged_as_a_read(english, enquiry):
    """A refused change shows the enquiry again: that showing is a read like any other."""
    post_status(english, enquiry, Enquiry.Status.NEW)

    assert EnquiryAccess.objects.filter(enquiry_number=enquiry.pk).count() == 1


# --- Assignment -------------------------------------------------------------------------


def post_assign(client, enquiry, assignee, version=None):
    return client.post(
        url("enquiry_assign", enquiry),
        {
            "assign-assigned_to": assignee.pk if assignee else "",
            "assign-version": version or enquiry.version,
        },
    )


def test_enquiry_assign_to_colleague_tells_them_without_content(
    english, enquiry, colleague, settings
):
    settings.SITE_URL = "https://selvhjelp.example"
    response = post_assign(english, enquiry, colleague)

    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.assigned_to == colleague
    message = OutboxMessage.objects.get(reason="enquiry_assigned")
    assert message.recipient == "mona@fs.no"
    whole = f"{message.subject}\n{message.body_text}\n{message.body_html}"
    assert SECRET_NAME not in whole
    assert SECRET_MESSAGE not in whole
    link = f"https://selvhjelp.example{url('enquiry_detail', enquiry)}"
    assert link in message.body_text
    assert f'href="{link}"' in message.body_html
    assert "Assigned to Mona Leder." in page(english.get(response["Location"]))


def test_enquiry_assign_to_self_sends_nothing(english, enquiry, staff):
    post_assign(english, enquiry, staff)

    enquiry.refresh_from_db()
    assert enquiry.assigned_to == staff
    assert not OutboxMessage.objects.filter(reason="enquiry_assigned").exists()


def test_enquiry_assign_to_nobody(english, cp, staff):
    enquiry = EnquiryFactory(contact_point=cp, assigned_to=staff)

    post_assign(english, enquiry, None)

    enquiry.refresh_from_db()
    assert enquiry.assigned_to is None


def test_enquiry_assign_non_member_refused(english, enquiry, other_cp):
    outsider = MembershipFactory(contact_point=other_cp).user

    response = post_assign(english, enquiry, outsider)

    assert response.status_code == 200
    assert errors(response, "assign_form") == [
        "Only a member of this contact point's team can be assigned an enquiry."
    ]
    enquiry.refresh_from_db()
    assert enquiry.assigned_to is None
    assert enquiry.version == 1
    with pytest.raises(ValidationError) as refused:
        enquiry_assign(enquiry=enquiry, assignee=outsider, user=None, version=1)
    assert refused.value.code == "not_member"


def test_enquiry_assign_inactive_member_refused(enquiry, cp):
    gone = MembershipFactory(contact_point=cp, user=UserFactory(is_active=False)).user

    with pytest.raises(ValidationError) as refused:
        enquiry_assign(enquiry=enquiry, assignee=gone, user=None, version=enquiry.version)
    assert refused.value.code == "not_member"


def test_enquiry_assign_same_person_again_refused(english, cp, colleague):
    enquiry = EnquiryFactory(contact_point=cp, assigned_to=colleague)

    response = post_assign(english, enquiry, colleague)

    assert errors(response, "assign_form") == ["The enquiry is already assigned to Mona Leder."]
    assert not OutboxMessage.objects.exists()


def test_enquiry_assign_closed_refused(english, cp, colleague):
    enquiry = EnquiryFactory(
        contact_point=cp, status=Enquiry.Status.CLOSED, closed_at=timezone.now()
    )

    response = post_assign(english, enquiry, colleague)

    assert errors(response, "assign_form") == [
        "The enquiry is closed. Reopen it before assigning it."
    ]
    enquiry.refresh_from_db()
    assert enquiry.assigned_to is None
    # The refused form is shown although a closed enquiry's page hides it otherwise.
    assert 'id="id_assign-assigned_to"' in response.content.decode()


# --- Notes ------------------------------------------------------------------------------


def post_note(client, enquiry, body, version=None):
    return client.post(
        url("enquiry_note", enquiry),
        {"note-body": body, "note-version": version or enquiry.version},
    )


def test_enquiry_note_added_and_shown_in_history(english, enquiry, staff):
    response = post_note(english, enquiry, "  Ringte tirsdag, avtalte nytt møte.  ")

    assert response.status_code == 302
    note = EnquiryNote.objects.get()
    assert (note.enquiry, note.author, note.body) == (
        enquiry,
        staff,
        "Ringte tirsdag, avtalte nytt møte.",
    )
    enquiry.refresh_from_db()
    assert enquiry.version == 2
    shown = page(english.get(response["Location"]))
    assert "Ringte tirsdag, avtalte nytt møte." in shown.split('id="history-title"')[1]


def test_enquiry_note_empty_refused(english, enquiry):
    response = post_note(english, enquiry, "   ")

    assert response.status_code == 200
    assert errors(response, "note_form") == ["Write the note."]
    assert not EnquiryNote.objects.exists()


def test_enquiry_note_too_long_refused_and_text_kept(english, enquiry):
    body = "Lang tekst. " * 200

    response = post_note(english, enquiry, body)

    assert errors(response, "note_form")[0].startswith("The note is too long")
    assert response.context["note_form"]["body"].value() == body
    assert not EnquiryNote.objects.exists()


def test_enquiry_note_on_closed_enquiry_allowed(english, cp):
    enquiry = EnquiryFactory(
        contact_point=cp, status=Enquiry.Status.CLOSED, closed_at=timezone.now()
    )

    post_note(english, enquiry, "Personen ringte tilbake og takket.")

    assert EnquiryNote.objects.get().enquiry == enquiry


# --- Linking a group --------------------------------------------------------------------


def post_group(client, enquiry, group, version=None):
    return client.post(
        url("enquiry_group", enquiry),
        {"group-group": group.pk if group else "", "group-version": version or enquiry.version},
    )


def test_enquiry_group_linked_and_unlinked(english, enquiry, cp):
    group = SelfHelpGroupFactory(contact_point=cp, title="Sorggruppa på Sagene")

    response = post_group(english, enquiry, group)

    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.group == group
    assert "Linked to Sorggruppa på Sagene." in page(english.get(response["Location"]))

    post_group(english, enquiry, None)
    enquiry.refresh_from_db()
    assert enquiry.group is None


def test_enquiry_group_of_another_contact_point_refused(english, enquiry, other_cp):
    theirs = SelfHelpGroupFactory(contact_point=other_cp, title="Bergens-gruppa")

    response = post_group(english, enquiry, theirs)

    assert response.status_code == 200
    assert errors(response, "group_form") == [
        "That group is not one of this contact point's open groups. Choose one from the list."
    ]
    assert "Bergens-gruppa" not in page(response)
    enquiry.refresh_from_db()
    assert enquiry.group is None
    with pytest.raises(ValidationError) as refused:
        enquiry_group_link(enquiry=enquiry, group=theirs, user=None, version=enquiry.version)
    assert refused.value.code == "other_contact_point"
    enquiry.refresh_from_db()
    assert (enquiry.group, enquiry.version) == (None, 1)


def test_enquiry_group_closed_group_not_offered(english, enquiry, cp):
    closed = SelfHelpGroupFactory(
        contact_point=cp, status=SelfHelpGroup.Status.CLOSED, open_for_new_members=False
    )

    response = post_group(english, enquiry, closed)

    assert errors(response, "group_form")
    enquiry.refresh_from_db()
    assert enquiry.group is None


def test_enquiry_group_same_again_refused(english, cp):
    group = SelfHelpGroupFactory(contact_point=cp, title="Sorggruppa")
    enquiry = EnquiryFactory(contact_point=cp, group=group)

    response = post_group(english, enquiry, group)

    assert errors(response, "group_form") == ["The enquiry is already linked to Sorggruppa."]


def test_enquiry_group_closed_enquiry_refused(english, cp):
    group = SelfHelpGroupFactory(contact_point=cp)
    enquiry = EnquiryFactory(
        contact_point=cp, status=Enquiry.Status.CLOSED, closed_at=timezone.now()
    )

    response = post_group(english, enquiry, group)

    assert errors(response, "group_form") == [
        "The enquiry is closed. Reopen it before linking it to a group."
    ]
    enquiry.refresh_from_db()
    assert enquiry.group is None


# --- Two colleagues at once -------------------------------------------------------------


def test_enquiry_status_second_editor_told_and_first_stands(client, english, enquiry, colleague):
    opened_version = enquiry.version
    client.force_login(colleague)
    first = post_status(client, enquiry, Enquiry.Status.ANSWERED, version=opened_version)
    assert first.status_code == 302

    second = post_status(english, enquiry, Enquiry.Status.REFERRED, version=opened_version)

    assert second.status_code == 200
    assert errors(second, "status_form") == [str(EditConflict().messages[0])]
    form = second.context["status_form"]
    assert form["to_status"].value() == Enquiry.Status.REFERRED  # the choice is kept
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.ANSWERED
    assert list(EnquiryStatusChange.objects.values_list("to_status", "changed_by")) == [
        ("answered", colleague.pk)
    ]
    # The page now carries the current version: saving again goes through.
    assert form["version"].value() == str(enquiry.version)
    again = post_status(english, enquiry, Enquiry.Status.REFERRED, version=form["version"].value())
    assert again.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.REFERRED


def test_enquiry_note_second_editor_keeps_typed_note(client, english, enquiry, colleague):
    opened_version = enquiry.version
    client.force_login(colleague)
    post_assign(client, enquiry, colleague, version=opened_version)

    response = post_note(english, enquiry, "Min viktige merknad", version=opened_version)

    assert response.status_code == 200
    assert "Someone else saved changes here" in errors(response, "note_form")[0]
    assert response.context["note_form"]["body"].value() == "Min viktige merknad"
    assert "Min viktige merknad" in page(response)
    assert not EnquiryNote.objects.exists()
    enquiry.refresh_from_db()
    assert enquiry.assigned_to == colleague


@pytest.mark.parametrize(
    "change",
    [
        lambda e, u, v: enquiry_status_change(enquiry=e, to_status="answered", user=u, version=v),
        lambda e, u, v: enquiry_assign(enquiry=e, assignee=u, user=u, version=v),
        lambda e, u, v: enquiry_note_add(enquiry=e, body="Notat", user=u, version=v),
        lambda e, u, v: enquiry_group_link(
            enquiry=e,
            group=SelfHelpGroupFactory(contact_point=e.contact_point),
            user=u,
            version=v,
        ),
    ],
    ids=["status", "assign", "note", "group"],
)
def test_enquiry_every_change_claims_the_version(enquiry, staff, change):
    change(enquiry, staff, 1)
    enquiry.refresh_from_db()
    assert enquiry.version == 2

    with pytest.raises(EditConflict):
        change(enquiry, staff, 1)
    enquiry.refresh_from_db()
    assert enquiry.version == 2


# --- The wall ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("enquiry_status", {"status-to_status": "answered", "status-version": 1}),
        ("enquiry_note", {"note-body": "Fra feil sted", "note-version": 1}),
        ("enquiry_group", {"group-group": "", "group-version": 1}),
    ],
)
def test_enquiry_change_of_another_contact_point_404(client, cp, other_cp, name, data):
    theirs = EnquiryFactory(
        contact_point=other_cp, group=SelfHelpGroupFactory(contact_point=other_cp)
    )
    client.force_login(MembershipFactory(contact_point=cp).user)

    own_slug = client.post(
        reverse(f"workspace:{name}", kwargs={"cp": cp.slug, "pk": theirs.pk}), data
    )
    their_slug = client.post(url(name, theirs), data)

    assert own_slug.status_code == 404
    assert their_slug.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.status, theirs.version) == (Enquiry.Status.NEW, 1)
    assert theirs.group is not None
    assert not EnquiryNote.objects.exists()
    assert not EnquiryAccess.objects.exists()
