"""The staff inbox: the list (no content, filters, overdue by the scanner's rule), an
enquiry's page (content, history, every showing logged), the wall, and query counts."""

import datetime
import html

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse
from django.utils import timezone

from contactpoints.models import Membership
from enquiries.models import Enquiry, EnquiryAccess, EnquiryNote, EnquiryStatusChange
from enquiries.selectors import inbox_enquiries
from notifications.scanners.enquiries import stage_candidates
from notifications.workdays import OSLO
from regions.models import Region
from tests.factories import (
    ContactPointFactory,
    EnquiryFactory,
    MembershipFactory,
    SelfHelpGroupFactory,
    UserFactory,
    topic,
)

pytestmark = pytest.mark.django_db

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
SECRET_NAME = "Hemmelig-Solveig"
SECRET_EMAIL = "hemmelig.solveig@example.no"
SECRET_PHONE = "91234567"
SECRET_MESSAGE = "Jeg har slitt med angst lenge"
SECRET_TIME = "Etter klokka 16 på tirsdager"

# Tuesday 10 November 2026, 10:00 in Oslo: three working days before is Thursday 5th.
NOW = datetime.datetime(2026, 11, 10, 10, 0, tzinfo=OSLO)


@pytest.fixture
def cp():
    return ContactPointFactory(name="Frivilligsentralen Sagene", slug="fs-sagene", response_days=3)


@pytest.fixture
def staff(cp):
    return MembershipFactory(contact_point=cp, user=UserFactory(full_name="Kari Ansatt")).user


@pytest.fixture
def manager(cp):
    return MembershipFactory(
        contact_point=cp, role=Membership.Role.MANAGER, user=UserFactory(full_name="Mona Leder")
    ).user


@pytest.fixture
def other_cp():
    return ContactPointFactory(name="Frisklivssentralen Bergen", slug="fls-bergen")


@pytest.fixture
def as_staff(client, staff):
    client.force_login(staff)
    return client


def received(cp, *, at, **fields):
    """An enquiry that came in at ``at``."""
    enquiry = EnquiryFactory(contact_point=cp, **fields)
    Enquiry.objects.filter(pk=enquiry.pk).update(created_at=at)
    enquiry.refresh_from_db()
    return enquiry


def secret_enquiry(cp, **fields):
    return EnquiryFactory(
        contact_point=cp,
        name=SECRET_NAME,
        email=SECRET_EMAIL,
        phone=SECRET_PHONE,
        message=SECRET_MESSAGE,
        preferred_time=SECRET_TIME,
        **fields,
    )


def list_url(cp, **query):
    url = reverse("workspace:enquiry_list", kwargs={"cp": cp.slug})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def detail_url(cp, enquiry):
    return reverse("workspace:enquiry_detail", kwargs={"cp": cp.slug, "pk": enquiry.pk})


def page(response):
    return html.unescape(response.content.decode())


def listed(response):
    return [enquiry.pk for enquiry in response.context["page_obj"]]


# --- The list ---------------------------------------------------------------------------


def test_enquiry_list_shows_no_content_and_logs_no_read(as_staff, cp):
    enquiry = secret_enquiry(cp, group=SelfHelpGroupFactory(contact_point=cp, title="Sorggruppa"))

    response = as_staff.get(list_url(cp))

    assert response.status_code == 200
    content = page(response)
    for secret in (SECRET_NAME, SECRET_EMAIL, SECRET_PHONE, SECRET_MESSAGE, SECRET_TIME):
        assert secret not in content
    assert detail_url(cp, enquiry) in content
    assert "Sorggruppa" in content  # the group, which is no secret to the staff
    assert not EnquiryAccess.objects.exists()


def test_enquiry_list_default_is_open_ones_newest_first(as_staff, cp):
    older = received(cp, at=NOW - datetime.timedelta(days=3))
    newer = received(cp, at=NOW - datetime.timedelta(days=1), status=Enquiry.Status.ANSWERED)
    received(
        cp,
        at=NOW - datetime.timedelta(days=2),
        status=Enquiry.Status.CLOSED,
        closed_at=NOW,
    )

    response = as_staff.get(list_url(cp))

    assert listed(response) == [newer.pk, older.pk]


