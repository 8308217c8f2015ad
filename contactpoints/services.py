"""Writes about a contact point itself: registering and deciding on it, its team and
invitations, its onboarding checklist and its settings.

Every function runs in one transaction and raises ``ValidationError`` with a message
the person can act on. Messages go through the outbox in the same transaction, so a
decision is never recorded without its email, nor the other way round.
"""

import datetime
import hashlib
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from contactpoints.models import (
    ContactPoint,
    ContactPointStatusChange,
    Invitation,
    Membership,
    OnboardingStep,
)
from contactpoints.selectors import ONBOARDING_MANUAL_STEPS
from notifications.services import message_queue
from regions.access import may_decide_contact_point
from selvhjelp.slugs import unique_slug

# Slugs the workspace's own pages use at /arbeidsflate/<slug>/: a contact point
# called so would be hidden behind them.
# Words /arbeidsflate/ uses for itself; a contact point's slug must not be one.
RESERVED_SLUGS = {"nytt-kontaktpunkt", "invitasjon"}


def _absolute(path):
    return settings.SITE_URL + path


# --- Registering and deciding ---------------------------------------------------------


def _region_admin_addresses(contact_point):
    """Who decides on this contact point: its region's active admins, or (a county in
    no region, or a region without admins) the national admins."""
    region_admins = User.objects.filter(
        is_active=True,
        administered_regions__region_counties__county_id=contact_point.municipality.county_id,
    )
    recipients = list(region_admins.distinct().order_by("pk"))
    if not recipients:
        recipients = list(User.objects.filter(is_active=True, is_superuser=True).order_by("pk"))
    return recipients


def contact_point_register(
    *,
    user,
    name,
    organisation,
    organisation_type,
    municipality,
    responsible_person,
    email="",
    phone="",
    website="",
    address="",
    opening_hours="",
    description="",
    partners="",
):
    """Register a new contact point, pending until its region approves it.

    The applicant becomes its manager, so the team can prepare while it waits. The
    applicant is told that the registration is received; the region's admins (or, with
    none, the national admins) that one waits for them, by name only.
    """
    contact_point = ContactPoint(
        name=name.strip(),
        organisation=organisation.strip(),
        organisation_type=organisation_type,
        municipality=municipality,
        responsible_person=responsible_person.strip(),
        email=(email or "").strip().lower(),
        phone=(phone or "").strip(),
        website=(website or "").strip(),
        address=(address or "").strip(),
        opening_hours=(opening_hours or "").strip(),
        description=(description or "").strip(),
        partners=(partners or "").strip(),
        status=ContactPoint.Status.PENDING,
        created_by=user,
    )
    # The slug is chosen at insert time, below.
    contact_point.full_clean(exclude=["slug"], validate_unique=False)

    with transaction.atomic():
        # Two registrations of the same name at once: the second takes the next number.
        for attempt in range(5):
            contact_point.slug = unique_slug(
                ContactPoint.objects.all(),
                contact_point.name,
                fallback="kontaktpunkt",
                reserved=RESERVED_SLUGS,
            )
            try:
                with transaction.atomic():
                    contact_point.save()
                break
            except IntegrityError:
                taken = ContactPoint.objects.filter(slug=contact_point.slug).exists()
                if not taken or attempt == 4:
                    raise
                contact_point.pk = None
        Membership.objects.create(
            user=user, contact_point=contact_point, role=Membership.Role.MANAGER
        )
        ContactPointStatusChange.objects.create(
            contact_point=contact_point,
            from_status="",
            to_status=ContactPoint.Status.PENDING,
            changed_by=user,
        )
        context = {
            "contact_point": contact_point,
            "workspace_url": _absolute(
                reverse("workspace:dashboard", kwargs={"cp": contact_point.slug})
            ),
            "approval_url": _absolute(
                reverse("region:approval_detail", kwargs={"slug": contact_point.slug})
            ),
        }
        message_queue(
            to=user.email,
            reason="contact_point_received",
            key=f"contact-point-received:{contact_point.pk}",
            template="contact_point_received",
            context=context,
        )
        for admin in _region_admin_addresses(contact_point):
            message_queue(
                to=admin.email,
                reason="contact_point_pending",
                key=f"contact-point-pending:{contact_point.pk}:{admin.pk}",
                template="contact_point_pending",
                context=context,
            )
    return contact_point


