"""A beat scheduler for the fault tests: the portal's own schedule, faster.

`celery -A selvhjelp beat -S tests.faults.beat.CompressedScheduler` sends the very
entries of selvhjelp/celery.py (same names, same tasks, same routing) for the reminder
scan and the delivery sweep, every FAULTS_BEAT_SECONDS instead of every 5 minutes and
every minute, so two real beat processes can be run side by side within a test. The
nightly entries are left out. Nothing in the portal's code changes for it.
"""

import os
from datetime import timedelta

from celery.beat import Scheduler
from celery.schedules import schedule

FAST_TASKS = {
    "notifications.tasks.scan_reminders",
    "notifications.tasks.deliver_due_messages",
}


class CompressedScheduler(Scheduler):
    def setup_schedule(self):
        every = schedule(timedelta(seconds=float(os.environ["FAULTS_BEAT_SECONDS"])))
        entries = {
            name: {**entry, "schedule": every}
            for name, entry in self.app.conf.beat_schedule.items()
            if entry["task"] in FAST_TASKS
        }
        assert set(FAST_TASKS) == {entry["task"] for entry in entries.values()}
        self.merge_inplace(entries)
