"""/arbeidsflate/nytt-kontaktpunkt/: registering a contact point, and what it sets going."""

import re

import pytest
from django.urls import reverse

from contactpoints.models import (
    ContactPoint,
    ContactPointStatusChange,
    Membership,
    OrganisationType,
)
from contactpoints.services import contact_point_register
from notifications.models import OutboxMessage
from regions.models import Region, RegionCounty
from tests.factories import ContactPointFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db

URL = "/arbeidsflate/nytt-kontaktpunkt/"


def form_data(**overrides):
    data = {
        "name": "Frivilligsentralen i Bodø",
        "organisation": "Bodø kommune",
        "organisation_type": "",
        "municipality": "1804",
        "email": "Post@Frivilligbodo.no",
        "phone": "",
        "website": "",
        "address": "Storgata 1",
        "opening_hours": "Hverdager 9–15",
        "description": "Vi hjelper deg å finne en gruppe.",
        "responsible_person": "Kari Nordmann, daglig leder",
        "partners": "Legekontoret\nBiblioteket",
    }
    from contactpoints.models import OrganisationType

    data["organisation_type"] = str(OrganisationType.objects.get(code="frivilligsentral").pk)
    data.update(overrides)
    return data


@pytest.fixture
def applicant(client):
    user = UserFactory(full_name="Siri Søker")
    client.force_login(user)
    return user


@pytest.fixture
def nord_admin():
    admin = UserFactory(full_name="Nils Nord")
    Region.objects.get(slug="nord").admins.add(admin)
    return admin


def test_register_page_needs_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_register_page_lists_municipalities_grouped_by_county(client, applicant):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<optgroup label="Nordland">' in html
    assert '<option value="1804">Bodø</option>' in html
    # Counties in Norwegian alphabetical order: Ø after Z.
    assert re.findall(r'<optgroup label="([^"]+)">', html) == [
        "Agder",
        "Akershus",
        "Buskerud",
        "Finnmark",
        "Innlandet",
        "Møre og Romsdal",
        "Nordland",
        "Oslo",
        "Rogaland",
        "Telemark",
        "Troms",
        "Trøndelag",
        "Vestfold",
        "Vestland",
        "Østfold",
    ]


def test_register_creates_pending_contact_point_with_applicant_as_manager(
    client, applicant, nord_admin
):
    response = client.post(URL, form_data())

    cp = ContactPoint.objects.get(name="Frivilligsentralen i Bodø")
    assert response.status_code == 302
    assert response["Location"] == f"/arbeidsflate/{cp.slug}/"
    assert cp.slug == "frivilligsentralen-i-bodo"
    assert cp.status == ContactPoint.Status.PENDING
    assert cp.created_by == applicant
    assert cp.email == "post@frivilligbodo.no"
    assert cp.municipality_id == "1804"
    assert cp.partners == "Legekontoret\nBiblioteket"
    assert list(cp.memberships.values_list("user", "role")) == [
        (applicant.pk, Membership.Role.MANAGER)
    ]
    change = ContactPointStatusChange.objects.get(contact_point=cp)
    assert (change.from_status, change.to_status, change.changed_by) == ("", "pending", applicant)

    # The workspace works while pending, and says it is not public.
    page = client.get(response["Location"], follow=True)
    assert page.status_code == 200
    team = client.get(f"/arbeidsflate/{cp.slug}/team/")
    assert b"cp-status-banner" in team.content
    # Not in the public directory yet.
    assert client.get(f"/kontaktpunkter/{cp.slug}/").status_code == 404


def test_register_tells_applicant_and_region_admins(client, applicant, nord_admin):
    other_region_admin = UserFactory()
    Region.objects.get(slug="vest").admins.add(other_region_admin)
    superuser = UserFactory(is_superuser=True, is_staff=True)

    client.post(URL, form_data())

    cp = ContactPoint.objects.get()
    messages = {m.recipient: m for m in OutboxMessage.objects.all()}
    assert set(messages) == {applicant.email, nord_admin.email}
    assert messages[applicant.email].reason == "contact_point_received"
    to_admin = messages[nord_admin.email]
    assert to_admin.reason == "contact_point_pending"
    approval_path = reverse("region:approval_detail", kwargs={"slug": cp.slug})
    assert approval_path in to_admin.body_text
    assert cp.name in to_admin.body_text
    # Only the name: nothing of what was registered besides.
    for detail in ("Kari Nordmann", "post@frivilligbodo.no", "Legekontoret", "Storgata"):
        assert detail not in to_admin.body_text
        assert detail not in to_admin.body_html
    assert cp.name not in to_admin.subject
    assert superuser.email not in messages