def _applicant_addresses(contact_point):
    """Who hears of a decision: the person who registered it, or (gone since) its managers."""
    applicant = contact_point.created_by
    if applicant is not None and applicant.is_active:
        return [applicant]
    return list(
        User.objects.filter(
            is_active=True,
            memberships__contact_point=contact_point,
            memberships__role=Membership.Role.MANAGER,
        ).order_by("pk")
    )


def _decide(*, contact_point, user, to_status, reason=""):
    if not may_decide_contact_point(user, contact_point):
        raise PermissionDenied("Only the region's admins or a national admin decide.")
    with transaction.atomic():
        contact_point = (
            ContactPoint.objects.select_for_update(of=("self",))
            .select_related("created_by", "municipality")
            .get(pk=contact_point.pk)
        )
        if contact_point.status != ContactPoint.Status.PENDING:
            raise ValidationError(
                _(
                    "%(name)s has already been decided on: it is now “%(status)s”. "
                    "Nothing was changed."
                ),
                code="already_decided",
                params={"name": contact_point.name, "status": contact_point.get_status_display()},
            )
        now = timezone.now()
        ContactPointStatusChange.objects.create(
            contact_point=contact_point,
            from_status=contact_point.status,
            to_status=to_status,
            reason=reason,
            changed_by=user,
        )
        contact_point.status = to_status
        contact_point.status_changed_at = now
        contact_point.save(update_fields=["status", "status_changed_at", "updated_at"])

        template = (
            "contact_point_approved"
            if to_status == ContactPoint.Status.APPROVED
            else "contact_point_rejected"
        )
        context = {
            "contact_point": contact_point,
            "reason": reason,
            "workspace_url": _absolute(
                reverse("workspace:dashboard", kwargs={"cp": contact_point.slug})
            ),
            "public_url": _absolute(
                reverse("contactpoints:detail", kwargs={"slug": contact_point.slug})
            ),
        }
        for person in _applicant_addresses(contact_point):
            message_queue(
                to=person.email,
                reason=template,
                key=f"{template.replace('_', '-')}:{contact_point.pk}:{person.pk}",
                template=template,
                context=context,
            )
    return contact_point


def contact_point_approve(*, contact_point, user):
    """Approve a pending contact point: it shows publicly from now on.

    Only its region's admins and national admins may (PermissionDenied otherwise); a
    contact point already decided on is refused. The applicant is told by email.
    """
    return _decide(contact_point=contact_point, user=user, to_status=ContactPoint.Status.APPROVED)


def contact_point_reject(*, contact_point, user, reason):
    """Turn down a pending contact point, with a reason the applicant gets by email."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why, so the applicant knows what to do next.")}, code="required"
        )
    return _decide(
        contact_point=contact_point,
        user=user,
        to_status=ContactPoint.Status.REJECTED,
        reason=reason,
    )


def contact_point_status_record(*, contact_point, from_status, user, reason):
    """Record a status the national admin set in the Django admin (suspending one, say),
    like a decision: who, when, from which status. Approvals belong at
    /region/godkjenninger/, where the applicant is told."""
    with transaction.atomic():
        ContactPoint.objects.filter(pk=contact_point.pk).update(status_changed_at=timezone.now())
        return ContactPointStatusChange.objects.create(
            contact_point=contact_point,
            from_status=from_status,
            to_status=contact_point.status,
            reason=reason,
            changed_by=user,
        )


def contact_point_update(*, contact_point, user, loaded_at, **fields):
    """Save the contact point's public details and settings (not its status or slug).

    ``loaded_at`` is the ``updated_at`` the form was opened with: when someone saved in
    between, ``EditConflict`` is raised and nothing is written.
    """
    from selvhjelp.concurrency import EditConflict

    allowed = {
        "name",
        "organisation",
        "organisation_type",
        "email",
        "phone",
        "website",
        "address",
        "opening_hours",
        "description",
        "responsible_person",
        "partners",
        "response_days",
        "starter_reminder_hours",
        "starter_reminder_morning",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Not settable here: {sorted(unknown)}")
    with transaction.atomic():
        contact_point = ContactPoint.objects.select_for_update().get(pk=contact_point.pk)
        if loaded_at is None or contact_point.updated_at != loaded_at:
            raise EditConflict()
        for field, value in fields.items():
            if isinstance(value, str):
                value = value.strip()
            if field == "email":
                value = value.lower()
            setattr(contact_point, field, value)
        contact_point.full_clean(validate_unique=False)
        contact_point.save()
    return contact_point


# --- The team ---------------------------------------------------------------------------


def token_hash(token):
    """What is stored of an invitation's token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def _invitation_link(token):
    return _absolute(reverse("workspace:invitation_accept", kwargs={"token": token}))


