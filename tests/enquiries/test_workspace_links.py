"""Links in staff emails lead to the contact point's inbox; the sign-in page sends
whoever is not signed in on to it."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from notifications import digests
from notifications.models import OutboxMessage
from notifications.workdays import OSLO
from tests.factories import ContactPointFactory, EnquiryFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def inbox_path(cp):
    return reverse("workspace:enquiry_list", kwargs={"cp": cp.slug})


def test_inbox_link_signed_out_goes_through_login(client):
    cp = ContactPointFactory(slug="fs-sagene")

    response = client.get(inbox_path(cp))

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == reverse("account_login")
    assert parse_qs(location.query)["next"] == [inbox_path(cp)]


def test_weekly_digest_links_each_section_to_its_inbox(settings, time_machine):
    settings.SITE_URL = "https://selvhjelp.example"
    monday = datetime.datetime(2026, 11, 30, 7, 0, tzinfo=OSLO)
    time_machine.move_to(monday - datetime.timedelta(days=1), tick=False)
    person = UserFactory()
    first = ContactPointFactory(name="A-senteret", slug="a-senteret")
    second = ContactPointFactory(name="B-senteret", slug="b-senteret")
    for cp in (first, second):
        MembershipFactory(contact_point=cp, user=person)
        EnquiryFactory(contact_point=cp)
    time_machine.move_to(monday, tick=False)

    digests.weekly_digests_queue(now=monday)

    message = OutboxMessage.objects.get(reason="digest_weekly")
    text = message.body_text
    for cp in (first, second):
        link = f"https://selvhjelp.example{inbox_path(cp)}"
        assert link in text
        assert f'href="{link}"' in message.body_html
    # Each link follows its own contact point's section.
    assert text.index("A-senteret") < text.index(inbox_path(first)) < text.index("B-senteret")
    assert text.index("B-senteret") < text.index(inbox_path(second))
    assert reverse("account_login") not in text
