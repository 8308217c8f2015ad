"""Self-organised self-help groups, their meetings, and the starters assigned to them."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def new_token():
    return secrets.token_urlsafe(32)


class Topic(models.Model):
    """What a group is about (angst, sorg, pårørende, ...). Editable data."""

    name = models.CharField(_("name (Norwegian)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name_en if (get_language() or "").startswith("en") else self.name


class SelfHelpGroup(models.Model):
    """A selvorganisert selvhjelpsgruppe: led by its own members, free, no diagnosis needed.

    A starter attends the first meetings (status "starting"); after that the group runs
    itself. The venue is public only when the contact point chooses so; otherwise a
    resident learns it after getting in touch.
    """

    class Kind(models.TextChoices):
        SAME_PROBLEM = "same_problem", _("same problem")
        CROSS_PROBLEM = "cross_problem", _("across problems")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("by phone")
        VIDEO = "video", _("by video")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RECRUITING = "recruiting", _("recruiting members")
        STARTING = "starting", _("starting (starter present)")
        RUNNING = "running", _("running on its own")
        PAUSED = "paused", _("paused")
        CLOSED = "closed", _("closed")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("every week")
        BIWEEKLY = "biweekly", _("every other week")
        MONTHLY = "monthly", _("once a month")
        OTHER = "other", _("by agreement")

    contact_point = models.ForeignKey(
        "contactpoints.ContactPoint",
        on_delete=models.CASCADE,
        related_name="groups",
        verbose_name=_("contact point"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("what the group is"), blank=True)
    topics = models.ManyToManyField(
        Topic, related_name="groups", blank=True, verbose_name=_("topics")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.SAME_PROBLEM
    )
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="groups",
        verbose_name=_("municipality"),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=200, blank=True)
    show_venue_publicly = models.BooleanField(
        _("show venue publicly"),
        default=False,
        help_text=_("Otherwise the venue is given to a person when they get in touch."),
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    frequency = models.CharField(
        _("how often"), max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    open_for_new_members = models.BooleanField(_("open for new members"), default=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    confirmed_at = models.DateTimeField(
        _("listing confirmed correct"),
        null=True,
        blank=True,
        help_text=_("When staff last confirmed that the public listing is still correct."),
    )
    # Raised by every edit in the workspace: two people editing the same group at once
    # must not overwrite each other without knowing (see groups.services.group_update).
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("self-help group")
        verbose_name_plural = _("self-help groups")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["same_problem", "cross_problem"]),
                name="groups_group_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(format__in=["in_person", "phone", "video"]),
                name="groups_group_format_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["planned", "recruiting", "starting", "running", "paused", "closed"]
                ),
                name="groups_group_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(weekday__isnull=True) | Q(weekday__gte=0, weekday__lte=6),
                name="groups_group_weekday_range",
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=["weekly", "biweekly", "monthly", "other"]),
                name="groups_group_frequency_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(open_for_new_members=False),
                name="groups_group_closed_not_open",
                violation_error_message=_("A closed group cannot be open for new members."),
            ),
            models.CheckConstraint(
                condition=Q(show_venue_publicly=False) | ~Q(venue_name=""),
                name="groups_group_public_venue_named",
                violation_error_message=_("Name the venue before showing it publicly."),
            ),
        ]
        indexes = [models.Index(fields=["status", "municipality"])]

    def __str__(self):
        return self.title


class GroupStatusChange(models.Model):
    """A step in a group's life: from which status to which, why, by whom, from when."""

    group = models.ForeignKey(
        SelfHelpGroup,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("group"),
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=SelfHelpGroup.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=SelfHelpGroup.Status.choices)
    reason = models.TextField(_("reason"), blank=True)
    effective_on = models.DateField(_("from date"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    changed_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("group status change")
        verbose_name_plural = _("group status changes")
        ordering = ["-changed_at", "-pk"]
        indexes = [models.Index(fields=["to_status", "effective_on"])]

    def __str__(self):
        return f"{self.group}: {self.from_status} → {self.to_status}"


class GroupMeeting(models.Model):
    """One dated meeting of a group. The first ones are where starters are assigned."""

    group = models.ForeignKey(
        SelfHelpGroup, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("group")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    starters = models.ManyToManyField(
        "contactpoints.Starter",
        through="StarterAssignment",
        related_name="meetings",
        blank=True,
        verbose_name=_("starters"),
    )

    class Meta:
        verbose_name = _("group meeting")
        verbose_name_plural = _("group meetings")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "starts_at"],
                name="groups_meeting_unique_time",
                violation_error_message=_("The group already meets at that time."),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="groups_meeting_ends_after_start",
                violation_error_message=_("A meeting must end after it starts."),
            ),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self):
        return f"{self.group} {self.starts_at:%Y-%m-%d %H:%M}"


class StarterAssignment(models.Model):
    """A starter's place at one group meeting, and whether they have confirmed it."""

    class Response(models.TextChoices):
        PENDING = "pending", _("not answered")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")

    meeting = models.ForeignKey(
        GroupMeeting,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("meeting"),
    )
    starter = models.ForeignKey(
        "contactpoints.Starter",
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("starter"),
    )
    response = models.CharField(
        _("response"), max_length=20, choices=Response.choices, default=Response.PENDING
    )
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    # The key of the starter's confirm/decline link: starters often have no account.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    class Meta:
        verbose_name = _("starter assignment")
        verbose_name_plural = _("starter assignments")
        ordering = ["meeting", "starter"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "starter"],
                name="groups_assignment_unique_starter",
                violation_error_message=_("This starter is already assigned to the meeting."),
            ),
            models.CheckConstraint(
                condition=Q(response__in=["pending", "confirmed", "declined"]),
                name="groups_assignment_response_valid",
            ),
        ]

    def __str__(self):
        return f"{self.starter} @ {self.meeting}"
