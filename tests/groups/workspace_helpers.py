"""Helpers for the workspace tests of groups and starters: a contact point with a
signed-in member of staff, and the workspace's addresses."""

import datetime

from django.urls import reverse
from django.utils import timezone

from tests.factories import ContactPointFactory, MembershipFactory, municipality


def staff_client(client, contact_point=None, **membership):
    """``client`` signed in as staff of ``contact_point`` (a new one in Oslo if None)."""
    contact_point = contact_point or ContactPointFactory()
    member = MembershipFactory(contact_point=contact_point, **membership)
    client.force_login(member.user)
    client.user = member.user
    client.contact_point = contact_point
    return client


def url(name, contact_point, **kwargs):
    return reverse(f"workspace:{name}", kwargs={"cp": contact_point.slug, **kwargs})


def contact_point_in(number, **kwargs):
    return ContactPointFactory(municipality=municipality(number), **kwargs)


def days_ahead(days, hour=18):
    """An aware moment ``days`` from today at ``hour`` o'clock, Oslo time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []
