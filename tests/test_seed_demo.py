"""`manage.py seed_demo`: the demo covers every kind of thing, can sign in, and is idempotent."""

import io
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from contactpoints.models import ContactPoint, Membership, OrganisationType, Starter
from enquiries.models import Enquiry, InterestRegistration
from events.models import Event, Registration
from groups.models import GroupMeeting, SelfHelpGroup, StarterAssignment
from regions.models import Region
from selvhjelp import demo_data
from tests.factories import ContactPointFactory, InterestRegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = [
    User,
    EmailAddress,
    ContactPoint,
    Membership,
    Starter,
    SelfHelpGroup,
    GroupMeeting,
    StarterAssignment,
    Event,
    Registration,
    Enquiry,
    InterestRegistration,
]


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def seeded():
    return seed()


def test_contact_points_cover_every_organisation_type(seeded):
    types = set(OrganisationType.objects.values_list("code", flat=True))
    assert set(ContactPoint.objects.values_list("organisation_type__code", flat=True)) == types
    assert len(types) == 8


def test_contact_points_mostly_approved_with_one_pending_and_one_suspended(seeded):
    statuses = list(ContactPoint.objects.values_list("status", flat=True))
    assert statuses.count("pending") == 1
    assert statuses.count("suspended") == 1
    assert statuses.count("approved") >= 6
    regions = Region.objects.filter(
        counties__municipalities__contact_points__status="approved"
    ).distinct()
    assert regions.count() >= 3
    assert not ContactPoint.objects.filter(responsible_person="").exists()


def test_groups_cover_every_status_format_and_kind(seeded):
    groups = SelfHelpGroup.objects.all()
    assert set(groups.values_list("status", flat=True)) == set(SelfHelpGroup.Status.values)
    assert set(groups.values_list("format", flat=True)) == set(SelfHelpGroup.Format.values)
    assert set(groups.values_list("kind", flat=True)) == set(SelfHelpGroup.Kind.values)
    assert not groups.filter(topics__isnull=True).exists()
    assert set(groups.values_list("show_venue_publicly", flat=True)) == {True, False}
    assert not groups.filter(status="closed", open_for_new_members=True).exists()


def test_new_groups_have_first_meetings_with_starters_answering(seeded):
    for group in SelfHelpGroup.objects.filter(status__in=["starting", "recruiting"]):
        assert 3 <= group.meetings.count() <= 4
        assert not group.meetings.filter(assignments__isnull=True).exists()
    responses = set(StarterAssignment.objects.values_list("response", flat=True))
    assert {"pending", "confirmed"} <= responses
    assert not StarterAssignment.objects.filter(
        response="confirmed", responded_at__isnull=True
    ).exists()


def test_starters_include_trained_shared_and_one_with_a_login(seeded):
    starters = Starter.objects.all()
    assert starters.filter(trained_on__isnull=False).exists()
    assert starters.filter(trained_on__isnull=True).exists()
    assert starters.filter(shared_in_region=True).exists()
    linked = starters.get(user__isnull=False)
    assert linked.user.email == linked.email


def test_upcoming_published_events_cover_every_kind(seeded):
    upcoming = Event.objects.filter(status="published", starts_at__gt=timezone.now())
    assert set(upcoming.values_list("kind", flat=True)) == set(Event.Kind.values)
    assert upcoming.filter(is_online=True).exists()
    assert upcoming.filter(capacity__isnull=False, registrations__isnull=False).exists()
    training = upcoming.filter(kind="starter_training")
    assert training.exists()
    assert not training.filter(region__isnull=True).exists()
    day = upcoming.get(title__startswith="Verdensdagen")
    assert (timezone.localtime(day.starts_at).month, timezone.localtime(day.starts_at).day) == (
        10,
        10,
    )


def test_full_event_has_a_waiting_list(seeded):
    full = [
        event
        for event in Event.objects.filter(capacity__isnull=False)
        if event.registrations.filter(status="confirmed").count() == event.capacity
    ]
    assert len(full) == 1
    assert full[0].registrations.filter(status="waiting").count() == 2


