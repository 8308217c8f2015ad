"""The enquiry forms: what is saved, who is told (and what they are not told), and how
bad input and abuse are answered."""

import html
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from contactpoints.models import ContactPoint
from enquiries.models import Enquiry
from enquiries.services import enquiry_submit
from groups.models import SelfHelpGroup
from notifications.models import OutboxMessage
from regions.models import RegionCounty
from tests.factories import (
    ContactPointFactory,
    MembershipFactory,
    RegionFactory,
    SelfHelpGroupFactory,
    UserFactory,
    topic,
)
from tests.helpers import human_form_fields

pytestmark = pytest.mark.django_db

PERSON_NAME = "Solveig"
MESSAGE = "Jeg har hatt det tungt siden i vinter og lurer på om gruppen passer for meg."
GROUP_TITLE = "Samtalegruppe om angst på Grünerløkka"


@pytest.fixture
def english(client):
    """Assertions on wording run in English: the Norwegian catalogue comes later."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def contact_point():
    return ContactPointFactory(name="Frivilligsentralen i Bydel Grünerløkka", response_days=4)


@pytest.fixture
def group(contact_point):
    return SelfHelpGroupFactory(
        contact_point=contact_point, title=GROUP_TITLE, topics=[topic("angst")]
    )


@pytest.fixture
def staff(contact_point):
    return [
        MembershipFactory(contact_point=contact_point, user=UserFactory(email=f"ansatt{n}@fs.no"))
        for n in (1, 2)
    ]


def inbox_url(contact_point):
    """Where the staff email leads: the contact point's inbox in the workspace."""
    path = reverse("workspace:enquiry_list", kwargs={"cp": contact_point.slug})
    return f"{settings.SITE_URL}{path}"


def group_url(group):
    return reverse("enquiries:group", kwargs={"slug": group.slug})


def contact_point_url(contact_point):
    return reverse("enquiries:contact_point", kwargs={"slug": contact_point.slug})


def valid_data(**overrides):
    data = {
        "name": PERSON_NAME,
        "preferred_channel": "email",
        "email": "solveig@example.no",
        "phone": "",
        "preferred_time": "Etter klokka 16",
        "message": MESSAGE,
        "consent": "on",
        **human_form_fields(),
    }
    data.update(overrides)
    return data


def page(response):
    return html.unescape(response.content.decode())


# --- Showing the form -------------------------------------------------------------------


def test_group_enquiry_get_shows_recipient_and_response_time(english, group):
    response = english.get(group_url(group))

    assert response.status_code == 200
    content = page(response)
    assert "Frivilligsentralen i Bydel Grünerløkka" in content
    assert "within 4 working days" in content
    assert 'name="kind"' not in content
    assert 'name="topic"' not in content
    assert 'href="/personvern/"' in content
    # The tab and the history show a neutral title, never the group.
    assert GROUP_TITLE not in content.split("</title>")[0]


def test_enquiry_pages_never_cached(client, group):
    response = client.get(group_url(group))

    assert "no-store" in response["Cache-Control"]


def test_group_enquiry_quick_exit_first_link_after_skip_link(client, group):
    content = page(client.get(group_url(group)))

    body = content.split("<body", 1)[1]
    links = [tag.split(">", 1)[0] for tag in body.split("<a ")[1:3]]
    assert 'class="skip-link' in links[0]
    first_link = links[1]
    assert 'href="https://www.yr.no/"' in first_link
    assert 'rel="noreferrer"' in first_link
    assert "js/quick-exit.js" in content


@pytest.mark.parametrize(
    "status",
    [SelfHelpGroup.Status.PLANNED, SelfHelpGroup.Status.PAUSED, SelfHelpGroup.Status.CLOSED],
)
def test_group_enquiry_group_not_public_404(client, contact_point, status):
    hidden = SelfHelpGroupFactory(
        contact_point=contact_point, status=status, open_for_new_members=False
    )

    assert client.get(group_url(hidden)).status_code == 404
    assert client.post(group_url(hidden), valid_data()).status_code == 404
    assert not Enquiry.objects.exists()


