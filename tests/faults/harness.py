"""Real services for the fault-tolerance tests: a throwaway Redis, a small SMTP server
that can be slow, refuse or hold a reply, and Celery worker and beat processes.

Everything here is started by the test that uses it, on a free port, and stopped by
it; the shared Redis and PostgreSQL are never touched. Nothing of the portal's code is
replaced: the worker and beat are `celery -A selvhjelp` processes with the portal's
real settings, pointed at these services through the environment.
"""

import email
import email.policy
import os
import signal
import socket
import socketserver
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import redis

BASE_DIR = Path(__file__).resolve().parents[2]
CELERY = str(BASE_DIR / ".venv" / "bin" / "celery")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, *, timeout, what):
    """Poll ``condition`` until it is true; fail with ``what`` after ``timeout`` seconds.

    Waiting for a condition, never asserting how long something took.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"Gave up after {timeout} s waiting for: {what}")


# --- Redis ---------------------------------------------------------------------------


class RedisServer:
    """A `redis-server` of our own, without persistence: stopping it loses its queue, as
    a crashed Redis would."""

    def __init__(self, workdir):
        self.port = free_port()
        self.workdir = Path(workdir)
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        assert self.process is None, "already running"
        self.workdir.mkdir(parents=True, exist_ok=True)
        with (self.workdir / "redis.log").open("ab") as log:
            self.process = self._popen(log)
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        wait_for(lambda: self._answers(client), timeout=15, what="redis-server to answer")

    def _popen(self, log):
        return subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def _answers(self, client):
        if self.process.poll() is not None:
            raise AssertionError(f"redis-server exited with {self.process.returncode}")
        try:
            return client.ping()
        except redis.RedisError:
            return False

    def stop(self):
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


# --- SMTP ----------------------------------------------------------------------------


@dataclass
class Received:
    message_id: str
    recipients: tuple
    subject: str
    text: str


@dataclass
class SmtpSink:
    """A real SMTP server (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) in a thread.

    It records a message only once it has answered 250 to its DATA, as a mail server
    takes responsibility for a message only then. Switches:
    - ``refusing``: greet every connection with 421 and hang up (a mail server down);
    - ``data_delay``: wait this long before accepting each message (a slow server);
    - ``hold_data_after = n``: once n messages are accepted, never answer the next DATA
      (the client waits, mid-send) until the client goes away; ``holding`` is set then;
    - ``hold_quit_after = n``: accept message n, then never answer the client's QUIT:
      the message is delivered, the client does not know it yet.
    """

    refusing: bool = False
    data_delay: float = 0.0
    hold_data_after: int | None = None
    hold_quit_after: int | None = None
    received: list = field(default_factory=list)
    connections: int = 0
    refused: int = 0

    def __post_init__(self):
        self.lock = threading.Lock()
        self.holding = threading.Event()
        self.held_released = threading.Event()
        self.port = free_port()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            timeout = 60

            def handle(self):
                sink._session(self)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    # What the tests read.

    def message_ids(self):
        with self.lock:
            return Counter(message.message_id for message in self.received)

    def count(self):
        with self.lock:
            return len(self.received)

    # The dialogue.

    def _reply(self, handler, line):
        handler.wfile.write(line.encode() + b"\r\n")
        handler.wfile.flush()

    def _hold_until_client_gone(self, handler):
        """Answer nothing; return when the client has closed the connection."""
        self.holding.set()
        try:
            while handler.rfile.readline():
                pass
        except OSError:
            pass
        self.held_released.set()

    def _session(self, handler):
        with self.lock:
            self.connections += 1
            refusing = self.refusing
            if refusing:
                self.refused += 1
        if refusing:
            self._reply(handler, "421 4.3.2 Service not available, closing channel")
            return
        self._reply(handler, "220 sink.test ESMTP")
        recipients, delivered_here, accepted = [], False, 0
        while True:
            line = handler.rfile.readline()
            if not line:
                return
            command = line.decode("utf-8", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self._reply(handler, "250-sink.test")
                self._reply(handler, "250-8BITMIME")
                self._reply(handler, "250 SIZE 33554432")
            elif verb in {"HELO", "NOOP"}:
                self._reply(handler, "250 OK")
            elif verb in {"RSET", "MAIL"}:
                recipients = []
                self._reply(handler, "250 OK")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].strip()
                recipients.append(address.split(">", 1)[0].lstrip("<"))
                self._reply(handler, "250 OK")
            elif verb == "DATA":
                self._reply(handler, "354 End data with <CR><LF>.<CR><LF>")
                data = self._read_data(handler)
                if data is None:
                    return
                with self.lock:
                    hold = (
                        self.hold_data_after is not None
                        and len(self.received) >= self.hold_data_after
                        and not self.holding.is_set()
                    )
                if hold:
                    self._hold_until_client_gone(handler)
                    return
                if self.data_delay:
                    time.sleep(self.data_delay)
                parsed = email.message_from_bytes(data, policy=email.policy.default)
                body = parsed.get_body(preferencelist=("plain",))
                with self.lock:
                    self.received.append(
                        Received(
                            message_id=str(parsed["Message-ID"]),
                            recipients=tuple(recipients),
                            subject=str(parsed["Subject"]),
                            text=body.get_content() if body is not None else "",
                        )
                    )
                    accepted = len(self.received)
                self._reply(handler, "250 OK queued")
                delivered_here, recipients = True, []
            elif verb == "QUIT":
                with self.lock:
                    hold = (
                        delivered_here
                        and self.hold_quit_after is not None
                        and accepted == self.hold_quit_after
                        and not self.holding.is_set()
                    )
                if hold:
                    self._hold_until_client_gone(handler)
                    return
                self._reply(handler, "221 Bye")
                return
            else:
                self._reply(handler, "502 Command not implemented")

    def _read_data(self, handler):
        lines = []
        while True:
            line = handler.rfile.readline()
            if not line:
                return None
            if line in {b".\r\n", b".\n"}:
                return b"".join(lines)
            if line.startswith(b".."):
                line = line[1:]
            lines.append(line)


# --- Celery processes -----------------------------------------------------------------


class CeleryProcess:
    """One `celery -A selvhjelp <worker|beat>` process with its log in a file."""

    def __init__(self, name, arguments, env, log_path):
        self.name = name
        self.log_path = Path(log_path)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [CELERY, "-A", "selvhjelp", *arguments],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group: stopping it never signals the test run.
                start_new_session=True,
            )

    @property
    def pid(self):
        return self.process.pid

    def log(self):
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def running(self):
        return self.process.poll() is None

    def wait_until_logged(self, text, *, timeout=60):
        def logged():
            if not self.running():
                raise AssertionError(
                    f"{self.name} exited with {self.process.returncode}:\n{self.log()[-3000:]}"
                )
            return text in self.log()

        wait_for(logged, timeout=timeout, what=f"{self.name} to log {text!r}")

    def kill(self):
        """SIGKILL: no shutdown, no acknowledgement, no rollback by the process itself."""
        os.kill(self.pid, signal.SIGKILL)
        self.process.wait(timeout=15)

    def stop(self):
        if not self.running():
            return
        # Celery's warm shutdown; if it hangs, kill the process group we created.
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.pid, signal.SIGKILL)
            self.process.wait(timeout=15)


def database_url(settings_dict):
    """A DATABASE_URL for the test database pytest-django created."""
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


# --- Driving the processes --------------------------------------------------------------


def wait_until_run(task_id, workers, *, timeout=60):
    """Wait until one of ``workers`` (a worker or a list) has run task ``task_id``."""
    workers = workers if isinstance(workers, list | tuple) else [workers]
    for worker in workers:
        if not worker.running():
            raise AssertionError(f"{worker.name} exited:\n{worker.log()[-3000:]}")
    wait_for(
        lambda: any(f"[{task_id}] succeeded" in worker.log() for worker in workers),
        timeout=timeout,
        what=f"task {task_id} to be run by {', '.join(w.name for w in workers)}",
    )


def sweep_as_beat_does(workers):
    """Send the delivery sweep through the broker, as beat does every minute, and wait
    until one of ``workers`` has run it."""
    from notifications.tasks import deliver_due_messages

    wait_until_run(deliver_due_messages.apply_async().id, workers)


def sweep_until(condition, workers, *, what, rounds=20):
    """Sweep again and again, as beat would, until ``condition`` holds.

    A row whose sender was killed stays locked until PostgreSQL notices the dead
    connection; the sweep skips locked rows, so a later sweep sends it.
    """
    for _ in range(rounds):
        sweep_as_beat_does(workers)
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"Still not true after {rounds} sweeps: {what}")


def scan_as_beat_does(workers=None):
    """Send the reminder scan through the broker, as beat does every 5 minutes; with
    ``workers``, wait until one of them has run it. Returns the task id."""
    from notifications.tasks import scan_reminders

    task_id = scan_reminders.apply_async().id
    if workers is not None:
        wait_until_run(task_id, workers)
    return task_id


def outbox_message_id(pk):
    from django.conf import settings

    return f"<outbox-{pk}@{settings.MESSAGE_ID_DOMAIN}>"


def assert_each_received_once(smtp_sink, *, reason, recipients):
    """One outbox row per recipient for ``reason``, each sent, and the mail server
    received each of them exactly once, to its recipient — and nothing else."""
    from notifications.models import OutboxMessage

    rows = list(
        OutboxMessage.objects.filter(reason=reason).values_list("pk", "recipient", "status")
    )
    assert sorted(recipient for _, recipient, _ in rows) == sorted(recipients)
    assert {status for _, _, status in rows} == {OutboxMessage.Status.SENT}
    assert smtp_sink.message_ids() == Counter(outbox_message_id(pk) for pk, _, _ in rows)
    assert {(m.message_id, m.recipients) for m in smtp_sink.received} == {
        (outbox_message_id(pk), (recipient,)) for pk, recipient, _ in rows
    }
