import datetime

import pytest
from django.utils import timezone

from tests.helpers import human_form_fields


def evening_in(days, hour=18):
    """``hour`` o'clock Oslo time, ``days`` days from now."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def registration_data(**fields):
    """A registration form as a person's browser sends it."""
    return {
        "name": "Kari",
        "email": "kari@example.no",
        "phone": "",
        "consent": "on",
        **human_form_fields(),
        **fields,
    }


@pytest.fixture
def english(client):
    """The test client, reading the site in English."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def reference_rows(reference_data):
    """The shared reference_data fixture (tests/conftest.py), under this folder's name."""