def test_group_enquiry_contact_point_not_approved_404(client):
    hidden = SelfHelpGroupFactory(contact_point__status=ContactPoint.Status.PENDING)

    assert client.get(group_url(hidden)).status_code == 404


def test_group_enquiry_unknown_slug_404(client):
    assert client.get("/grupper/finnes-ikke/henvendelse/").status_code == 404


@pytest.mark.parametrize("status", [ContactPoint.Status.PENDING, ContactPoint.Status.SUSPENDED])
def test_contact_point_enquiry_not_approved_404(client, status):
    hidden = ContactPointFactory(status=status)

    assert client.get(contact_point_url(hidden)).status_code == 404
    assert client.post(contact_point_url(hidden), valid_data()).status_code == 404


def test_contact_point_enquiry_asks_what_it_is_about(english, contact_point):
    content = page(english.get(contact_point_url(contact_point)))

    assert 'name="kind"' in content
    assert 'value="question"  id="id_kind_2" required checked' in content
    assert 'name="topic"' not in content


def test_contact_point_enquiry_start_preselects_start_and_asks_topic(english, contact_point):
    content = page(english.get(contact_point_url(contact_point) + "?type=start"))

    assert "Start a new group" in content
    assert 'value="start_group"  id="id_kind_1" required checked' in content
    assert 'name="topic"' in content
    assert "Anxiety" in content


def test_group_enquiry_get_query_count(client, group, django_assert_num_queries):
    client.get(group_url(group))  # warm up anything cached per process

    with django_assert_num_queries(1):
        assert client.get(group_url(group)).status_code == 200


def test_contact_point_enquiry_get_query_count(client, contact_point, django_assert_num_queries):
    client.get(contact_point_url(contact_point) + "?type=start")

    # The contact point, and the topics for the select.
    with django_assert_num_queries(2):
        assert client.get(contact_point_url(contact_point) + "?type=start").status_code == 200
    with django_assert_num_queries(1):
        assert client.get(contact_point_url(contact_point)).status_code == 200


# --- Sending it -------------------------------------------------------------------------


