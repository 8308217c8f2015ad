"""Contact points (kontaktpunkter), the people who work in them, and their starters.

A contact point is the tenant: every group, event, starter and enquiry belongs to one,
and staff reach them only through their membership of it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.Model):
    """The kind of organisation a contact point is part of (frivilligsentral, LMS, ...).

    Editable data: national admins can add kinds (a student welfare body, a parish).
    """

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name (Norwegian)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("organisation type")
        verbose_name_plural = _("organisation types")
        ordering = ["position", "name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.name_en if (get_language() or "").startswith("en") else self.name


class ContactPoint(models.Model):
    """A place residents contact to join or start a self-help group.

    Always part of an existing organisation. Appears publicly only once approved by an
    admin of its region (or a national admin).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("pending approval")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("not approved")
        SUSPENDED = "suspended", _("suspended")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    organisation_type = models.ForeignKey(
        OrganisationType,
        on_delete=models.PROTECT,
        related_name="contact_points",
        verbose_name=_("organisation type"),
    )
    organisation = models.CharField(
        _("part of organisation"),
        max_length=200,
        help_text=_("The organisation the contact point belongs to, e.g. Bodø kommune."),
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.PROTECT,
        related_name="contact_points",
        verbose_name=_("municipality"),
    )
    description = models.TextField(_("what we offer"), blank=True)
    email = models.EmailField(_("public email"), blank=True)
    phone = models.CharField(_("public phone"), max_length=20, blank=True)
    website = models.URLField(_("website"), blank=True)
    address = models.CharField(_("visiting address"), max_length=200, blank=True)
    opening_hours = models.CharField(_("when to reach us"), max_length=200, blank=True)
    responsible_person = models.CharField(
        _("responsible person"),
        max_length=200,
        help_text=_("Name and role of the person responsible, e.g. Kari Nordmann, daglig leder."),
    )
    partners = models.TextField(_("partners"), blank=True)
    response_days = models.PositiveSmallIntegerField(
        _("promised response time (working days)"), default=3
    )
    starter_reminder_hours = models.PositiveSmallIntegerField(
        _("remind starters (hours before a meeting)"),
        default=48,
        help_text=_("0 for no reminder ahead; the morning reminder is set separately."),
    )
    starter_reminder_morning = models.BooleanField(
        _("remind starters on the morning of the meeting"), default=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="contact_points",
        verbose_name=_("members"),
    )

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "rejected", "suspended"]),
                name="contactpoints_contactpoint_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(response_days__gte=1, response_days__lte=30),
                name="contactpoints_contactpoint_response_days_range",
            ),
            models.CheckConstraint(
                condition=Q(starter_reminder_hours__lte=14 * 24),
                name="contactpoints_contactpoint_reminder_hours_range",
            ),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""),
                name="contactpoints_contactpoint_has_public_contact",
                violation_error_message=_("Give a public email address or phone number."),
            ),
        ]
        indexes = [models.Index(fields=["status", "municipality"])]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's place in a contact point's team."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("manager")
        STAFF = "staff", _("staff")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    contact_point = models.ForeignKey(
        ContactPoint,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("contact point"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["contact_point", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "contact_point"],
                name="contactpoints_membership_unique_user",
                violation_error_message=_("This person is already a member of the contact point."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["manager", "staff"]),
                name="contactpoints_membership_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.contact_point} ({self.get_role_display()})"


class Starter(models.Model):
    """An igangsetter on a contact point's roster: attends a new group's first meetings.

    Staff, a volunteer or a former participant, trained at starter training. Many have
    no account; reminders reach them by email or SMS.
    """

    contact_point = models.ForeignKey(
        ContactPoint,
        on_delete=models.CASCADE,
        related_name="starters",
        verbose_name=_("contact point"),
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    trained_on = models.DateField(_("trained on"), null=True, blank=True)
    topics = models.ManyToManyField(
        "groups.Topic",
        related_name="starters",
        blank=True,
        verbose_name=_("topics"),
        help_text=_("Topics the starter knows well or would like to start groups on."),
    )
    availability = models.CharField(
        _("availability"),
        max_length=200,
        blank=True,
        help_text=_("When the starter can usually come, e.g. weekday evenings."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="starter_profiles",
        verbose_name=_("user account"),
    )
    shared_in_region = models.BooleanField(
        _("shared with the region"),
        default=False,
        help_text=_("Other contact points in the region may ask this starter."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("starter")
        verbose_name_plural = _("starters")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""),
                name="contactpoints_starter_has_contact",
                violation_error_message=_("Give the starter's email address or phone number."),
            ),
            models.UniqueConstraint(
                fields=["contact_point", "user"],
                condition=Q(user__isnull=False),
                name="contactpoints_starter_unique_user",
            ),
        ]

    def __str__(self):
        return self.name


class ContactPointStatusChange(models.Model):
    """A decision about a contact point: approved, not approved, suspended, and why."""

    contact_point = models.ForeignKey(
        ContactPoint,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("contact point"),
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=ContactPoint.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ContactPoint.Status.choices)
    reason = models.TextField(_("reason"), blank=True)
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
        verbose_name = _("contact point status change")
        verbose_name_plural = _("contact point status changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.contact_point}: {self.from_status} → {self.to_status}"


class Invitation(models.Model):
    """An invitation to join a contact point's team, sent by email with a link that expires.

    Only a hash of the link's token is stored: a copy of the database cannot be used
    to join a team.
    """

    contact_point = models.ForeignKey(
        ContactPoint,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("contact point"),
    )
    email = models.EmailField(_("email"))
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.STAFF
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact_point", "email"],
                condition=Q(accepted_at__isnull=True),
                name="contactpoints_invitation_one_open_per_email",
                violation_error_message=_("This address already has an open invitation."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["manager", "staff"]),
                name="contactpoints_invitation_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.contact_point}"


class OnboardingStep(models.Model):
    """One step of a new contact point's checklist, ticked off by its staff.

    The steps come from the idea bank for starting a contact point; some are ticked
    by the data itself (a partner named, a first group started), see
    ``contactpoints.selectors.onboarding_checklist``.
    """

    class Step(models.TextChoices):
        ANCHORING = "anchoring", _("Anchored in the organisation's plans and management")
        PARTNERS = "partners", _("Partners named")
        WORK_PLAN = "work_plan", _("A work plan for the year")
        RESPONSIBLE = "responsible", _("A person responsible")
        CHANNELS = "channels", _("Information channels chosen")
        FIRST_INFO_MEETING = "first_info_meeting", _("First information meeting planned")
        FIRST_GROUP = "first_group", _("First group started")

    contact_point = models.ForeignKey(
        ContactPoint,
        on_delete=models.CASCADE,
        related_name="onboarding_steps",
        verbose_name=_("contact point"),
    )
    step = models.CharField(_("step"), max_length=30, choices=Step.choices)
    done_at = models.DateTimeField(_("done"), auto_now_add=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("onboarding step")
        verbose_name_plural = _("onboarding steps")
        ordering = ["contact_point", "step"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact_point", "step"], name="contactpoints_onboarding_step_once"
            ),
        ]

    def __str__(self):
        return f"{self.contact_point}: {self.step}"
