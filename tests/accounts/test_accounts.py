"""Staff accounts: sign-up with a verified email, sign-in, password reset, two-factor."""

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail

from accounts.models import User
from tests.factories import PASSWORD, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "et-nytt-og-langt-passord"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret, at=None):
    """RFC 6238 code, computed here rather than by allauth, so the test checks allauth."""
    counter = int((time.time() if at is None else at) // 30)
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def link_in(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def sign_in(client, email, password=PASSWORD):
    return client.post("/konto/login/", {"login": email, "password": password})


def confirm_password(client, password=PASSWORD):
    """allauth asks for the password again before security settings change."""
    return client.post("/konto/reauthenticate/", {"password": password})


def test_signup_verification_email_then_sign_in(client):
    response = client.post(
        "/konto/signup/",
        {"email": "Ny.Ansatt@Example.no", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/konto/confirm-email/"
    user = User.objects.get(email__iexact="ny.ansatt@example.no")
    address = EmailAddress.objects.get(user=user)
    assert address.verified is False

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny.ansatt@example.no"]
    assert message.subject.startswith("[Selvhjelp]")

    # Not verified yet: signing in sends the person back to verification.
    client.logout()
    response = sign_in(client, "ny.ansatt@example.no")
    assert response["Location"] == "/konto/confirm-email/"
    assert "_auth_user_id" not in client.session

    confirm_url = link_in(message)
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.verified is True
    assert int(client.session["_auth_user_id"]) == user.pk


def test_signup_mismatched_passwords_keeps_email_and_explains(client):
    response = client.post(
        "/konto/signup/",
        {"email": "kari@example.no", "password1": PASSWORD, "password2": "noe-annet-helt"},
    )

    assert response.status_code == 200
    assert not User.objects.filter(email="kari@example.no").exists()
    html = response.content.decode()
    assert 'value="kari@example.no"' in html
    assert "samme passord" in html  # allauth's bokmål: "Du må skrive det samme passordet..."


def test_signup_existing_email_refused(client):
    UserFactory(email="kari@example.no")
    client.post(
        "/konto/signup/",
        {"email": "KARI@example.no", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert User.objects.filter(email__iexact="kari@example.no").count() == 1


def test_sign_in_with_email_and_password(client):
    user = UserFactory()
    response = sign_in(client, user.email.upper())
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_sign_in_failures_rate_limited(client):
    user = UserFactory()
    for _ in range(5):
        response = sign_in(client, user.email, "feil-passord")
        assert "For mange innloggingsforsøk" not in response.content.decode()

    # After five failures even the right password is refused until the window passes.
    response = sign_in(client, user.email)
    assert response.status_code == 200
    assert "For mange innloggingsforsøk" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_by_email(client):
    user = UserFactory(email="glemsk@example.no")
    response = client.post("/konto/password/reset/", {"email": "glemsk@example.no"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1

    reset_url = link_in(mail.outbox[0])
    response = client.get(reset_url)  # allauth moves the key into the session and redirects
    form_url = response["Location"] if response.status_code == 302 else reset_url
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    client.logout()
    assert sign_in(client, user.email, NEW_PASSWORD).status_code == 302


def test_totp_activation_with_real_code(client):
    user = UserFactory()
    sign_in(client, user.email)
    response = client.get("/konto/2fa/totp/activate/")
    assert response["Location"].startswith("/konto/reauthenticate/")
    confirm_password(client)
    response = client.get("/konto/2fa/totp/activate/")
    secret = response.context["form"].secret

    response = client.post("/konto/2fa/totp/activate/", {"code": "000000"})
    assert not Authenticator.objects.filter(user=user).exists()

    response = client.post("/konto/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_totp_sign_in_asks_for_code(client):
    user = UserFactory()
    TOTP.activate(user, TOTP_SECRET)

    response = sign_in(client, user.email)
    assert response["Location"] == "/konto/2fa/authenticate/"
    assert "_auth_user_id" not in client.session

    client.post("/konto/2fa/authenticate/", {"code": "123456"})
    assert "_auth_user_id" not in client.session

    response = client.post("/konto/2fa/authenticate/", {"code": totp_code(TOTP_SECRET)})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_region_admin_without_totp_sent_to_set_it_up(client):
    admin = UserFactory()
    RegionFactory().admins.add(admin)
    sign_in(client, admin.email)

    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/totp/activate/"
    # Setting it up stays reachable (after allauth's password check).
    confirm_password(client)
    assert client.get("/konto/2fa/totp/activate/").status_code == 200


def test_region_admin_with_totp_reaches_pages(client):
    admin = UserFactory()
    RegionFactory().admins.add(admin)
    TOTP.activate(admin, TOTP_SECRET)
    client.force_login(admin)
    assert client.get("/").status_code == 200


def test_staff_without_totp_not_forced(client):
    client.force_login(UserFactory())
    assert client.get("/").status_code == 200


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_national_admin_without_totp_cannot_open_admin(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response["Location"] == "/konto/2fa/totp/activate/"

    TOTP.activate(superuser, TOTP_SECRET)
    assert client.get("/admin/").status_code == 200
