"""Small helpers shared by tests."""

import threading
import time

from django.db import connections

from selvhjelp.abuse import sign_started


def human_form_fields(seconds_ago=30):
    """The guard fields of a public form as a person's browser sends them: the honeypot
    empty, the form shown some seconds ago."""
    return {"website": "", "started": sign_started(time.time() - seconds_ago)}


def wait_until_another_backend_waits_on_a_lock(seconds=10):
    """Poll pg_stat_activity (from a connection of its own) until a backend is blocked:
    the moment to let the transaction holding the lock go on, in race tests."""
    deadline = time.monotonic() + seconds
    observer = connections.create_connection("default")
    try:
        with observer.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE wait_event_type = 'Lock' AND datname = current_database()"
                )
                if cursor.fetchone()[0]:
                    return
                time.sleep(0.01)
    finally:
        observer.close()
    raise AssertionError("The second transaction never waited for the first one's lock.")


def run_at_once(function, *, times=2):
    """Call ``function`` from ``times`` threads released together (two beat schedulers,
    two workers), each on its own database connection. Returns the results; raises the
    first error a thread met."""
    barrier = threading.Barrier(times)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(function())
        except Exception as error:  # re-raised in the calling thread below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    if errors:
        raise errors[0]
    return results
