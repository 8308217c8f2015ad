"""The enquiry access log: a read writes one row, a refused read none; managers (and
admins on behalf) read the log of their own contact point only; rows go after
ENQUIRY_ACCESS_LOG_RETENTION_DAYS."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse
from django.utils import timezone

from contactpoints.models import Membership
from enquiries.models import EnquiryAccess
from notifications import retention
from notifications.models import RetentionRun
from regions.models import Region
from tests.factories import ContactPointFactory, EnquiryFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def cp():
    return ContactPointFactory(name="Frivilligsentralen Sagene", slug="fs-sagene")


@pytest.fixture
def other_cp():
    return ContactPointFactory(name="Frisklivssentralen Bergen", slug="fls-bergen")


@pytest.fixture
def staff(cp):
    return MembershipFactory(contact_point=cp, user=UserFactory(email="kari@fs.no")).user


@pytest.fixture
def manager(cp):
    return MembershipFactory(
        contact_point=cp, role=Membership.Role.MANAGER, user=UserFactory(email="mona@fs.no")
    ).user


def log_url(cp, **query):
    url = reverse("workspace:access_log", kwargs={"cp": cp.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def detail_url(cp, enquiry):
    return reverse("workspace:enquiry_detail", kwargs={"cp": cp.slug, "pk": enquiry.pk})


def read(cp, *, number, email, on_behalf=False, at=None, user=None):
    row = EnquiryAccess.objects.create(
        contact_point=cp, enquiry_number=number, user=user, user_email=email, on_behalf=on_behalf
    )
    if at is not None:
        EnquiryAccess.objects.filter(pk=row.pk).update(accessed_at=at)
    return row


def shown(response):
    return list(response.context["page_obj"])


def test_access_log_reading_appears_for_manager(client, cp, staff, manager):
    enquiry = EnquiryFactory(contact_point=cp)
    client.force_login(staff)
    client.get(detail_url(cp, enquiry))
    client.force_login(manager)

    response = client.get(log_url(cp))

    assert response.status_code == 200
    [entry] = shown(response)
    assert (entry.enquiry_number, entry.user_email, entry.on_behalf) == (
        enquiry.pk,
        "kari@fs.no",
        False,
    )
    assert "kari@fs.no" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_access_log_staff_refused_403_and_nothing_logged(client, cp, staff):
    read(cp, number=1, email="mona@fs.no")
    client.force_login(staff)

    response = client.get(log_url(cp))

    assert response.status_code == 403
    assert "mona@fs.no" not in response.content.decode()
    assert EnquiryAccess.objects.count() == 1


def test_access_log_newest_first_and_on_behalf_marked(client, cp, manager):
    now = timezone.now()
    old = read(cp, number=1, email="kari@fs.no", at=now - 2 * DAY)
    behalf = read(cp, number=2, email="admin@region.no", on_behalf=True, at=now - DAY)
    client.force_login(manager)
    client.cookies["django_language"] = "en"

    response = client.get(log_url(cp))

    assert [entry.pk for entry in shown(response)] == [behalf.pk, old.pk]
    rows = response.content.decode().split("<tbody>")[1].split("</tr>")
    assert "admin@region.no" in rows[0]
    assert "Administrator, on behalf" in rows[0]
    assert "Administrator, on behalf" not in rows[1]


def test_access_log_only_own_contact_point(client, cp, other_cp, manager):
    read(other_cp, number=7, email="b.ansatt@bergen.no")
    client.force_login(manager)

    response = client.get(log_url(cp))

    assert shown(response) == []
    assert "b.ansatt@bergen.no" not in response.content.decode()


def test_access_log_manager_of_another_contact_point_404(client, cp, other_cp):
    read(cp, number=1, email="kari@fs.no")
    client.force_login(MembershipFactory(contact_point=other_cp, role="manager").user)

    response = client.get(log_url(cp))

    assert response.status_code == 404
    assert "kari@fs.no" not in response.content.decode()


def test_access_log_region_admin_may_read(client, cp):
    read(cp, number=1, email="kari@fs.no")
    admin = UserFactory()
    Region.objects.get(slug="ost").admins.add(admin)
    TOTP.activate(admin, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(admin)

    response = client.get(log_url(cp))

    assert response.status_code == 200
    assert len(shown(response)) == 1


def test_access_log_filter_by_enquiry_number(client, cp, manager):
    read(cp, number=1, email="kari@fs.no")
    wanted = read(cp, number=2, email="kari@fs.no")
    client.force_login(manager)

    response = client.get(log_url(cp, enquiry=2))

    assert [entry.pk for entry in shown(response)] == [wanted.pk]


def test_access_log_bad_filter_shows_error_and_everything(client, cp, manager):
    read(cp, number=1, email="kari@fs.no")
    client.force_login(manager)
    client.cookies["django_language"] = "en"

    response = client.get(log_url(cp, enquiry="abc"))

    assert response.status_code == 200
    assert response.context["form"].errors["enquiry"] == [
        "Write the enquiry's number, for example 12."
    ]
    assert len(shown(response)) == 1


def test_access_log_paginated(client, cp, manager):
    for number in range(52):
        read(cp, number=number + 1, email="kari@fs.no")
    client.force_login(manager)

    assert len(shown(client.get(log_url(cp)))) == 50
    assert len(shown(client.get(log_url(cp, page=2)))) == 2


def test_access_log_kept_after_enquiry_deleted(client, cp, staff, manager):
    enquiry = EnquiryFactory(contact_point=cp)
    client.force_login(staff)
    client.get(detail_url(cp, enquiry))
    number = enquiry.pk
    enquiry.delete()
    client.force_login(manager)

    response = client.get(log_url(cp, enquiry=number))

    assert len(shown(response)) == 1


@pytest.mark.parametrize("count", [1, 3])
def test_access_log_query_count(client, cp, staff, manager, count, django_assert_num_queries):
    for number in range(count):
        read(cp, number=number + 1, email=staff.email, user=staff if number % 2 else None)
    client.force_login(manager)

    # Session, user, the MFA check, contact point, membership; count and page of rows.
    with django_assert_num_queries(7):
        response = client.get(log_url(cp))
    assert len(shown(response)) == count


# --- Retention --------------------------------------------------------------------------


def test_retention_deletes_access_log_rows_after_the_period(cp, time_machine):
    now = datetime.datetime(2026, 11, 24, 3, 40, tzinfo=datetime.UTC)
    time_machine.move_to(now, tick=False)
    keep = read(cp, number=1, email="kari@fs.no", at=now - 729 * DAY)
    edge = read(cp, number=2, email="kari@fs.no", at=now - 730 * DAY)
    gone = read(cp, number=3, email="kari@fs.no", at=now - 731 * DAY)

    counts = retention.retention_run(now=now)

    assert counts["enquiry_accesses"] == 1
    assert set(EnquiryAccess.objects.values_list("pk", flat=True)) == {keep.pk, edge.pk}
    assert gone.pk not in EnquiryAccess.objects.values_list("pk", flat=True)
    assert RetentionRun.objects.get().counts["enquiry_accesses"] == 1


def test_retention_access_log_period_follows_setting(cp, settings):
    settings.ENQUIRY_ACCESS_LOG_RETENTION_DAYS = 30
    now = timezone.now()
    read(cp, number=1, email="kari@fs.no", at=now - 29 * DAY)
    read(cp, number=2, email="kari@fs.no", at=now - 31 * DAY)

    assert retention.retention_run(now=now)["enquiry_accesses"] == 1
    assert list(EnquiryAccess.objects.values_list("enquiry_number", flat=True)) == [1]
