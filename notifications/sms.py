"""Text messages: a small interface of our own, with one backend per gateway.

Production talks to a Norwegian SMS gateway over HTTPS; development writes messages to
the console or a file; the tests use the in-memory fake, which lies where the gateway
would (the same interface, nothing of our own code replaced).
"""

import json
import logging
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The gateway refused or could not be reached; the outbox retries."""


class BaseSmsBackend:
    def send(self, *, to, text):
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    def send(self, *, to, text):
        logger.info("SMS to %s: %s", to, text)


class FileSmsBackend(BaseSmsBackend):
    """One JSON line per message in SMS_FILE_PATH (default var/sms.log)."""

    def send(self, *, to, text):
        path = Path(settings.SMS_FILE_PATH)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            f.write(json.dumps({"at": timezone.now().isoformat(), "to": to, "text": text}) + "\n")


class FakeSmsBackend(BaseSmsBackend):
    """For tests: keeps what was sent in ``FakeSmsBackend.outbox``, like Django's
    locmem email backend; set ``FakeSmsBackend.failing = True`` to act as a gateway
    that is down."""

    outbox: list[dict] = []
    failing = False

    def send(self, *, to, text):
        if FakeSmsBackend.failing:
            raise SmsError("gateway unavailable")
        FakeSmsBackend.outbox.append({"to": to, "text": text})


class SveveSmsBackend(BaseSmsBackend):
    """Sveve's HTTP API (https://sveve.no). SMS_SVEVE_TEST=true sends nothing for real."""

    url = "https://sveve.no/SMS/SendMessage"

    def send(self, *, to, text):
        query = urllib.parse.urlencode(
            {
                "user": settings.SMS_SVEVE_USER,
                "passwd": settings.SMS_SVEVE_PASSWORD,
                "to": to,
                "msg": text,
                "from": settings.SMS_SENDER,
                "f": "json",
                "test": "true" if settings.SMS_SVEVE_TEST else "false",
            }
        )
        try:
            with urllib.request.urlopen(f"{self.url}?{query}", timeout=15) as response:  # noqa: S310
                answer = json.load(response)
        except (OSError, ValueError) as error:
            raise SmsError(str(error)) from error
        if answer.get("response", {}).get("fatalError") or answer.get("response", {}).get("errors"):
            raise SmsError(json.dumps(answer)[:500])


def get_backend():
    return import_string(settings.SMS_BACKEND)()


def send_sms(*, to, text):
    get_backend().send(to=to, text=text)
