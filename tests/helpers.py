"""Small helpers shared by tests."""

import time

from selvhjelp.abuse import sign_started


def human_form_fields(seconds_ago=30):
    """The guard fields of a public form as a person's browser sends them: the honeypot
    empty, the form shown some seconds ago."""
    return {"website": "", "started": sign_started(time.time() - seconds_ago)}
