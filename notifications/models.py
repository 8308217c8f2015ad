"""The outbox: every message the portal sends is first a row here.

A message is written in the same transaction as the change that causes it, so a
message is never lost when Redis, a worker or the mail server is down, and never
exists for a change that was rolled back. Its unique key (recipient, reason, object,
occurrence) means the same message cannot be queued twice. A worker claims a row with
SELECT ... FOR UPDATE SKIP LOCKED, sends it and marks it sent in that transaction.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("email")
        SMS = "sms", _("text message")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    key = models.CharField(
        _("key"),
        max_length=200,
        unique=True,
        help_text=_("Recipient, reason, object and occurrence: the same message is sent once."),
    )
    reason = models.CharField(_("reason"), max_length=50)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    recipient = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sent", "failed"]),
                name="notifications_outbox_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=["email", "sms"]),
                name="notifications_outbox_channel_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False)
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="notifications_outbox_sent_at_iff_sent",
            ),
        ]
        indexes = [
            models.Index(fields=["reason", "created_at"]),
            # The delivery sweep: pending rows whose time has come.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="notifications_outbox_due",
            ),
        ]

    def __str__(self):
        return f"{self.reason} → {self.recipient} ({self.get_status_display()})"


class RetentionRun(models.Model):
    """One nightly retention run: what was deleted, for the record admins see."""

    ran_at = models.DateTimeField(_("ran at"), db_index=True)
    counts = models.JSONField(
        _("deleted"),
        default=dict,
        help_text=_("How many rows of each kind were deleted."),
    )

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-ran_at"]

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d %H:%M}"
