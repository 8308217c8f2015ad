"""Assigning starters to group meetings, their answers, and the messages they get.

A starter (igangsetter) often has no account: everything reaches them by email, or by
SMS when the roster has only a phone number, with a secret link to confirm or decline.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contactpoints.models import Membership, Starter
from groups.models import GroupMeeting, SelfHelpGroup, StarterAssignment
from notifications.models import OutboxMessage
from notifications.services import message_queue


def _region_id(contact_point):
    county = contact_point.municipality.county
    region_county = getattr(county, "region_county", None)
    return region_county.region_id if region_county else None


def _starter_may_serve(*, starter, group):
    """A starter serves their own contact point, or any in their region if shared."""
    if starter.contact_point_id == group.contact_point_id:
        return True
    if not starter.shared_in_region:
        return False
    own = _region_id(starter.contact_point)
    return own is not None and own == _region_id(group.contact_point)


def starter_assign(*, meeting, starter):
    """Assign a starter to a group meeting and tell them, with a confirm/decline link.

    The assignment and its message are written in one transaction: both or neither.
    Raises ValidationError for a starter of another contact point (unless shared in
    the same region), an inactive starter, one who already declined this meeting or is
    already assigned, and for a cancelled or past meeting.
    """
    with transaction.atomic():
        meeting = (
            GroupMeeting.objects.select_for_update(of=("self",))
            .select_related(
                "group__contact_point__municipality__county__region_county",
                "group__municipality",
            )
            .get(pk=meeting.pk)
        )
        starter = Starter.objects.select_related(
            "contact_point__municipality__county__region_county"
        ).get(pk=starter.pk)
        if meeting.is_cancelled:
            raise ValidationError(_("This meeting is cancelled."), code="meeting_cancelled")
        if meeting.starts_at <= timezone.now():
            raise ValidationError(_("This meeting has already started."), code="meeting_past")
        if meeting.group.status == SelfHelpGroup.Status.CLOSED:
            raise ValidationError(_("This group is closed."), code="group_closed")
        if not starter.is_active:
            raise ValidationError(
                _("This starter is no longer active on the roster."), code="starter_inactive"
            )
        if not _starter_may_serve(starter=starter, group=meeting.group):
            raise ValidationError(
                _("This starter belongs to another contact point and is not shared with yours."),
                code="starter_elsewhere",
            )
        existing = StarterAssignment.objects.filter(meeting=meeting, starter=starter).first()
        if existing is not None:
            if existing.response == StarterAssignment.Response.DECLINED:
                raise ValidationError(
                    _("This starter has declined this meeting."), code="starter_declined"
                )
            raise ValidationError(
                _("This starter is already assigned to the meeting."), code="duplicate"
            )
        try:
            with transaction.atomic():
                assignment = StarterAssignment.objects.create(meeting=meeting, starter=starter)
        except IntegrityError as error:  # the same assignment made at the same moment
            raise ValidationError(
                _("This starter is already assigned to the meeting."), code="duplicate"
            ) from error
        starter_message_queue(
            assignment=assignment,
            reason="starter_assigned",
            key=f"starter-assigned:{assignment.pk}",
            template="starter_assigned",
        )
    return assignment


def assignment_respond(*, assignment, response):
    """Record a starter's answer (confirmed or declined); answering again changes it.

    Raises ValidationError for an unknown answer and once the meeting is cancelled or
    has started.
    """
    if response not in (StarterAssignment.Response.CONFIRMED, StarterAssignment.Response.DECLINED):
        raise ValidationError(_("Choose whether you can come or not."), code="invalid_response")
    with transaction.atomic():
        assignment = (
            StarterAssignment.objects.select_for_update(of=("self",))
            .select_related("meeting")
            .get(pk=assignment.pk)
        )
        if assignment.meeting.is_cancelled:
            raise ValidationError(_("This meeting is cancelled."), code="meeting_cancelled")
        if assignment.meeting.starts_at <= timezone.now():
            raise ValidationError(_("This meeting has already started."), code="meeting_past")
        assignment.response = response
        assignment.responded_at = timezone.now()
        assignment.save(update_fields=["response", "responded_at"])
    return assignment


def starter_message_context(assignment):
    """What every message to a starter shows: the meeting, where, and whom to call.

    The venue is given even when it is not public: the starter needs it. Managers
    prefetched as ``contact_point.manager_memberships`` are used as they are.
    """
    meeting = assignment.meeting
    group = meeting.group
    contact_point = group.contact_point
    memberships = getattr(contact_point, "manager_memberships", None)
    if memberships is None:
        memberships = contact_point.memberships.filter(role=Membership.Role.MANAGER).select_related(
            "user"
        )
    managers = [m.user.full_name for m in memberships if m.user.full_name]
    return {
        "assignment": assignment,
        "starter": assignment.starter,
        "meeting": meeting,
        "group": group,
        "contact_point": contact_point,
        "managers": sorted(managers),
        "is_remote": group.format != SelfHelpGroup.Format.IN_PERSON,
        "respond_url": settings.SITE_URL
        + reverse("starters:respond", kwargs={"token": assignment.token}),
    }


def starter_message_queue(*, assignment, reason, key, template, context=None):
    """Queue a message to a starter: by email if the roster has one, else by SMS.

    Starters have no language setting, so messages are in bokmål.
    """
    starter = assignment.starter
    channel = OutboxMessage.Channel.EMAIL if starter.email else OutboxMessage.Channel.SMS
    return message_queue(
        to=starter.email or starter.phone,
        reason=reason,
        key=key,
        template=template,
        context={**starter_message_context(assignment), **(context or {})},
        channel=channel,
    )
