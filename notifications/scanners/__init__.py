"""Reminder scanners: each finds what is due in the database and queues it in the outbox.

A scanner is ``scan(*, now) -> int`` (how many messages it queued). Its keys are
deterministic, so running a pass twice — or two beat schedulers at once — queues
nothing new. ``scan_reminders`` (notifications/tasks.py) runs them all every 5 minutes.
"""

from notifications.scanners import enquiries, interest, registrants, starters

SCANNERS = [
    enquiries.scan,
    starters.scan,
    registrants.scan,
    interest.scan,
]


def run_all(*, now):
    """Run every scanner; returns {scanner name: messages queued}."""
    return {f"{scan.__module__}.{scan.__name__}": scan(now=now) for scan in SCANNERS}
