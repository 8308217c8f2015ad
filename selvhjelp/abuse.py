"""Spam and abuse resistance for the public forms, without a third-party CAPTCHA.

Three layers, each invisible to a person filling in a form honestly:
- a honeypot field that people never see (hidden by CSS and from screen readers) and
  bots tend to fill in;
- a signed timestamp: a form sent back within a few seconds of being shown was not
  filled in by a person;
- a per-IP rate limit on POSTs (django-ratelimit, counted in the shared cache), which
  answers 429 with a friendly page.
"""

import functools
import logging

from django import forms
from django.conf import settings
from django.core import signing
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"
STARTED_FIELD = "started"
_SALT = "selvhjelp.public-form-started"
MAX_FORM_AGE_SECONDS = 24 * 60 * 60


def sign_started(at):
    return signing.dumps(at, salt=_SALT)


class PublicFormMixin(forms.Form):
    """Mix into every form a resident can send. Render the two extra fields with
    ``{% include "components/public_form_guard.html" %}``."""

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._now = (now or timezone.now()).timestamp()
        # A fresh timestamp on every render, so a form re-shown after an error (or after
        # "too quick") can be sent again once the person has had time to look at it.
        self.fields[STARTED_FIELD].initial = sign_started(self._now)
        if self.is_bound:
            data = self.data.copy()
            data[STARTED_FIELD] = sign_started(self._now)
            self._submitted_started = self.data.get(STARTED_FIELD, "")
            self.data = data
        else:
            self._submitted_started = ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            raise forms.ValidationError(
                _("The form could not be sent. Please try again."), code="honeypot"
            )
        try:
            started = float(signing.loads(self._submitted_started, salt=_SALT))
            if self._now - started > MAX_FORM_AGE_SECONDS:
                raise ValueError("form shown too long ago")
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(
                _("The form had expired. Please check what you wrote and send it again."),
                code="expired",
            ) from None
        if self._now - started < settings.PUBLIC_FORM_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was quick! Please check what you wrote and send it again."),
                code="too_quick",
            )
        return cleaned


def public_form_ratelimit(view):
    """Limit POSTs per client IP; GETs (reading the form) are never limited.

    The count lives in the cache (Redis). If Redis cannot be reached the request goes
    through: a resident in need must reach a contact point, and the honeypot and the
    fill-time check still stand. (django-ratelimit's RATELIMIT_FAIL_OPEN covers a cache
    that answers nothing, not one that raises, hence the try here.)
    """
    group = f"{view.__module__}.{view.__qualname__}"

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            limited = is_ratelimited(
                request,
                group=group,
                key="ip",
                rate=_public_form_rate,
                method="POST",
                increment=True,
            )
        except RedisError:
            logger.warning("Rate limit not counted: the cache is unreachable.")
            limited = False
        if limited:
            raise Ratelimited()
        return view(request, *args, **kwargs)

    return wrapped


def _public_form_rate(group, request):
    # Read at request time, not import time, so the setting can change without a restart.
    return settings.PUBLIC_FORM_RATE


def ratelimited_view(request, exception):
    """RATELIMIT_VIEW: django-ratelimit's refusal as a calm 429 page, not a 403."""
    return render(request, "429.html", status=429)