def test_enquiry_list_filters_by_each_status(as_staff, cp):
    by_status = {}
    for status in Enquiry.Status.values:
        closed_at = timezone.now() if status == Enquiry.Status.CLOSED else None
        by_status[status] = EnquiryFactory(contact_point=cp, status=status, closed_at=closed_at)

    for status, enquiry in by_status.items():
        assert listed(as_staff.get(list_url(cp, status=status))) == [enquiry.pk], status
    assert len(listed(as_staff.get(list_url(cp, status="all")))) == len(Enquiry.Status.values)


def test_enquiry_list_assigned_to_me_and_unassigned(as_staff, cp, staff, manager):
    mine = EnquiryFactory(contact_point=cp, assigned_to=staff)
    theirs = EnquiryFactory(contact_point=cp, assigned_to=manager)
    nobodys = EnquiryFactory(contact_point=cp)

    assert listed(as_staff.get(list_url(cp, assigned="me"))) == [mine.pk]
    assert listed(as_staff.get(list_url(cp, assigned="nobody"))) == [nobodys.pk]
    assert set(listed(as_staff.get(list_url(cp)))) == {mine.pk, theirs.pk, nobodys.pk}


def test_enquiry_list_unknown_filter_values_show_open_ones(as_staff, cp):
    enquiry = EnquiryFactory(contact_point=cp)

    response = as_staff.get(list_url(cp, status="nonsense", assigned="x", page="abc"))

    assert response.status_code == 200
    assert listed(response) == [enquiry.pk]


def test_enquiry_list_overdue_marked_in_words_and_filtered(as_staff, cp, time_machine):
    time_machine.move_to(NOW, tick=False)
    # Received Thursday 10:00: due Tuesday 10:00 (three working days) — now.
    due_now = received(cp, at=datetime.datetime(2026, 11, 5, 10, 0, tzinfo=OSLO))
    # Received Thursday 10:01: due a minute from now.
    not_yet = received(cp, at=datetime.datetime(2026, 11, 5, 10, 1, tzinfo=OSLO))
    # As old, but someone has taken it: the scanner stops, so does the highlight.
    taken = received(
        cp,
        at=datetime.datetime(2026, 11, 2, 10, 0, tzinfo=OSLO),
        status=Enquiry.Status.IN_PROGRESS,
    )

    response = as_staff.get(list_url(cp))

    rows = {enquiry.pk: enquiry for enquiry in response.context["page_obj"]}
    assert rows[due_now.pk].is_overdue
    assert not rows[not_yet.pk].is_overdue
    assert not rows[taken.pk].is_overdue
    content = response.content.decode()
    assert content.count('class="needs-attention"') == 1
    assert content.count("inbox-overdue") == 1  # the word, not only a colour
    assert response.context["counts"]["overdue"] == 1
    assert listed(as_staff.get(list_url(cp, overdue="on"))) == [due_now.pk]


def test_enquiry_list_overdue_agrees_with_the_scanner(cp, staff, time_machine):
    """Across a holiday week (Easter 2026) the inbox's overdue enquiries are those the
    overdue scanner's first stage has reached."""
    time_machine.move_to(datetime.datetime(2026, 4, 8, 9, 0, tzinfo=OSLO), tick=False)
    # From Saturday 28 March: within the scanner's look-back (7 days) of every deadline.
    start = datetime.datetime(2026, 3, 28, 0, 30, tzinfo=OSLO)
    for hours in range(0, 24 * 11, 5):
        received(cp, at=start + datetime.timedelta(hours=hours))
    now = timezone.now()

    overdue = set(
        inbox_enquiries(contact_point=cp, user=staff, now=now, overdue=True).values_list(
            "pk", flat=True
        )
    )
    reached = {
        row["pk"]
        for row in stage_candidates(
            stage=1, now=now, contact_points_by_days={cp.response_days: [cp.pk]}
        )
    }
    assert overdue
    assert overdue == reached


def test_enquiry_list_time_to_first_response_shown(as_staff, cp):
    as_staff.cookies["django_language"] = "en"
    answered = received(
        cp,
        at=NOW - datetime.timedelta(days=2),
        status=Enquiry.Status.ANSWERED,
        first_response_at=NOW - datetime.timedelta(days=1),
    )

    response = as_staff.get(list_url(cp))

    row = response.content.decode().split(detail_url(cp, answered))[1].split("</tr>")[0]
    assert "after 1\xa0day" in row


