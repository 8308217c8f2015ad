"""Shared fixtures. The suite runs on real PostgreSQL and Redis; a missing service is
a failure, never a skip."""

import importlib

import pytest
import redis
from django.apps import apps
from django.conf import settings
from django.core.cache import cache


def pytest_configure(config):
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine != "django.db.backends.postgresql":
        raise pytest.UsageError(
            f"The tests run on PostgreSQL; DATABASE_URL gives {engine}. Use `make test`."
        )
    try:
        redis.Redis.from_url(settings.REDIS_TEST_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        raise pytest.UsageError(
            f"Redis at {settings.REDIS_TEST_URL} does not answer: {error}"
        ) from error


@pytest.fixture(autouse=True)
def sms_outbox():
    """Text messages sent through the fake gateway in this test (like mail.outbox)."""
    from notifications.sms import FakeSmsBackend

    FakeSmsBackend.outbox = []
    FakeSmsBackend.failing = False
    yield FakeSmsBackend.outbox
    FakeSmsBackend.failing = False


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth's rate limits count in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in bokmål, the site's language. A request with the English
    cookie leaves English active in the thread (the locale middleware activates, and
    nothing deactivates), which would otherwise reach the next test on the worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# The data migrations that load reference data (counties, municipalities, postcodes,
# regions, organisation types, topics).
REFERENCE_DATA_SEEDS = [
    ("regions.migrations.0002_load_reference_data", "load"),
    ("contactpoints.migrations.0002_organisation_types", "seed"),
    ("groups.migrations.0002_topics", "seed"),
]


@pytest.fixture
def reference_data(transactional_db):
    """A transactional test (a live server, a Celery worker, two threads racing) ends by
    emptying every table, reference data included; load it again when it is gone."""
    from regions.models import Municipality

    if not Municipality.objects.exists():
        for module, function in REFERENCE_DATA_SEEDS:
            getattr(importlib.import_module(module), function)(apps, None)
