"""Writes for enquiries and interest registrations from the public portal."""

import logging
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contactpoints.models import ContactPoint
from enquiries.models import Enquiry, InterestRegistration
from enquiries.selectors import enquiry_notification_recipients
from groups.selectors import public_groups
from notifications.services import message_queue

logger = logging.getLogger(__name__)

MESSAGE_MAX_LENGTH = 2000
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