def test_group_enquiry_post_saves_exact_fields(client, group, staff):
    before = timezone.now()

    response = client.post(group_url(group), valid_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("enquiries:receipt")
    enquiry = Enquiry.objects.get()
    assert enquiry.contact_point == group.contact_point
    assert enquiry.group == group
    assert enquiry.topic is None
    assert enquiry.kind == Enquiry.Kind.JOIN_GROUP
    assert enquiry.name == PERSON_NAME
    assert enquiry.email == "solveig@example.no"
    assert enquiry.phone == ""
    assert enquiry.preferred_channel == Enquiry.Channel.EMAIL
    assert enquiry.preferred_time == "Etter klokka 16"
    assert enquiry.message == MESSAGE
    assert enquiry.status == Enquiry.Status.NEW
    assert enquiry.assigned_to is None
    assert before <= enquiry.consent_given_at <= timezone.now()


def test_group_enquiry_post_notifies_each_member_without_content(client, group, staff):
    client.post(group_url(group), valid_data())

    enquiry = Enquiry.objects.get()
    messages = OutboxMessage.objects.order_by("recipient")
    assert [m.recipient for m in messages] == ["ansatt1@fs.no", "ansatt2@fs.no"]
    assert [m.key for m in messages] == [
        f"enquiry-waiting:{enquiry.pk}:{membership.user.pk}" for membership in staff
    ]
    assert {m.reason for m in messages} == {"enquiry_waiting"}
    secrets = [PERSON_NAME, MESSAGE, "tungt", "solveig@example.no", GROUP_TITLE, "angst", "Angst"]
    for message in messages:
        for text in (message.subject, message.body_text, message.body_html):
            for secret in secrets:
                assert secret not in text
        assert inbox_url(group.contact_point) in message.body_text
        assert f'href="{inbox_url(group.contact_point)}"' in message.body_html


def test_enquiry_notification_subject_neutral_in_norwegian(client, group, staff):
    client.post(group_url(group), valid_data())

    with translation.override("nb"):
        expected = gettext("A new enquiry is waiting")
    assert {m.subject for m in OutboxMessage.objects.all()} == {expected}


def test_enquiry_without_members_notifies_public_address(client, group):
    client.post(group_url(group), valid_data())

    message = OutboxMessage.objects.get()
    assert message.recipient == group.contact_point.email
    assert message.key == f"enquiry-waiting:{Enquiry.objects.get().pk}:contact-point"


def test_enquiry_without_any_address_notifies_region(client):
    contact_point = ContactPointFactory(email="", phone="22 00 00 00")
    region = RegionCounty.objects.get(county=contact_point.municipality.county).region
    region.email = "distrikt@example.no"
    region.save()
    region.admins.add(UserFactory(email="rådgiver@example.no"))
    RegionFactory().admins.add(UserFactory(email="annen-region@example.no"))
    phone_only_group = SelfHelpGroupFactory(contact_point=contact_point)

    client.post(group_url(phone_only_group), valid_data())

    assert Enquiry.objects.count() == 1
    assert sorted(OutboxMessage.objects.values_list("recipient", flat=True)) == [
        "distrikt@example.no",
        "rådgiver@example.no",
    ]


def test_enquiry_inactive_member_not_notified(client, group, staff):
    MembershipFactory(
        contact_point=group.contact_point, user=UserFactory(email="slutta@fs.no", is_active=False)
    )

    client.post(group_url(group), valid_data())

    assert "slutta@fs.no" not in OutboxMessage.objects.values_list("recipient", flat=True)


@pytest.mark.parametrize(
    ("channel", "typed", "stored"),
    [
        ("phone", "+47 912 34 567", "91234567"),
        ("sms", "912-34-567", "91234567"),
        ("phone", "0047 22 33 44 55", "22334455"),
    ],
)
def test_enquiry_phone_normalised(client, group, channel, typed, stored):
    response = client.post(
        group_url(group), valid_data(preferred_channel=channel, email="", phone=typed)
    )

    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.phone == stored
    assert enquiry.email == ""
    assert enquiry.preferred_channel == channel


def test_contact_point_enquiry_start_group_saves_topic(client, contact_point, staff):
    response = client.post(
        contact_point_url(contact_point) + "?type=start",
        valid_data(kind="start_group", topic=topic("sorg").pk),
    )

    assert response.status_code == 302
    enquiry = Enquiry.objects.get()
    assert enquiry.kind == Enquiry.Kind.START_GROUP
    assert enquiry.topic == topic("sorg")
    assert enquiry.group is None
    assert OutboxMessage.objects.count() == 2
    for message in OutboxMessage.objects.all():
        assert "Sorg" not in message.subject + message.body_text + message.body_html


def test_contact_point_enquiry_question_saves_kind(client, contact_point):
    client.post(contact_point_url(contact_point), valid_data(kind="question"))

    enquiry = Enquiry.objects.get()
    assert enquiry.kind == Enquiry.Kind.QUESTION
    assert enquiry.topic is None


# --- The receipt ------------------------------------------------------------------------


def test_receipt_after_enquiry_names_contact_point_and_days(english, group):
    response = english.post(group_url(group), valid_data(), follow=True)

    assert response.redirect_chain == [(reverse("enquiries:receipt"), 302)]
    content = page(response)
    assert "Frivilligsentralen i Bydel Grünerløkka" in content
    assert "within 4 working days" in content
    assert "113" in content
    assert "116 117" in content
    assert "116 123" in content
    # Nothing personal in the address.
    path = urlsplit(response.redirect_chain[-1][0])
    assert path.query == ""
    assert str(Enquiry.objects.get().pk) not in path.path


def test_receipt_shown_once_then_generic(english, group):
    english.post(group_url(group), valid_data())
    english.get(reverse("enquiries:receipt"))

    content = page(english.get(reverse("enquiries:receipt")))

    assert "Thank you for getting in touch" in content
    assert "Frivilligsentralen" not in content


def test_receipt_without_session_is_generic(english):
    response = english.get(reverse("enquiries:receipt"))

    assert response.status_code == 200
    assert "Thank you for getting in touch" in page(response)


def test_receipt_session_holds_only_contact_point_id(client, group):
    client.post(group_url(group), valid_data())

    assert dict(client.session) == {"enquiry_receipt_contact_point": group.contact_point.pk}


# --- Bad input: errors at the field, in the summary, and nothing typed is lost ----------


def assert_kept(content, data):
    """Everything the person typed is in the page again."""
    for field in ("name", "email", "phone", "preferred_time"):
        if data.get(field):
            assert f'name="{field}" value="{data[field]}"' in content, field
    if data.get("message"):
        assert data["message"] in content.split('name="message"', 1)[1]
    channel = data["preferred_channel"]
    assert f'value="{channel}"' in content
    radio = content.split(f'value="{channel}"', 1)[1].split(">", 1)[0]
    assert "checked" in radio
    consent = content.split('name="consent"', 1)[1].split(">", 1)[0]
    assert ("checked" in consent) == bool(data.get("consent"))


INVALID_CASES = [
    pytest.param({"name": ""}, "name", "Write a first name or an alias.", id="no-name"),
    pytest.param(
        {"preferred_channel": "email", "email": "", "phone": "912 34 567"},
        "email",
        "Give your email address so we can write to you.",
        id="email-channel-without-email",
    ),
    pytest.param(
        {"preferred_channel": "phone", "phone": ""},
        "phone",
        "Give your phone number so we can call you.",
        id="phone-channel-without-phone",
    ),
    pytest.param(
        {"preferred_channel": "sms", "phone": ""},
        "phone",
        "Give your mobile number so we can send you a text message.",
        id="sms-channel-without-phone",
    ),
    pytest.param(
        {"email": "solveig(at)example"},
        "email",
        "Write an email address like name@example.no.",
        id="invalid-email",
    ),
    pytest.param(
        {"preferred_channel": "phone", "phone": "912 34"},
        "phone",
        "Write a Norwegian phone number with 8 digits, for example 912 34 567.",
        id="invalid-phone",
    ),
    pytest.param(
        {"consent": ""},
        "consent",
        "Tick the box to agree, so that we can send your enquiry.",
        id="no-consent",
    ),
    pytest.param(
        {"message": "Ord. " * 480 + "Slutt"},
        "message",
        "The message is too long: write at most 2000 characters (it has 2405).",
        id="message-too-long",
    ),
]


@pytest.mark.parametrize(("changes", "field", "error"), INVALID_CASES)
def test_group_enquiry_invalid_keeps_typed_values(english, group, staff, changes, field, error):
    data = valid_data(**changes)

    response = english.post(group_url(group), data)

    assert response.status_code == 200
    assert not Enquiry.objects.exists()
    assert not OutboxMessage.objects.exists()
    content = page(response)
    # At the field, tied to it, and in the summary with a link to it.
    assert f'<div id="id_{field}_error" class="invalid-feedback">' in content
    assert error in content.split(f'id="id_{field}_error"', 1)[1]
    control = content.split(f'name="{field}"', 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in control
    assert f"id_{field}_error" in control
    summary = content.split('class="alert alert-danger form-error-summary"', 1)[1]
    assert f'href="#id_{field}"' in summary.split("</div>", 1)[0]
    assert error in summary.split("</div>", 1)[0]
    assert_kept(content, data)


def test_contact_point_enquiry_invalid_keeps_kind_and_topic(english, contact_point):
    url = contact_point_url(contact_point) + "?type=start"
    data = valid_data(kind="join_group", topic=topic("sorg").pk, name="")

    content = page(english.post(url, data))

    assert not Enquiry.objects.exists()
    assert 'value="join_group"  id="id_kind_0" required checked' in content
    assert f'<option value="{topic("sorg").pk}" selected>' in content
    assert_kept(content, data)


def test_group_enquiry_unknown_channel_refused(english, group):
    content = page(english.post(group_url(group), valid_data(preferred_channel="pigeon")))

    assert not Enquiry.objects.exists()
    assert 'id="id_preferred_channel_error"' in content


# --- Abuse ------------------------------------------------------------------------------


def test_group_enquiry_honeypot_saves_nothing(english, group, staff):
    response = english.post(group_url(group), valid_data(website="https://spam.example/"))

    assert response.status_code == 200
    assert not Enquiry.objects.exists()
    assert not OutboxMessage.objects.exists()
    summary = page(response).split("form-error-summary", 1)[1].split("</div>", 1)[0]
    assert "The form could not be sent. Please try again." in summary


def test_group_enquiry_too_quick_saves_nothing_and_says_so(english, group):
    data = valid_data(**human_form_fields(seconds_ago=0))

    response = english.post(group_url(group), data)

    assert response.status_code == 200
    assert not Enquiry.objects.exists()
    content = page(response)
    summary = content.split("form-error-summary", 1)[1].split("</div>", 1)[0]
    assert "That was quick! Please check what you wrote and send it again." in summary
    assert_kept(content, data)


def test_group_enquiry_too_quick_then_sent_again_later(client, group):
    content = page(client.post(group_url(group), valid_data(**human_form_fields(seconds_ago=0))))
    assert 'name="started"' in content
    # What a browser sends back is the fresh stamp; a few seconds later it is accepted.
    response = client.post(group_url(group), valid_data(**human_form_fields(seconds_ago=5)))

    assert response.status_code == 302
    assert Enquiry.objects.count() == 1


def test_group_enquiry_rate_limited_after_too_many_posts(english, group, settings):
    allowed = int(settings.PUBLIC_FORM_RATE.split("/")[0])
    for _ in range(allowed):
        assert english.post(group_url(group), valid_data(name="")).status_code == 200

    response = english.post(group_url(group), valid_data())

    assert response.status_code == 429
    assert "Too many attempts" in page(response)
    assert not Enquiry.objects.exists()
    # Reading the form stays possible.
    assert english.get(group_url(group)).status_code == 200


def test_group_enquiry_body_too_big_400_and_nothing_saved(english, group, settings):
    data = valid_data(message="x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))

    response = english.post(group_url(group), data)

    assert response.status_code == 400
    assert "We could not read what was sent" in page(response)
    assert not Enquiry.objects.exists()
    assert not OutboxMessage.objects.exists()


# --- The service ------------------------------------------------------------------------


def submit(**overrides):
    arguments = {
        "group": None,
        "topic": None,
        "kind": Enquiry.Kind.QUESTION,
        "name": PERSON_NAME,
        "email": "solveig@example.no",
        "phone": "",
        "preferred_channel": Enquiry.Channel.EMAIL,
        "preferred_time": "",
        "message": "",
        "consent": True,
        "inbox_url": "https://portal.example/arbeidsflate/fs/henvendelser/",
    }
    arguments.update(overrides)
    return enquiry_submit(**arguments)


def test_enquiry_submit_group_of_other_contact_point_refused(contact_point):
    other_group = SelfHelpGroupFactory()

    with pytest.raises(ValidationError):
        submit(contact_point=contact_point, group=other_group, kind=Enquiry.Kind.JOIN_GROUP)
    assert not Enquiry.objects.exists()


def test_enquiry_submit_non_public_group_refused(contact_point):
    planned = SelfHelpGroupFactory(contact_point=contact_point, status="planned")

    with pytest.raises(ValidationError):
        submit(contact_point=contact_point, group=planned, kind=Enquiry.Kind.JOIN_GROUP)
    assert not Enquiry.objects.exists()


@pytest.mark.parametrize(
    "overrides",
    [
        {"consent": False},
        {"name": "  "},
        {"preferred_channel": "phone", "phone": ""},
        {"email": "ikke-en-adresse"},
        {"message": "x" * 2001},
        {"kind": "complaint"},
    ],
)
def test_enquiry_submit_invalid_refused(contact_point, overrides):
    with pytest.raises(ValidationError):
        submit(contact_point=contact_point, **overrides)
    assert not Enquiry.objects.exists()


def test_enquiry_submit_pending_contact_point_refused():
    with pytest.raises(ValidationError):
        submit(contact_point=ContactPointFactory(status=ContactPoint.Status.PENDING))
