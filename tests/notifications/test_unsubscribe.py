"""Stopping the digests from the link in the email: no sign-in, GET asks, POST stops,
and notices about single enquiries still come."""

import datetime

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from notifications import digests
from notifications.models import OutboxMessage
from notifications.scanners import enquiries
from notifications.workdays import OSLO
from tests.factories import EnquiryFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def url_for(token):
    return reverse("notifications:unsubscribe", kwargs={"token": token})


def test_unsubscribe_url_is_absolute_and_signed(settings):
    user = UserFactory()
    url = digests.unsubscribe_url(user)
    assert url.startswith(f"{settings.SITE_URL}/varsler/avmeld/")
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert digests.user_for_unsubscribe_token(token) == user


def test_unsubscribe_get_asks_and_changes_nothing(client):
    user = UserFactory(email="kari.nordmann@example.no")
    url = url_for(digests.unsubscribe_token(user))
    response = client.get(url)
    assert response.status_code == 200
    assert b"k\xe2\x80\xa2\xe2\x80\xa2\xe2\x80\xa2@example.no" in response.content  # k•••@
    assert b"kari.nordmann" not in response.content
    assert f'<form method="post" action="{url}">'.encode() in response.content
    assert response["Cache-Control"].startswith("max-age=0")
    user.refresh_from_db()
    assert user.receives_digest is True


def test_unsubscribe_post_stops_digests_without_sign_in(client):
    user = UserFactory()
    other = UserFactory()
    response = client.post(url_for(digests.unsubscribe_token(user)))
    assert response.status_code == 200
    user.refresh_from_db()
    other.refresh_from_db()
    assert user.receives_digest is False
    assert other.receives_digest is True


def test_unsubscribe_post_twice_is_harmless(client):
    user = UserFactory()
    token = digests.unsubscribe_token(user)
    client.post(url_for(token))
    assert client.post(url_for(token)).status_code == 200
    response = client.get(url_for(token))
    assert response.status_code == 200
    assert f'action="{url_for(token)}"'.encode() not in response.content  # nothing to stop
    assert User.objects.get(pk=user.pk).receives_digest is False


@pytest.mark.parametrize(
    "token",
    [
        "x" * 43,
        "eyJ1IjoxfQ:1abcde:forged-signature",
        signing.dumps({"u": 1}, salt="another.purpose"),
        signing.dumps({"u": "1"}, salt=digests.UNSUBSCRIBE_SALT),
        signing.dumps([1], salt=digests.UNSUBSCRIBE_SALT),
    ],
    # Stable ids: the signed values carry a timestamp, and xdist workers must agree.
    ids=["garbage", "forged", "other-salt", "id-as-string", "list-payload"],
)
def test_unsubscribe_invalid_token_is_a_friendly_404(client, token):
    UserFactory(pk=1)
    for method in (client.get, client.post):
        response = method(url_for(token))
        assert response.status_code == 404
        assert b"<h1>" in response.content
    assert User.objects.get(pk=1).receives_digest is True


def test_unsubscribe_token_cut_short_is_404(client):
    user = UserFactory()
    token = digests.unsubscribe_token(user)
    assert client.post(url_for(token[:-3])).status_code == 404
    user.refresh_from_db()
    assert user.receives_digest is True


def test_unsubscribe_deleted_user_is_404(client):
    user = UserFactory()
    token = digests.unsubscribe_token(user)
    user.delete()
    assert client.get(url_for(token)).status_code == 404


def test_unsubscribe_put_not_allowed(client):
    user = UserFactory()
    assert client.put(url_for(digests.unsubscribe_token(user))).status_code == 405


def test_unsubscribed_gets_no_digest_but_still_overdue_notices(client, time_machine):
    """After the link: no weekly digest any more, but an overdue enquiry still reaches
    the person."""
    time_machine.move_to(datetime.datetime(2026, 11, 24, 10, 0, tzinfo=OSLO), tick=False)
    membership = MembershipFactory()
    user = membership.user
    EnquiryFactory(contact_point=membership.contact_point)
    client.post(url_for(digests.unsubscribe_token(user)))

    time_machine.move_to(datetime.datetime(2026, 11, 30, 7, 0, tzinfo=OSLO), tick=False)
    assert digests.weekly_digests_queue(now=timezone.now()) == 0
    assert enquiries.scan(now=timezone.now()) == 1
    assert list(OutboxMessage.objects.values_list("reason", "recipient")) == [
        ("enquiry_overdue", user.email)
    ]
