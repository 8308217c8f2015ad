"""Shared fixtures. The suite runs on real PostgreSQL and Redis; a missing service is
a failure, never a skip."""

import pytest
import redis
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
def _clear_cache():
    """allauth's rate limits count in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()