def test_enquiry_list_paginated(as_staff, cp):
    for _ in range(27):
        EnquiryFactory(contact_point=cp)

    first = as_staff.get(list_url(cp))
    second = as_staff.get(list_url(cp, page=2))

    assert len(listed(first)) == 25
    assert len(listed(second)) == 2
    assert set(listed(first)).isdisjoint(listed(second))


def test_enquiry_list_shows_only_own_contact_point(as_staff, cp, other_cp):
    own = EnquiryFactory(contact_point=cp)
    theirs = EnquiryFactory(contact_point=other_cp)

    response = as_staff.get(list_url(cp, status="all"))

    assert listed(response) == [own.pk]
    assert detail_url(other_cp, theirs) not in response.content.decode()


def test_enquiry_list_empty(as_staff, cp):
    response = as_staff.get(list_url(cp))

    assert response.status_code == 200
    assert listed(response) == []
    assert not response.context["filtered"]


def test_enquiry_list_never_cached(as_staff, cp):
    assert "no-store" in as_staff.get(list_url(cp))["Cache-Control"]


@pytest.mark.parametrize("count", [1, 3])
def test_enquiry_list_query_count(client, cp, staff, manager, count, django_assert_num_queries):
    client.force_login(staff)
    group = SelfHelpGroupFactory(contact_point=cp)
    for n in range(count):
        EnquiryFactory(
            contact_point=cp,
            group=group if n % 2 else None,
            topic=topic("angst"),
            assigned_to=manager if n % 2 else staff,
        )

    # Session, user, the MFA check (region admin?), contact point, membership; count and
    # page of enquiries; the figures at a glance.
    with django_assert_num_queries(8):
        response = client.get(list_url(cp))
    assert len(listed(response)) == count


# --- An enquiry's page ------------------------------------------------------------------


def test_enquiry_detail_shows_content_and_contact(as_staff, cp):
    enquiry = secret_enquiry(cp, preferred_channel=Enquiry.Channel.PHONE)

    response = as_staff.get(detail_url(cp, enquiry))

    assert response.status_code == 200
    content = page(response)
    for secret in (SECRET_NAME, SECRET_EMAIL, SECRET_PHONE, SECRET_MESSAGE, SECRET_TIME):
        assert secret in content
    assert f'href="mailto:{SECRET_EMAIL}"' in content
    assert f'href="tel:{SECRET_PHONE}"' in content
    # The browser tab names only the number.
    title = content.split("<title>")[1].split("</title>")[0]
    assert SECRET_NAME not in title
    assert str(enquiry.pk) in title
    assert "no-store" in response["Cache-Control"]


def test_enquiry_detail_every_view_logs_one_read(as_staff, cp, staff):
    enquiry = secret_enquiry(cp)

    as_staff.get(detail_url(cp, enquiry))
    as_staff.get(detail_url(cp, enquiry))

    reads = EnquiryAccess.objects.order_by("pk")
    assert reads.count() == 2
    first = reads.first()
    assert first.contact_point == cp
    assert first.enquiry_number == enquiry.pk
    assert first.user == staff
    assert first.user_email == staff.email
    assert first.on_behalf is False


def test_enquiry_detail_region_admin_read_marked_on_behalf(client, cp):
    admin = UserFactory()
    Region.objects.get(slug="ost").admins.add(admin)  # Oslo's region
    TOTP.activate(admin, TOTP_SECRET)
    enquiry = EnquiryFactory(contact_point=cp)
    client.force_login(admin)

    response = client.get(detail_url(cp, enquiry))

    assert response.status_code == 200
    read = EnquiryAccess.objects.get()
    assert (read.user, read.on_behalf) == (admin, True)


def test_enquiry_detail_superuser_read_marked_on_behalf(client, cp):
    enquiry = EnquiryFactory(contact_point=cp)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(superuser, TOTP_SECRET)
    client.force_login(superuser)

    client.get(detail_url(cp, enquiry))

    assert EnquiryAccess.objects.get().on_behalf is True


def test_enquiry_detail_of_another_contact_point_404_under_own_slug(as_staff, cp, other_cp):
    theirs = secret_enquiry(other_cp)

    response = as_staff.get(
        reverse("workspace:enquiry_detail", kwargs={"cp": cp.slug, "pk": theirs.pk})
    )

    assert response.status_code == 404
    assert SECRET_NAME not in page(response)
    assert not EnquiryAccess.objects.exists()


