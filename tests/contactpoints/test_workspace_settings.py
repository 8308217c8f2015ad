"""/arbeidsflate/<cp>/innstillinger/: a manager edits the public details and how the
contact point answers and reminds; not its status, municipality or address on the web."""

import pytest
from django.test import Client
from django.urls import reverse

from contactpoints.models import ContactPoint, Membership
from tests.factories import ContactPointFactory, MembershipFactory

pytestmark = pytest.mark.django_db

URL = "/arbeidsflate/fs/innstillinger/"


@pytest.fixture
def cp():
    return ContactPointFactory(
        slug="fs", name="Frivilligsentralen", status=ContactPoint.Status.PENDING
    )


@pytest.fixture
def as_manager(client, cp):
    client.force_login(MembershipFactory(contact_point=cp, role=Membership.Role.MANAGER).user)
    return client


def posted(response, **overrides):
    """The settings form as the browser sends it back, with ``overrides``."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = value.pk if hasattr(value, "pk") else value
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_settings_saves_details_and_reminders(as_manager, cp):
    page = as_manager.get(URL)
    assert page.status_code == 200

    response = as_manager.post(
        URL,
        posted(
            page,
            name="Frivilligsentralen i sentrum",
            partners="NAV\nBiblioteket",
            phone="22 33 44 55",
            response_days="5",
            starter_reminder_hours="24",
            starter_reminder_morning=None,
            status="approved",
            municipality="4601",
            slug="noe-annet",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == URL
    cp.refresh_from_db()
    assert cp.name == "Frivilligsentralen i sentrum"
    assert cp.partners == "NAV\nBiblioteket"
    assert cp.phone == "22334455"
    assert (cp.response_days, cp.starter_reminder_hours, cp.starter_reminder_morning) == (
        5,
        24,
        False,
    )
    # Not settable here.
    assert (cp.status, cp.municipality_id, cp.slug) == ("pending", "0301", "fs")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("response_days", "0"),
        ("response_days", "31"),
        ("starter_reminder_hours", "337"),
        ("starter_reminder_hours", "-1"),
        ("name", ""),
        ("responsible_person", ""),
    ],
)
def test_settings_bad_input_is_refused_on_its_field(as_manager, cp, field, value):
    page = as_manager.get(URL)

    response = as_manager.post(URL, posted(page, **{field: value, "opening_hours": "Man 9–12"}))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Man 9–12" in response.content.decode()
    cp.refresh_from_db()
    assert cp.opening_hours == ""


def test_settings_without_email_or_phone_is_refused(as_manager, cp):
    page = as_manager.get(URL)

    response = as_manager.post(URL, posted(page, email="", phone=""))

    assert "email" in response.context["form"].errors
    cp.refresh_from_db()
    assert cp.email != ""


def test_settings_two_managers_at_once_the_second_is_told(as_manager, cp):
    other = Client()
    other.force_login(MembershipFactory(contact_point=cp, role=Membership.Role.MANAGER).user)
    first_page = as_manager.get(URL)
    second_page = other.get(URL)

    first = as_manager.post(URL, posted(first_page, opening_hours="Tirsdager"))
    second = other.post(URL, posted(second_page, opening_hours="Torsdager"))

    assert first.status_code == 302
    assert second.status_code == 200
    form = second.context["form"]
    assert [error.code for error in form.non_field_errors().as_data()] == ["edit_conflict"]
    assert "Torsdager" in second.content.decode()
    cp.refresh_from_db()
    assert cp.opening_hours == "Tirsdager"

    # Having seen it, saving again goes through.
    third = other.post(URL, posted(second, opening_hours="Torsdager"))
    assert third.status_code == 302
    cp.refresh_from_db()
    assert cp.opening_hours == "Torsdager"


def test_settings_as_staff_is_forbidden(client, cp):
    client.force_login(MembershipFactory(contact_point=cp).user)

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"name": "Kapret"}).status_code == 403
    cp.refresh_from_db()
    assert cp.name == "Frivilligsentralen"


def test_settings_link_only_for_managers(client, cp):
    staff = MembershipFactory(contact_point=cp).user
    client.force_login(staff)

    page = client.get(reverse("workspace:onboarding", kwargs={"cp": "fs"}))

    assert URL not in page.content.decode()
