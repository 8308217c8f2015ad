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
def reference_rows(transactional_db):
    """transactional_db empties every table after a test, the reference data with them;
    load it again when an earlier test took it (as the browser tests do)."""
    import importlib

    from django.apps import apps

    from regions.models import Municipality

    if not Municipality.objects.exists():
        for module, function in [
            ("regions.migrations.0002_load_reference_data", "load"),
            ("contactpoints.migrations.0002_organisation_types", "seed"),
            ("groups.migrations.0002_topics", "seed"),
        ]:
            getattr(importlib.import_module(module), function)(apps, None)
