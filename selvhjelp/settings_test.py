"""Settings for the test suite: the real settings, with per-worker isolation.

Each pytest-xdist worker gets its own test database (pytest-django does that) and its
own Redis database number, so one worker clearing its cache or broker never touches
another's. The shared Redis on the machine is never flushed as a whole.
"""

import os
from urllib.parse import urlsplit, urlunsplit

from selvhjelp.settings import *  # noqa: F403
from selvhjelp.settings import CACHES, REDIS_URL

if not REDIS_URL:
    raise ImproperlyConfigured("The tests need Redis: set REDIS_URL (make test does).")  # noqa: F405

_worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
REDIS_TEST_DB = 1 + int(_worker.removeprefix("gw") or 0)
if REDIS_TEST_DB > 15:
    # Wrapping round would let two workers flush each other's database.
    raise ImproperlyConfigured("Redis has 16 databases: run the tests with at most 15 workers.")  # noqa: F405
_redis = urlsplit(REDIS_URL)
REDIS_TEST_URL = urlunsplit(_redis._replace(path=f"/{REDIS_TEST_DB}"))

CACHES["default"]["LOCATION"] = REDIS_TEST_URL
CACHES["default"]["KEY_PREFIX"] = f"test-{_worker}"
CELERY_BROKER_URL = REDIS_TEST_URL
CELERY_TASK_DEFAULT_QUEUE = f"test-{_worker}"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SMS_BACKEND = "notifications.sms.FakeSmsBackend"
