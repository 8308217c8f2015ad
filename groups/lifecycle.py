"""A group's life, in one place: which status may follow which.

planned → recruiting → starting → running ⇄ paused → closed

- A group may step back while it has not started (recruiting → planned, starting →
  recruiting when the start is put off), and may start without a starter
  (recruiting → running). A group registered here after it began meeting goes from
  planned straight to running.
- A planned group cannot be paused: it has never met. A running or paused group does
  not go back to planned or starting: it has met, and runs itself.
- Any group that is not closed may be closed; closing needs a note.
- A closed group may be reopened (to planned, recruiting or running), with a reason:
  staff close a group by mistake, or a group comes back after a break. Its history is
  kept; its cancelled meetings stay cancelled until staff restore them.

``groups.services.group_status_change`` enforces this; forms and pages use
``next_statuses`` to offer only what is allowed.
"""

from groups.models import SelfHelpGroup

Status = SelfHelpGroup.Status

TRANSITIONS = {
    Status.PLANNED: (Status.RECRUITING, Status.STARTING, Status.RUNNING, Status.CLOSED),
    Status.RECRUITING: (
        Status.PLANNED,
        Status.STARTING,
        Status.RUNNING,
        Status.PAUSED,
        Status.CLOSED,
    ),
    Status.STARTING: (Status.RECRUITING, Status.RUNNING, Status.PAUSED, Status.CLOSED),
    Status.RUNNING: (Status.PAUSED, Status.CLOSED),
    Status.PAUSED: (Status.RECRUITING, Status.RUNNING, Status.CLOSED),
    Status.CLOSED: (Status.PLANNED, Status.RECRUITING, Status.RUNNING),
}

# Statuses in which a starter still comes to the first meetings.
STARTER_STATUSES = (Status.PLANNED, Status.RECRUITING, Status.STARTING)


def next_statuses(status):
    """The statuses a group in ``status`` may move to, in lifecycle order."""
    return TRANSITIONS.get(status, ())


def transition_allowed(from_status, to_status):
    return to_status in next_statuses(from_status)


def reason_required(from_status, to_status):
    """Closing needs a note (it becomes the closing note); reopening needs a reason."""
    return to_status == Status.CLOSED or from_status == Status.CLOSED
