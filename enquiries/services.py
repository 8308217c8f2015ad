"""Writes for enquiries and interest registrations: the public forms, and the staff
inbox (reading, status, assignment, notes, linking to a group).

Every inbox change claims the enquiry's ``version`` first
(``selvhjelp.concurrency.version_claim``), so two colleagues working on the same enquiry
never overwrite each other: the second is told (``EditConflict``) and nothing of theirs
is saved. The claim locks the row until the transaction ends; the checks that follow
read the enquiry as it is now, not as the page showed it.
"""

import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contactpoints.models import ContactPoint, Membership
from enquiries.models import (
    Enquiry,
    EnquiryAccess,
    EnquiryNote,
    EnquiryStatusChange,
    InterestRegistration,
)
from enquiries.selectors import enquiry_notification_recipients
from groups.selectors import public_groups
from notifications.services import message_queue
from selvhjelp.concurrency import version_claim

logger = logging.getLogger(__name__)

MESSAGE_MAX_LENGTH = 2000
NOTE_MAX_LENGTH = 2000
_PHONE_SEPARATORS = re.compile(r"[\s\-.()]")


def phone_normalise(value):
    """A Norwegian phone number as its eight digits: "+47 912 34 567" → "91234567".

    Raises ValidationError for anything that is not eight digits once spaces, dashes and
    the country code (+47 or 0047) are taken away.
    """
    digits = _PHONE_SEPARATORS.sub("", value or "")
    for prefix in ("+47", "0047"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 8:
            digits = digits[len(prefix) :]
    if not re.fullmatch(r"[0-9]{8}", digits):
        raise ValidationError(
            _("Write a Norwegian phone number with 8 digits, for example 912 34 567."),
            code="invalid_phone",
        )
    return digits


def _contact_clean(*, email, phone):
    email = (email or "").strip()
    phone = phone_normalise(phone) if (phone or "").strip() else ""
    if email:
        validate_email(email)
    return email, phone


@transaction.atomic
def enquiry_submit(
    *,
    contact_point,
    group=None,
    topic=None,
    kind,
    name,
    email,
    phone,
    preferred_channel,
    preferred_time,
    message,
    consent,
    inbox_url,
):
    """Save a resident's enquiry and tell the contact point's staff that it waits.

    The staff email says only that an enquiry is waiting, with a link to sign in: no name,
    no message, no topic, no group. Everyone with a membership is told (or, with nobody
    to tell, the contact point's public address, then its region), so an enquiry never
    waits on one person's inbox. ``inbox_url`` is the absolute address of the page where
    staff read it.
    """
    if contact_point.status != ContactPoint.Status.APPROVED:
        raise ValidationError(_("This contact point does not take enquiries at the moment."))
    if group is not None:
        is_public = public_groups().filter(pk=group.pk, contact_point=contact_point).exists()
        if not is_public:
            raise ValidationError(_("This group does not take enquiries at the moment."))
    if not consent:
        raise ValidationError(_("Tick the box to agree, so that we can send your enquiry."))
    if kind not in Enquiry.Kind.values:
        raise ValidationError(_("Choose what you would like."))
    if preferred_channel not in Enquiry.Channel.values:
        raise ValidationError(_("Choose how you would like to be contacted."))
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Write a first name or an alias."))
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX_LENGTH:
        raise ValidationError(_("The message is too long."))
    email, phone = _contact_clean(email=email, phone=phone)
    if preferred_channel == Enquiry.Channel.EMAIL and not email:
        raise ValidationError(_("Give your email address so we can write to you."))
    if preferred_channel != Enquiry.Channel.EMAIL and not phone:
        raise ValidationError(_("Give your phone number so we can call you."))

    enquiry = Enquiry.objects.create(
        contact_point=contact_point,
        group=group,
        topic=topic,
        kind=kind,
        name=name,
        email=email,
        phone=phone,
        preferred_channel=preferred_channel,
        preferred_time=(preferred_time or "").strip(),
        message=message,
        consent_given_at=timezone.now(),
    )

    recipients = enquiry_notification_recipients(contact_point=contact_point)
    if not recipients:
        # The enquiry is safe in the inbox; someone must still learn that it waits.
        logger.warning("Enquiry %s: nobody to tell at contact point %s.", enquiry, contact_point.pk)
    for key_suffix, address in recipients:
        message_queue(
            to=address,
            reason="enquiry_waiting",
            key=f"enquiry-waiting:{enquiry.pk}:{key_suffix}",
            template="enquiry_waiting",
            context={"contact_point": contact_point, "inbox_url": inbox_url},
        )
    return enquiry


@transaction.atomic
def interest_register(*, topic, municipality, email="", phone=""):
    """Count one person's wish for a group on ``topic`` in ``municipality``.

    Nothing else is stored; an email address or phone number only if the person wants to
    be told when a group starts.
    """
    email, phone = _contact_clean(email=email, phone=phone)
    return InterestRegistration.objects.create(
        topic=topic, municipality=municipality, email=email, phone=phone
    )


# --- The staff inbox --------------------------------------------------------------------

# A status that tells the person has been answered: the first one sets
# ``first_response_at``. "In progress" does not: someone has taken the enquiry, but the
# person has not heard from anyone yet (the overdue reminders stop, the time to first
# response keeps running).
ANSWERED_STATUSES = frozenset(
    {
        Enquiry.Status.ANSWERED,
        Enquiry.Status.JOINED,
        Enquiry.Status.WAITING_LIST,
        Enquiry.Status.REFERRED,
        Enquiry.Status.CLOSED,
    }
)
# A closed enquiry changes only by being reopened, to this status.
REOPEN_STATUS = Enquiry.Status.IN_PROGRESS


def enquiry_inbox_url(*, slug):
    """The absolute address of a contact point's inbox, for staff emails (``slug``: the
    contact point's). The sign-in page sends whoever is not signed in on to it."""
    path = reverse("workspace:enquiry_list", kwargs={"cp": slug})
    return f"{settings.SITE_URL}{path}"


def enquiry_read(*, enquiry, user, on_behalf):
    """Record that ``user`` is shown ``enquiry``'s content (its access log row).

    Call it for every page that shows the content, after access is granted and before
    the page is rendered; nothing else writes the log. ``on_behalf`` marks a region or
    national admin reading for the contact point.
    """
    return EnquiryAccess.objects.create(
        contact_point_id=enquiry.contact_point_id,
        enquiry_number=enquiry.pk,
        user=user,
        user_email=user.email,
        on_behalf=on_behalf,
    )


def _claim(enquiry, version):
    """Claim the enquiry's version and return it as stored now (the row stays locked)."""
    version_claim(Enquiry, pk=enquiry.pk, version=version)
    return Enquiry.objects.select_related("contact_point").get(pk=enquiry.pk)


def _refuse_if_closed(enquiry, message):
    if enquiry.status == Enquiry.Status.CLOSED:
        raise ValidationError(message, code="closed")


@transaction.atomic
def enquiry_status_change(*, enquiry, to_status, user, version):
    """Move ``enquiry`` to ``to_status`` and record who did it and when.

    Refused (ValidationError): an unknown status, "new" (an enquiry is new only until
    someone acts on it), the status it already has, and anything but reopening (to "in
    progress") for a closed enquiry. The first status that answers the person (see
    ``ANSWERED_STATUSES``) sets ``first_response_at``; closing sets ``closed_at`` and
    reopening clears it. Returns the enquiry as saved.
    """
    if to_status not in Enquiry.Status.values:
        raise ValidationError(_("Choose a status from the list."), code="invalid")
    if to_status == Enquiry.Status.NEW:
        raise ValidationError(
            _("An enquiry cannot be made new again. Choose “in progress” instead."), code="new"
        )
    enquiry = _claim(enquiry, version)
    from_status = enquiry.status
    if to_status == from_status:
        raise ValidationError(
            _("The enquiry already has the status “%(status)s”."),
            code="unchanged",
            params={"status": enquiry.get_status_display()},
        )
    if from_status == Enquiry.Status.CLOSED and to_status != REOPEN_STATUS:
        raise ValidationError(
            _("The enquiry is closed. Reopen it first (status “in progress”)."), code="closed"
        )
    now = timezone.now()
    enquiry.status = to_status
    enquiry.closed_at = now if to_status == Enquiry.Status.CLOSED else None
    if enquiry.first_response_at is None and to_status in ANSWERED_STATUSES:
        enquiry.first_response_at = now
    enquiry.save(update_fields=["status", "closed_at", "first_response_at"])
    EnquiryStatusChange.objects.create(
        enquiry=enquiry, from_status=from_status, to_status=to_status, changed_by=user
    )
    return enquiry


@transaction.atomic
def enquiry_assign(*, enquiry, assignee, user, version):
    """Assign ``enquiry`` to ``assignee`` (None: to nobody).

    Only a member of the enquiry's own contact point can be assigned; a closed enquiry
    and "the same person again" are refused. Someone assigned by a colleague is told by
    email, without anything of the enquiry. Returns the enquiry as saved.
    """
    enquiry = _claim(enquiry, version)
    _refuse_if_closed(enquiry, _("The enquiry is closed. Reopen it before assigning it."))
    if assignee is not None:
        is_member = Membership.objects.filter(
            contact_point_id=enquiry.contact_point_id, user=assignee, user__is_active=True
        ).exists()
        if not is_member:
            raise ValidationError(
                _("Only a member of this contact point's team can be assigned an enquiry."),
                code="not_member",
            )
    if (assignee.pk if assignee else None) == enquiry.assigned_to_id:
        if assignee is None:
            raise ValidationError(_("The enquiry is not assigned to anyone."), code="unchanged")
        raise ValidationError(
            _("The enquiry is already assigned to %(name)s."),
            code="unchanged",
            params={"name": assignee.get_full_name()},
        )
    enquiry.assigned_to = assignee
    enquiry.save(update_fields=["assigned_to"])
    if assignee is not None and assignee.pk != user.pk and assignee.email:
        message_queue(
            to=assignee.email,
            reason="enquiry_assigned",
            key=f"enquiry-assigned:{enquiry.pk}:{enquiry.version}:{assignee.pk}",
            template="enquiry_assigned",
            context={
                "contact_point": enquiry.contact_point,
                "enquiry_url": settings.SITE_URL
                + reverse(
                    "workspace:enquiry_detail",
                    kwargs={"cp": enquiry.contact_point.slug, "pk": enquiry.pk},
                ),
            },
        )
    return enquiry


@transaction.atomic
def enquiry_note_add(*, enquiry, body, user, version):
    """Add an internal note (for colleagues only) to ``enquiry``; also to a closed one,
    since what happened after closing is worth writing down. Returns the note."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write the note."), code="required")
    if len(body) > NOTE_MAX_LENGTH:
        raise ValidationError(_("The note is too long."), code="max_length")
    enquiry = _claim(enquiry, version)
    return EnquiryNote.objects.create(enquiry=enquiry, author=user, body=body)


@transaction.atomic
def enquiry_group_link(*, enquiry, group, user, version):
    """Link ``enquiry`` to one of its contact point's groups (None: to no group).

    A group of another contact point, a closed enquiry and the group it already has are
    refused. Returns the enquiry as saved.
    """
    enquiry = _claim(enquiry, version)
    _refuse_if_closed(enquiry, _("The enquiry is closed. Reopen it before linking it to a group."))
    if group is not None and group.contact_point_id != enquiry.contact_point_id:
        raise ValidationError(
            _("That group belongs to another contact point. Choose one of your own groups."),
            code="other_contact_point",
        )
    if (group.pk if group else None) == enquiry.group_id:
        if group is None:
            raise ValidationError(_("The enquiry is not linked to a group."), code="unchanged")
        raise ValidationError(
            _("The enquiry is already linked to %(group)s."),
            code="unchanged",
            params={"group": group.title},
        )
    enquiry.group = group
    enquiry.save(update_fields=["group"])
    return enquiry