def _invitation_queue(invitation, token):
    inviter = invitation.invited_by
    message_queue(
        to=invitation.email,
        reason="invitation",
        key=f"invitation:{invitation.pk}:{invitation.token_hash[:16]}",
        template="invitation",
        context={
            "contact_point": invitation.contact_point,
            "role": invitation.get_role_display(),
            "inviter": inviter.get_full_name() if inviter else "",
            "accept_url": _invitation_link(token),
            "expires_at": invitation.expires_at,
        },
    )


def _member_with_address(contact_point, email):
    """A member of the contact point who signs in with this address (any of theirs)."""
    return (
        contact_point.memberships.filter(
            Q(user__email__iexact=email)
            | Q(user__emailaddress__email__iexact=email, user__emailaddress__verified=True)
        )
        .select_related("user")
        .first()
    )


def invitation_send(*, contact_point, email, role, invited_by):
    """Invite someone by email to the contact point's team, in ``role``.

    Only a hash of the link's token is stored; the link works for
    ``settings.INVITATION_DAYS`` days. Refused for a member of the team and for an
    address with an invitation already waiting. Returns ``(invitation, token)``.
    """
    email = (email or "").strip().lower()
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a role.")}, code="invalid_role")
    with transaction.atomic():
        # One invitation at a time per contact point: two managers inviting the same
        # person at once get one invitation and one clear message.
        ContactPoint.objects.select_for_update().filter(pk=contact_point.pk).first()
        member = _member_with_address(contact_point, email)
        if member is not None:
            raise ValidationError(
                {
                    "email": _("%(person)s is already in the team, as %(role)s.")
                    % {"person": member.user.get_full_name(), "role": member.get_role_display()}
                },
                code="already_member",
            )
        if contact_point.invitations.filter(email__iexact=email, accepted_at__isnull=True).exists():
            raise ValidationError(
                {
                    "email": _(
                        "This address already has an invitation waiting. Send it again "
                        "from the list of invitations instead."
                    )
                },
                code="already_invited",
            )
        token = secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            contact_point=contact_point,
            email=email,
            role=role,
            token_hash=token_hash(token),
            invited_by=invited_by,
            expires_at=timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS),
        )
        _invitation_queue(invitation, token)
    return invitation, token


def _open_invitation_locked(invitation):
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("contact_point", "invited_by")
        .filter(pk=invitation.pk)
        .first()
    )
    if invitation is None:
        raise ValidationError(
            _("This invitation has been withdrawn already."), code="invitation_gone"
        )
    if invitation.accepted_at is not None:
        raise ValidationError(
            _("This invitation has been accepted already: the person is in the team."),
            code="invitation_used",
        )
    return invitation


def invitation_resend(*, invitation, user):
    """Send an open invitation again with a new link (the old one stops working) and
    a new expiry date. ``user`` is the manager resending it."""
    with transaction.atomic():
        invitation = _open_invitation_locked(invitation)
        token = secrets.token_urlsafe(32)
        invitation.token_hash = token_hash(token)
        invitation.expires_at = timezone.now() + datetime.timedelta(days=settings.INVITATION_DAYS)
        invitation.invited_by = user
        invitation.save(update_fields=["token_hash", "expires_at", "invited_by"])
        _invitation_queue(invitation, token)
    return invitation, token


def invitation_revoke(*, invitation, user):
    """Withdraw an open invitation: its link stops working. The row is deleted, since an
    address that never joined is not kept. ``user`` is the manager withdrawing it."""
    with transaction.atomic():
        invitation = _open_invitation_locked(invitation)
        invitation.delete()


