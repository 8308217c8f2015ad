"""The Celery application.

The beat schedule is static and lives here, in code: periodic tasks scan the database
for what is due rather than being scheduled days ahead with an ETA (Redis would
redeliver such a task after its visibility timeout).
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "selvhjelp.settings")

app = Celery("selvhjelp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "scan-reminders": {
        "task": "notifications.tasks.scan_reminders",
        "schedule": 5 * 60.0,
    },
    "deliver-due-messages": {
        "task": "notifications.tasks.deliver_due_messages",
        "schedule": 60.0,
    },
    "clear-expired-sessions": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=17),
    },
    "send-weekly-digests": {
        "task": "notifications.tasks.send_weekly_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
    "send-monthly-summaries": {
        "task": "notifications.tasks.send_monthly_summaries",
        "schedule": crontab(hour=7, minute=0, day_of_month=1),
    },
    "run-retention": {
        "task": "notifications.tasks.run_retention",
        "schedule": crontab(hour=3, minute=40),
    },
}
