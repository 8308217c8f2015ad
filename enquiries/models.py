"""Enquiries (henvendelser) from residents, and registrations of interest in a topic.

An enquiry may reveal a health condition: it is special-category personal data (GDPR
art. 9). It asks for the minimum (a first name or alias and one way to reach the
person), records explicit consent, and is deleted a while after it is closed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Enquiry(models.Model):
    class Kind(models.TextChoices):
        JOIN_GROUP = "join_group", _("wants to join a group")
        START_GROUP = "start_group", _("wants to start a group")
        QUESTION = "question", _("has a question")

    class Channel(models.TextChoices):
        EMAIL = "email", _("email")
        PHONE = "phone", _("phone call")
        SMS = "sms", _("text message")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        ANSWERED = "answered", _("answered")
        JOINED = "joined", _("joined a group")
        WAITING_LIST = "waiting_list", _("on a waiting list")
        REFERRED = "referred", _("referred elsewhere")
        CLOSED = "closed", _("closed")

    contact_point = models.ForeignKey(
        "contactpoints.ContactPoint",
        on_delete=models.CASCADE,
        related_name="enquiries",
        verbose_name=_("contact point"),
    )
    group = models.ForeignKey(
        "groups.SelfHelpGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enquiries",
        verbose_name=_("group"),
    )
    topic = models.ForeignKey(
        "groups.Topic",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enquiries",
        verbose_name=_("topic"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.QUESTION)
    name = models.CharField(_("first name or alias"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    preferred_channel = models.CharField(
        _("preferred way to be contacted"),
        max_length=10,
        choices=Channel.choices,
        default=Channel.EMAIL,
    )
    preferred_time = models.CharField(_("best time to be contacted"), max_length=100, blank=True)
    message = models.TextField(_("message"), blank=True, max_length=4000)
    consent_given_at = models.DateTimeField(_("consent given"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_enquiries",
        verbose_name=_("assigned to"),
    )
    # Raised by every change in the inbox, so two colleagues do not overwrite each other.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    first_response_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""),
                name="enquiries_enquiry_has_contact",
                violation_error_message=_("Give an email address or a phone number."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["join_group", "start_group", "question"]),
                name="enquiries_enquiry_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "new",
                        "in_progress",
                        "answered",
                        "joined",
                        "waiting_list",
                        "referred",
                        "closed",
                    ]
                ),
                name="enquiries_enquiry_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(preferred_channel="email", email__gt="")
                | Q(preferred_channel__in=["phone", "sms"], phone__gt=""),
                name="enquiries_enquiry_channel_reachable",
                violation_error_message=_("Give the contact detail for the way you prefer."),
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False)
                | (~Q(status="closed") & Q(closed_at__isnull=True)),
                name="enquiries_enquiry_closed_at_iff_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["contact_point", "status", "created_at"]),
            models.Index(fields=["status", "closed_at"]),
            # The overdue scanner: enquiries still waiting for a first answer.
            models.Index(
                fields=["created_at"],
                condition=Q(status="new", first_response_at__isnull=True),
                name="enquiries_enquiry_unanswered",
            ),
        ]

    def __str__(self):
        # Never the content or the person: a string of an enquiry may end up in a log.
        return f"#{self.pk}"


class EnquiryNote(models.Model):
    """An internal note on an enquiry, for colleagues only; deleted with the enquiry."""

    enquiry = models.ForeignKey(
        Enquiry, on_delete=models.CASCADE, related_name="notes", verbose_name=_("enquiry")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    body = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"#{self.enquiry_id} note {self.pk}"


class EnquiryStatusChange(models.Model):
    """Who moved an enquiry from which status to which, and when."""

    enquiry = models.ForeignKey(
        Enquiry, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("enquiry")
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Enquiry.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=Enquiry.Status.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("enquiry status change")
        verbose_name_plural = _("enquiry status changes")
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"#{self.enquiry_id}: {self.from_status} → {self.to_status}"


class EnquiryAccess(models.Model):
    """One reading of an enquiry's content: who, when, which enquiry.

    Kept after the enquiry itself is deleted (the number stays, the content is gone),
    so a manager can still answer "who read it" for as long as the log is kept.
    """

    contact_point = models.ForeignKey(
        "contactpoints.ContactPoint",
        on_delete=models.CASCADE,
        related_name="enquiry_accesses",
        verbose_name=_("contact point"),
    )
    enquiry_number = models.PositiveIntegerField(_("enquiry"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("read by"),
    )
    # Kept as text too: the log must still say who read it after an account is deleted.
    user_email = models.EmailField(_("read by (email)"))
    on_behalf = models.BooleanField(
        _("read by a region or national admin"),
        default=False,
        help_text=_("Not a member of the contact point, acting on its behalf."),
    )
    accessed_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("enquiry access")
        verbose_name_plural = _("enquiry access log")
        ordering = ["-accessed_at", "-pk"]
        indexes = [models.Index(fields=["contact_point", "-accessed_at"])]

    def __str__(self):
        return f"#{self.enquiry_number} read by {self.user_email}"


class InterestRegistration(models.Model):
    """ "I would join a group on this topic here": demand made visible, without commitment.

    Only topic and municipality; a contact address is optional, for being told when a
    group starts.
    """

    topic = models.ForeignKey(
        "groups.Topic",
        on_delete=models.CASCADE,
        related_name="interest_registrations",
        verbose_name=_("topic"),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="interest_registrations",
        verbose_name=_("municipality"),
    )
    email = models.EmailField(_("email (optional)"), blank=True)
    phone = models.CharField(_("phone (optional)"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    notified_at = models.DateTimeField(_("told about a group"), null=True, blank=True)

    class Meta:
        verbose_name = _("interest registration")
        verbose_name_plural = _("interest registrations")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["municipality", "topic", "created_at"]),
            # The interest scanner: people who left a contact and are not yet told.
            models.Index(
                fields=["created_at"],
                condition=Q(notified_at__isnull=True) & ~Q(email="", phone=""),
                name="enquiries_interest_pending",
            ),
        ]

    def __str__(self):
        return f"{self.topic} – {self.municipality}"
