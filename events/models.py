"""Information meetings and other events, and the people registered for them.

An event is organised either by a contact point or by a region (starter training is
held by the district offices). The capacity is enforced by the database: a trigger
(migration 0002) refuses a confirmed registration beyond it, however it is written.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(32)


class Event(models.Model):
    class Kind(models.TextChoices):
        INFORMATION_MEETING = "information_meeting", _("information meeting")
        NETWORK_MEETING = "network_meeting", _("network meeting")
        STARTER_TRAINING = "starter_training", _("starter training")
        EXPERIENCE_GATHERING = "experience_gathering", _("experience-sharing gathering")
        OTHER = "other", _("other event")

    class Audience(models.TextChoices):
        POTENTIAL_PARTICIPANTS = "participants", _("people who may want to join a group")
        INFORMANTS = "informants", _("staff who tell others about self-help")
        STARTERS = "starters", _("group starters")
        CONTACT_POINTS = "contact_points", _("contact points")
        EVERYONE = "everyone", _("everyone")

    class Outcome(models.TextChoices):
        GROUP_SIGNUP = "group_signup", _("joining a self-help group")
        STARTER_SIGNUP = "starter_signup", _("signing up for starter training")
        PARTNERSHIP = "partnership", _("a partnership")
        KNOWLEDGE = "knowledge", _("knowing more about self-help")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    contact_point = models.ForeignKey(
        "contactpoints.ContactPoint",
        on_delete=models.CASCADE,
        related_name="events",
        null=True,
        blank=True,
        verbose_name=_("contact point"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.CASCADE,
        related_name="events",
        null=True,
        blank=True,
        verbose_name=_("region"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=Kind.choices, default=Kind.INFORMATION_MEETING
    )
    audience = models.CharField(
        _("for whom"), max_length=30, choices=Audience.choices, default=Audience.EVERYONE
    )
    intended_outcome = models.CharField(
        _("what it should lead to"),
        max_length=30,
        choices=Outcome.choices,
        default=Outcome.KNOWLEDGE,
    )
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    is_online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(
        _("online meeting link"), blank=True, help_text=_("Sent to registered people only.")
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
        verbose_name=_("municipality"),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PUBLISHED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(contact_point__isnull=False, region__isnull=True)
                    | Q(contact_point__isnull=True, region__isnull=False)
                ),
                name="events_event_one_organiser",
                violation_error_message=_(
                    "An event is organised by a contact point or by a region, not both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="events_event_ends_after_start",
                violation_error_message=_("An event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="events_event_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(is_online=True) | Q(municipality__isnull=False),
                name="events_event_place_or_online",
                violation_error_message=_("An event in person needs a municipality."),
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "information_meeting",
                        "network_meeting",
                        "starter_training",
                        "experience_gathering",
                        "other",
                    ]
                ),
                name="events_event_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "cancelled"]),
                name="events_event_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    audience__in=[
                        "participants",
                        "informants",
                        "starters",
                        "contact_points",
                        "everyone",
                    ]
                ),
                name="events_event_audience_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    intended_outcome__in=[
                        "group_signup",
                        "starter_signup",
                        "partnership",
                        "knowledge",
                        "other",
                    ]
                ),
                name="events_event_outcome_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self):
        return self.title


class Registration(models.Model):
    """A person's place at an event, or on its waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("registered")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CONFIRMED
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""),
                name="events_registration_has_contact",
                violation_error_message=_("Give an email address or a phone number."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waiting", "cancelled"]),
                name="events_registration_status_valid",
            ),
            models.UniqueConstraint(
                "event",
                models.functions.Lower("email"),
                condition=~Q(email="") & ~Q(status="cancelled"),
                name="events_registration_unique_email",
                violation_error_message=_("This email address is already registered."),
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self):
        return f"{self.name} – {self.event}"


class EventMessage(models.Model):
    """A message staff sent to an event's registrants from the workspace.

    Kept so colleagues see what was said and to how many. ``key`` comes from the form
    the message was written in: sending the same form twice sends nothing new.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="messages", verbose_name=_("event")
    )
    key = models.UUIDField(_("key"), unique=True, editable=False)
    text = models.TextField(_("message"))
    include_waiting = models.BooleanField(_("also to the waiting list"), default=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    email_count = models.PositiveIntegerField(_("by email"), default=0)
    sms_count = models.PositiveIntegerField(_("by text message"), default=0)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.event} ({self.created_at:%Y-%m-%d %H:%M})"
