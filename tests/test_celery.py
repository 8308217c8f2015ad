"""Celery runs our tasks through the real broker (Redis), with a real worker."""

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.tasks import clear_expired_sessions
from events.models import Registration
from notifications.tasks import run_retention
from selvhjelp.celery import app
from tests.factories import EventFactory, RegistrationFactory


@pytest.fixture
def celery_worker(reference_data):
    """A worker thread consuming this test process's queue on the test Redis database."""
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


def wait_for(condition, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def make_session(expires_in):
    session = SessionStore()
    session["who"] = "someone"
    session.create()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + expires_in
    )
    return session.session_key


def test_clear_expired_sessions_runs_on_worker(celery_worker):
    expired = make_session(-datetime.timedelta(minutes=1))
    current = make_session(datetime.timedelta(hours=1))

    clear_expired_sessions.delay()

    assert wait_for(lambda: not Session.objects.filter(session_key=expired).exists())
    assert Session.objects.filter(session_key=current).exists()


def test_beat_schedule_names_registered_tasks():
    registered = set(app.tasks)
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in registered


def test_retention_runs_on_worker(celery_worker):
    old_event = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=40),
        ends_at=timezone.now() - datetime.timedelta(days=40) + datetime.timedelta(hours=2),
    )
    recent_event = EventFactory(
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=3) + datetime.timedelta(hours=2),
    )
    old = RegistrationFactory(event=old_event)
    recent = RegistrationFactory(event=recent_event)

    run_retention.delay()

    assert wait_for(lambda: not Registration.objects.filter(pk=old.pk).exists())
    assert Registration.objects.filter(pk=recent.pk).exists()