def test_enquiry_detail_of_another_contact_point_404_under_its_slug(as_staff, other_cp):
    theirs = secret_enquiry(other_cp)

    response = as_staff.get(detail_url(other_cp, theirs))

    assert response.status_code == 404
    assert SECRET_NAME not in page(response)
    assert not EnquiryAccess.objects.exists()


def test_enquiry_detail_anonymous_to_login_and_nothing_logged(client, cp):
    enquiry = EnquiryFactory(contact_point=cp)

    response = client.get(detail_url(cp, enquiry))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not EnquiryAccess.objects.exists()


def test_enquiry_detail_unknown_number_404(as_staff, cp):
    response = as_staff.get(reverse("workspace:enquiry_detail", kwargs={"cp": cp.slug, "pk": 999}))

    assert response.status_code == 404
    assert not EnquiryAccess.objects.exists()


def test_enquiry_detail_history_in_time_order(as_staff, cp, staff, manager, time_machine):
    time_machine.move_to(NOW, tick=False)
    enquiry = EnquiryFactory(contact_point=cp)
    time_machine.move_to(NOW + datetime.timedelta(hours=1), tick=False)
    EnquiryStatusChange.objects.create(
        enquiry=enquiry, from_status="new", to_status="in_progress", changed_by=staff
    )
    time_machine.move_to(NOW + datetime.timedelta(hours=2), tick=False)
    EnquiryNote.objects.create(enquiry=enquiry, author=manager, body="Ringte, ingen svar.")
    time_machine.move_to(NOW + datetime.timedelta(hours=3), tick=False)
    EnquiryStatusChange.objects.create(
        enquiry=enquiry, from_status="in_progress", to_status="answered", changed_by=None
    )

    response = as_staff.get(detail_url(cp, enquiry))

    history = response.context["history"]
    assert [entry["kind"] for entry in history] == ["status", "note", "status"]
    content = page(response).split('id="history-title"')[1]
    assert content.index("Kari Ansatt") < content.index("Ringte, ingen svar.")
    assert content.index("Mona Leder") < content.index("Ringte, ingen svar.")


def test_enquiry_detail_overdue_in_words(as_staff, cp, time_machine):
    time_machine.move_to(NOW, tick=False)
    enquiry = received(cp, at=NOW - datetime.timedelta(days=10))

    response = as_staff.get(detail_url(cp, enquiry))

    assert response.context["is_overdue"] is True
    assert "inbox-overdue" in response.content.decode()


def test_enquiry_detail_answered_in_time_or_late(as_staff, cp, time_machine):
    time_machine.move_to(NOW, tick=False)
    in_time = received(
        cp,
        at=NOW - datetime.timedelta(days=7),
        status=Enquiry.Status.ANSWERED,
        first_response_at=NOW - datetime.timedelta(days=6),
    )
    late = received(
        cp,
        at=NOW - datetime.timedelta(days=7),
        status=Enquiry.Status.ANSWERED,
        first_response_at=NOW,
    )

    assert as_staff.get(detail_url(cp, in_time)).context["answered_in_time"] is True
    assert as_staff.get(detail_url(cp, late)).context["answered_in_time"] is False


@pytest.mark.parametrize("notes", [1, 3])
def test_enquiry_detail_query_count(client, cp, staff, manager, notes, django_assert_num_queries):
    group = SelfHelpGroupFactory(contact_point=cp)
    enquiry = EnquiryFactory(contact_point=cp, group=group, topic=topic("angst"), assigned_to=staff)
    for n in range(notes):
        EnquiryNote.objects.create(enquiry=enquiry, author=manager, body=f"Notat {n}")
        EnquiryStatusChange.objects.create(
            enquiry=enquiry, from_status="new", to_status="in_progress", changed_by=staff
        )
    client.force_login(staff)

    # Session, user, the MFA check, contact point, membership; the enquiry; the
    # access-log row; status changes and notes; assignable members and linkable groups.
    with django_assert_num_queries(11):
        response = client.get(detail_url(cp, enquiry))
    assert len(response.context["history"]) == 2 * notes
