"""The public-form guard: honeypot, minimum fill time, rate limit, body size."""

import time

import pytest
from django import forms
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation
from django_ratelimit.exceptions import Ratelimited

from selvhjelp.abuse import (
    PublicFormMixin,
    public_form_ratelimit,
    ratelimited_view,
    sign_started,
)
from tests.helpers import human_form_fields


class ExampleForm(PublicFormMixin):
    name = forms.CharField()


def test_public_form_person_passes():
    form = ExampleForm(data={"name": "Kari", **human_form_fields()})
    assert form.is_valid(), form.errors


def test_public_form_honeypot_filled_refused():
    form = ExampleForm(data={"name": "Kari", **human_form_fields(), "website": "http://spam"})
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "honeypot"


def test_public_form_too_quick_refused_then_accepted_later():
    form = ExampleForm(data={"name": "Kari", "website": "", "started": sign_started(time.time())})
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "too_quick"
    # What the person typed stays, with a fresh stamp to send again.
    assert form["name"].value() == "Kari"
    assert form["started"].value() != ""


@pytest.mark.parametrize(
    "started",
    ["", "garbage", sign_started(time.time() - 3 * 86400)],
    ids=["missing", "forged", "three-days-old"],
)
def test_public_form_missing_or_forged_stamp_refused(started):
    form = ExampleForm(data={"name": "Kari", "website": "", "started": started})
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "expired"


def test_public_form_errors_translated():
    form = ExampleForm(data={"name": "Kari", "website": "", "started": sign_started(time.time())})
    with translation.override("nb"):
        assert "Det gikk fort" in str(form.non_field_errors())


def test_public_form_ratelimit_counts_posts_per_ip(settings):
    settings.PUBLIC_FORM_RATE = "2/m"
    view = public_form_ratelimit(lambda request: HttpResponse("ok"))
    factory = RequestFactory()

    assert [view(factory.post("/", REMOTE_ADDR="10.1.2.3")).status_code for _ in "ab"] == [
        200,
        200,
    ]
    with pytest.raises(Ratelimited):
        view(factory.post("/", REMOTE_ADDR="10.1.2.3"))
    # Reading the form is never limited; another address has its own count.
    assert view(factory.get("/", REMOTE_ADDR="10.1.2.3")).status_code == 200
    assert view(factory.post("/", REMOTE_ADDR="10.9.9.9")).status_code == 200


def test_ratelimited_view_is_friendly_429(rf):
    response = ratelimited_view(rf.post("/"), Ratelimited())
    assert response.status_code == 429