def test_register_without_region_admins_tells_national_admins(client, applicant):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    UserFactory(is_superuser=True, is_staff=True, is_active=False)

    client.post(URL, form_data())

    assert set(
        OutboxMessage.objects.filter(reason="contact_point_pending").values_list(
            "recipient", flat=True
        )
    ) == {superuser.email}


def test_register_county_in_no_region_tells_national_admins(client, applicant, nord_admin):
    RegionCounty.objects.filter(county_id="18").delete()
    superuser = UserFactory(is_superuser=True, is_staff=True)

    client.post(URL, form_data())

    assert list(
        OutboxMessage.objects.filter(reason="contact_point_pending").values_list(
            "recipient", flat=True
        )
    ) == [superuser.email]


def test_register_without_email_or_phone_is_refused_on_the_field(client, applicant):
    response = client.post(URL, form_data(email="", phone=""))

    assert response.status_code == 200
    form = response.context["form"]
    assert "email" in form.errors
    assert form.non_field_errors() == []
    assert ContactPoint.objects.count() == 0
    # What was typed is kept.
    assert 'value="Frivilligsentralen i Bodø"' in response.content.decode()


def test_register_with_phone_only_is_accepted_and_normalised(client, applicant):
    client.post(URL, form_data(email="", phone="+47 912 34 567"))

    assert ContactPoint.objects.get().phone == "91234567"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("organisation", ""),
        ("organisation_type", ""),
        ("organisation_type", "99999"),
        ("municipality", ""),
        ("municipality", "9999"),
        ("responsible_person", ""),
        ("phone", "123"),
        ("email", "ikke-en-adresse"),
        ("website", "ikke en adresse"),
    ],
)
def test_register_bad_input_is_refused_on_its_field(client, applicant, field, value):
    response = client.post(URL, form_data(**{field: value}))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert ContactPoint.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


def test_register_refuses_a_former_municipality(client, applicant):
    old = municipality("1804")
    old.is_current = False
    old.save()

    response = client.post(URL, form_data())

    assert "municipality" in response.context["form"].errors
    assert ContactPoint.objects.count() == 0


def test_register_same_name_twice_gets_a_second_slug(client, applicant):
    ContactPointFactory(name="Frivilligsentralen i Bodø", slug="frivilligsentralen-i-bodo")

    client.post(URL, form_data())

    assert ContactPoint.objects.filter(created_by=applicant).get().slug == (
        "frivilligsentralen-i-bodo-2"
    )


def test_register_slug_spells_out_norwegian_letters_or_falls_back(applicant):
    def slug_of(name):
        return contact_point_register(
            user=applicant,
            name=name,
            organisation="Org",
            organisation_type=OrganisationType.objects.get(code="frivilligsentral"),
            municipality=municipality(),
            email="post@example.no",
            responsible_person="Kari",
        ).slug

    assert slug_of("Lærings- og mestringssenteret på Ås, Grünerløkka") == (
        "laerings-og-mestringssenteret-pa-as-grunerlokka"
    )
    assert slug_of("!!!") == "kontaktpunkt"


def test_register_never_takes_a_workspace_path_as_slug(applicant):
    cp = contact_point_register(
        user=applicant,
        name="Nytt kontaktpunkt",
        organisation="Org",
        organisation_type=ContactPointFactory.build().organisation_type,
        municipality=municipality(),
        responsible_person="Kari",
        email="a@example.no",
    )
    assert cp.slug == "nytt-kontaktpunkt-2"
    assert reverse("workspace:dashboard", kwargs={"cp": cp.slug}) == f"/arbeidsflate/{cp.slug}/"