def test_enquiries_and_interest_registrations_have_something_to_show(seeded):
    enquiries = Enquiry.objects.all()
    assert enquiries.values("status").distinct().count() >= 5
    assert not enquiries.filter(consent_given_at__isnull=True).exists()
    assert enquiries.filter(status="new").exists()
    assert enquiries.filter(created_at__lt=timezone.now() - timedelta(days=7)).exists()
    interests = InterestRegistration.objects.all()
    assert interests.count() >= 10
    # Demand where no contact point exists yet is the point of registering interest.
    assert interests.exclude(municipality__in=ContactPoint.objects.values("municipality")).exists()


def test_every_demo_user_signs_in_with_the_demo_password(seeded, client):
    users = User.objects.filter(email__endswith="@" + demo_data.DEMO_EMAIL_DOMAIN)
    assert users.count() == len(demo_data.USERS)
    for user in users:
        assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
        response = client.post(
            "/konto/login/", {"login": user.email, "password": demo_data.PASSWORD}
        )
        assert response.status_code == 302, user.email
        assert client.session["_auth_user_id"] == str(user.pk)
        client.logout()


def test_roles_give_managers_staff_region_admins_and_a_national_admin(seeded):
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"manager", "staff"}
    admins = User.objects.filter(administered_regions__isnull=False).distinct()
    assert admins.count() == 2
    assert set(Region.objects.filter(admins__in=admins).values_list("slug", flat=True)) == {
        "nord",
        "midt",
    }
    national = User.objects.get(is_superuser=True)
    assert national.is_staff
    assert national.email.endswith("@" + demo_data.DEMO_EMAIL_DOMAIN)


def test_output_lists_progress_counts_logins_and_urls(seeded):
    assert "Contact points:" in seeded
    assert "Demo data created:" in seeded
    for spec in demo_data.USERS:
        assert f"{spec['local']}@{demo_data.DEMO_EMAIL_DOMAIN}" in seeded
    assert demo_data.PASSWORD in seeded
    for url in ("http://127.0.0.1:8000/", "/konto/login/", "/admin/"):
        assert url in seeded
    assert "TOTP" in seeded


def test_seed_demo_twice_creates_nothing_new(seeded):
    before = counts()
    output = seed()
    assert counts() == before
    assert "Demo data already present" in output
    assert "kari.manager@demo.selvhjelp.example" in output


def test_seed_demo_reset_recreates_the_same_demo_and_keeps_other_data(seeded):
    other_contact_point = ContactPointFactory()
    other_user = UserFactory()
    other_interest = InterestRegistrationFactory(email="someone@example.no")
    demo_before = counts()
    assignments_before = sorted(
        StarterAssignment.objects.values_list("meeting__group__slug", "starter__name", "response")
    )
    old_user_ids = set(User.objects.values_list("pk", flat=True)) - {other_user.pk}

    output = seed("--reset")

    assert "Deleted earlier demo data" in output
    assert counts() == demo_before
    assert not User.objects.filter(pk__in=old_user_ids).exists()
    assert ContactPoint.objects.filter(pk=other_contact_point.pk).exists()
    assert User.objects.filter(pk=other_user.pk).exists()
    assert InterestRegistration.objects.filter(pk=other_interest.pk).exists()
    # The fixed random seed gives the same people and answers every time.
    assert (
        sorted(
            StarterAssignment.objects.values_list(
                "meeting__group__slug", "starter__name", "response"
            )
        )
        == assignments_before
    )


def test_seed_demo_reset_on_an_empty_database_seeds():
    output = seed("--reset")
    assert ContactPoint.objects.count() == len(demo_data.CONTACT_POINTS)
    assert "Demo data created:" in output


def test_seed_demo_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="Refusing to seed demo data"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not ContactPoint.objects.exists()
