"""Production refuses to start on unsafe values; development starts with none set."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAFE_PRODUCTION = {
    "SELVHJELP_ENV": "production",
    "DJANGO_SECRET_KEY": "x7" * 30,
    "DJANGO_ALLOWED_HOSTS": "selvhjelp.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/selvhjelp",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp://mail.example:587",
    "DEFAULT_FROM_EMAIL": "Selvhjelp <ikke-svar@selvhjelp.example>",
    "SITE_URL": "https://selvhjelp.example",
    "SMS_BACKEND": "notifications.sms.SveveSmsBackend",
}


def start_django(**environment):
    """Load the settings in a fresh interpreter, as a web process would at start."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SELVHJELP_"))}
    for name in ("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "CELERY_BROKER_URL"):
        clean.pop(name, None)
    clean["DJANGO_SETTINGS_MODULE"] = "selvhjelp.settings"
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env={**clean, **environment},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_settings_development_starts_without_environment():
    result = start_django()
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_settings_production_with_safe_values_starts():
    result = start_django(**SAFE_PRODUCTION)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("override", "complaint"),
    [
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG must be off"),
        ({"DJANGO_ALLOWED_HOSTS": ""}, "DJANGO_ALLOWED_HOSTS must name"),
        ({"DATABASE_URL": ""}, "DATABASE_URL must point at PostgreSQL"),
        ({"REDIS_URL": ""}, "REDIS_URL must be set"),
        ({"EMAIL_URL": ""}, "EMAIL_URL must name a real mail server"),
        ({"EMAIL_URL": "filemail:///tmp/mail"}, "EMAIL_URL must name a real mail server"),
        ({"DEFAULT_FROM_EMAIL": ""}, "DEFAULT_FROM_EMAIL must be an address"),
        ({"SITE_URL": ""}, "SITE_URL must be the portal's public address"),
        ({"SMS_BACKEND": ""}, "SMS_BACKEND must send or keep text messages"),
    ],
)
def test_settings_production_unsafe_value_refused(override, complaint):
    environment = {**SAFE_PRODUCTION, **override}
    environment = {k: v for k, v in environment.items() if v}
    result = start_django(**environment)
    assert result.returncode != 0
    assert "Refusing to start with SELVHJELP_ENV=production" in result.stderr
    assert complaint in result.stderr
