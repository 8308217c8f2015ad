"""Fixtures for the fault-tolerance tests: real Redis, real SMTP, real Celery processes.

Each test gets its own `redis-server` on a free port, its own SMTP server and its own
worker and beat processes, and stops exactly those. The processes use the portal's
real settings (selvhjelp.settings) with this test's database, Redis and mail server
given through the environment; the tests run on a transactional database so the
processes see what the test committed.
"""

import datetime
import os
from contextlib import contextmanager

import pytest
from django.db import connection
from django.utils import timezone

from groups.models import SelfHelpGroup, StarterAssignment
from tests.faults.harness import BASE_DIR, CeleryProcess, RedisServer, SmtpSink, database_url


@pytest.fixture
def throwaway_redis(tmp_path):
    """A redis-server of this test's own; ``.stop()`` and ``.start()`` (same port) make
    an outage."""
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_sink():
    sink = SmtpSink()
    yield sink
    sink.close()


@contextmanager
def broker_of_this_process(url):
    """Point this (the web) process's Celery app at ``url`` — what queueing after a
    commit talks to — and back afterwards. Celery reads its settings once, so the
    setting alone would not do: the app's cached connection pools are dropped too."""
    from selvhjelp.celery import app

    def use(broker_url):
        app.conf.broker_url = broker_url
        if app._pool is not None:
            app._pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None

    previous = app.conf.broker_url
    use(url)
    try:
        yield app
    finally:
        use(previous)


@pytest.fixture
def web_broker(throwaway_redis):
    """The test process (the web, through Django's test client) queues on the throwaway
    Redis, whatever state it is in."""
    with broker_of_this_process(throwaway_redis.url) as app:
        yield app


class CeleryProcesses:
    """Starts `celery -A selvhjelp worker` and `... beat` processes for one test."""

    def __init__(self, *, redis_url, smtp_port, tmp_path):
        from selvhjelp.celery import app

        self.tmp_path = tmp_path
        self.started = []
        # The worker consumes the portal's default queue (tasks sent by other workers
        # and by beat) and the queue the test process sends to (settings_test names it
        # per xdist worker); both live on this test's own Redis.
        self.queues = ",".join(sorted({"celery", app.conf.task_default_queue}))
        self.sms_path = tmp_path / "sms.jsonl"
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PYTEST", "DJANGO_", "CELERY_", "SELVHJELP_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="selvhjelp.settings",
            SELVHJELP_ENV="development",
            DJANGO_DEBUG="false",
            DATABASE_URL=database_url(connection.settings_dict),
            REDIS_URL=redis_url,
            CELERY_BROKER_URL=redis_url,
            EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
            SMS_BACKEND="notifications.sms.FileSmsBackend",
            SMS_FILE_PATH=str(self.sms_path),
            PYTHONPATH=str(BASE_DIR),
            LOG_LEVEL="INFO",
        )
        self.env = env

    def worker(self, name="worker1", *, pool="solo", concurrency=1):
        """A worker, started and ready to consume when this returns."""
        process = CeleryProcess(
            name,
            [
                "worker",
                f"--pool={pool}",
                f"--concurrency={concurrency}",
                f"--hostname={name}@faults",
                f"--queues={self.queues}",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
            ],
            self.env,
            self.tmp_path / f"{name}.log",
        )
        self.started.append(process)
        process.wait_until_logged(f"{name}@faults ready.")
        return process

    def beat(self, name="beat1", *, every_seconds=1.0):
        """A beat process sending the portal's scan and sweep entries every few seconds
        (see tests/faults/beat.py)."""
        process = CeleryProcess(
            name,
            [
                "beat",
                "--scheduler=tests.faults.beat.CompressedScheduler",
                f"--schedule={self.tmp_path / f'{name}-schedule'}",
                f"--pidfile={self.tmp_path / f'{name}.pid'}",
                "--loglevel=INFO",
            ],
            {**self.env, "FAULTS_BEAT_SECONDS": str(every_seconds)},
            self.tmp_path / f"{name}.log",
        )
        self.started.append(process)
        process.wait_until_logged("beat: Starting...")
        return process

    def stop_all(self):
        for process in reversed(self.started):
            process.stop()


@pytest.fixture
def celery_processes(reference_data, throwaway_redis, web_broker, smtp_sink, tmp_path):
    """Worker and beat processes on this test's Redis, database and mail server; this
    process queues on that Redis too (``web_broker``), never on the shared one.

    Depends on ``reference_data`` (a transactional database) so the processes are
    stopped before the tables are emptied at the end of the test.
    """
    processes = CeleryProcesses(
        redis_url=throwaway_redis.url, smtp_port=smtp_sink.port, tmp_path=tmp_path
    )
    yield processes
    processes.stop_all()


@pytest.fixture
def due_starter_reminders(reference_data):
    """``make(count)``: starters assigned (two days ago) to meetings that start in about
    47 hours, at a contact point that reminds 48 hours ahead: each one's reminder is due
    now. Returns the starters' email addresses."""
    from tests.factories import (
        ContactPointFactory,
        GroupMeetingFactory,
        SelfHelpGroupFactory,
        StarterAssignmentFactory,
        StarterFactory,
    )

    def make(count):
        contact_point = ContactPointFactory(
            starter_reminder_hours=48, starter_reminder_morning=False
        )
        groups = [
            SelfHelpGroupFactory(contact_point=contact_point, status=SelfHelpGroup.Status.STARTING)
            for _ in range(3)
        ]
        soon = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(hours=47)
        emails = []
        for n in range(count):
            meeting = GroupMeetingFactory(
                group=groups[n % 3], starts_at=soon + datetime.timedelta(minutes=n // 3)
            )
            starter = StarterFactory(
                contact_point=contact_point, email=f"igangsetter{n}@example.no"
            )
            StarterAssignmentFactory(meeting=meeting, starter=starter)
            emails.append(starter.email)
        StarterAssignment.objects.update(assigned_at=timezone.now() - datetime.timedelta(days=2))
        return emails

    return make