def invitation_by_token(token):
    """The invitation whose link carries ``token`` (any state), or None."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("contact_point", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )


def invitation_problem(invitation, *, now=None):
    """Why this invitation cannot be accepted, or "" if it can: "used" or "expired"."""
    if invitation.accepted_at is not None:
        return "used"
    if invitation.expires_at <= (now or timezone.now()):
        return "expired"
    return ""


def invitation_is_for(invitation, user):
    """Whether ``user`` signs in with the invited address: their verified primary one."""
    return EmailAddress.objects.filter(
        user=user, primary=True, verified=True, email__iexact=invitation.email
    ).exists()


def invitation_accept(*, invitation, user):
    """Join the team as the invitation says. Refused when the link was used, has
    expired or was withdrawn, when ``user`` signs in with another address, or is in the
    team already. Returns the new Membership."""
    with transaction.atomic():
        locked = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("contact_point")
            .filter(pk=invitation.pk)
            .first()
        )
        if locked is None:
            raise ValidationError(
                _("This invitation has been withdrawn. Ask for a new one."), code="revoked"
            )
        problem = invitation_problem(locked)
        if problem == "used":
            raise ValidationError(_("This invitation has been used already."), code="used")
        if problem == "expired":
            raise ValidationError(
                _("This invitation has expired. Ask the person who invited you to send it again."),
                code="expired",
            )
        if not invitation_is_for(locked, user):
            raise ValidationError(
                _("This invitation is for %(email)s, not for the address you are signed in with."),
                code="wrong_address",
                params={"email": locked.email},
            )
        if locked.contact_point.memberships.filter(user=user).exists():
            raise ValidationError(
                _("You are already in the team of %(name)s."),
                code="already_member",
                params={"name": locked.contact_point.name},
            )
        membership = Membership.objects.create(
            user=user, contact_point=locked.contact_point, role=locked.role
        )
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def _managers_locked(contact_point):
    """The contact point's manager memberships, locked until the transaction ends, so
    two managers stepping down at once cannot leave it with none."""
    return list(
        Membership.objects.select_for_update()
        .filter(contact_point_id=contact_point.pk, role=Membership.Role.MANAGER)
        .order_by("pk")
    )


def _refuse_last_manager(membership, managers, message):
    if membership.role == Membership.Role.MANAGER and [m.pk for m in managers] == [membership.pk]:
        raise ValidationError(message, code="last_manager")


def member_role_change(*, membership, role, user):
    """Give a member another role. The last manager cannot be made staff."""
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a role.")}, code="invalid_role")
    with transaction.atomic():
        managers = _managers_locked(membership.contact_point)
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.role == role:
            return membership
        if role == Membership.Role.STAFF:
            _refuse_last_manager(
                membership,
                managers,
                _(
                    "The team needs at least one manager. Make someone else a manager "
                    "first, then change this role."
                ),
            )
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def member_remove(*, membership, user):
    """Take a member off the team. The last manager cannot be removed."""
    with transaction.atomic():
        managers = _managers_locked(membership.contact_point)
        membership = Membership.objects.select_for_update().filter(pk=membership.pk).first()
        if membership is None:
            raise ValidationError(_("This person is no longer in the team."), code="gone")
        _refuse_last_manager(
            membership,
            managers,
            _(
                "The team needs at least one manager. Make someone else a manager first, "
                "then remove this person."
            ),
        )
        membership.delete()


def member_leave(*, contact_point, user):
    """Leave a contact point's team. The last manager cannot leave."""
    with transaction.atomic():
        managers = _managers_locked(contact_point)
        membership = (
            Membership.objects.select_for_update()
            .filter(contact_point_id=contact_point.pk, user=user)
            .first()
        )
        if membership is None:
            raise ValidationError(_("You are not in this team."), code="not_member")
        _refuse_last_manager(
            membership,
            managers,
            _(
                "You are the team's only manager. Make someone else a manager first, "
                "then you can leave."
            ),
        )
        membership.delete()


# --- The onboarding checklist ------------------------------------------------------------


def _manual_step(step):
    if step not in ONBOARDING_MANUAL_STEPS:
        raise ValidationError(
            _("This step is ticked by itself when the portal sees it done."),
            code="automatic_step",
        )


def onboarding_step_done(*, contact_point, step, user, note=""):
    """Tick a step of the checklist that staff tick themselves, with an optional note."""
    _manual_step(step)
    note = (note or "").strip()
    if len(note) > 300:
        raise ValidationError({"note": _("Write at most 300 characters.")}, code="max_length")
    with transaction.atomic():
        done, created = OnboardingStep.objects.get_or_create(
            contact_point=contact_point, step=step, defaults={"done_by": user, "note": note}
        )
        if not created:
            raise ValidationError(_("This step is ticked already."), code="already_done")
    return done


def onboarding_step_undo(*, contact_point, step, user):
    """Untick a step staff ticked (it was not done after all)."""
    _manual_step(step)
    with transaction.atomic():
        deleted, _by_model = OnboardingStep.objects.filter(
            contact_point=contact_point, step=step
        ).delete()
        if not deleted:
            raise ValidationError(_("This step is not ticked."), code="not_done")
