"""The national admin's Django admin for regions: which counties a region holds, and a
button that reloads the reference data (regions' load_refdata)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from regions.models import County, Municipality, Region
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RELOAD = "admin:regions_reload_reference_data"


@pytest.fixture
def national_admin(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(user)
    client.cookies.load({"django_language": "en"})
    return client


def test_admin_reload_button_on_region_county_and_municipality_lists(national_admin):
    for name in (
        "admin:regions_region_changelist",
        "admin:regions_county_changelist",
        "admin:regions_municipality_changelist",
    ):
        html = national_admin.get(reverse(name)).content.decode()
        assert f'action="{reverse(RELOAD)}"' in html, name


def test_admin_reload_reference_data_restores_names_and_says_what_it_did(national_admin):
    Municipality.objects.filter(number="0301").update(name="Feilnavn")
    County.objects.filter(number="46").update(name="Feil fylke")
    back = reverse("admin:regions_county_changelist")

    response = national_admin.post(reverse(RELOAD), {"back": back}, follow=True)

    assert response.redirect_chain == [(back, 302)]
    assert Municipality.objects.get(number="0301").name == "Oslo - Oslove"
    assert County.objects.get(number="46").name == "Vestland"
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith(
        "Reference data reloaded: Counties: 15; Municipalities: 357 current; Postcodes: "
    )


def test_admin_reload_refuses_get_and_other_sites(national_admin):
    assert national_admin.get(reverse(RELOAD)).status_code == 405
    response = national_admin.post(reverse(RELOAD), {"back": "https://evil.example/"})
    assert response["Location"] == reverse("admin:regions_municipality_changelist")


def test_admin_reload_refused_to_staff_who_are_not_national_admins(client):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    Municipality.objects.filter(number="0301").update(name="Feilnavn")
    assert client.post(reverse(RELOAD)).status_code == 403
    assert Municipality.objects.get(number="0301").name == "Feilnavn"
    client.logout()
    response = client.post(reverse(RELOAD))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_admin_region_lists_its_counties_and_edits_them_inline(national_admin):
    html = national_admin.get(reverse("admin:regions_region_changelist")).content.decode()
    assert "Oslo, Østfold, Akershus" in html
    region = Region.objects.get(slug="vest")
    form = national_admin.get(reverse("admin:regions_region_change", args=[region.pk]))
    assert "region_counties-TOTAL_FORMS" in form.content.decode()
