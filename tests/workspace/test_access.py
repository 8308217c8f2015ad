"""The wall: who may work in which contact point's workspace (contactpoints.access)."""

import re

import pytest
from django.urls import reverse

from contactpoints.access import NATIONAL, REGION, workspace_role
from contactpoints.models import Membership
from regions.models import Region
from tests.factories import ContactPointFactory, MembershipFactory, UserFactory, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def oslo_cp():
    return ContactPointFactory(slug="oslo-cp")  # Oslo: county 03, region "ost"


def test_member_role_is_their_membership(oslo_cp):
    manager = MembershipFactory(contact_point=oslo_cp, role=Membership.Role.MANAGER).user
    staff = MembershipFactory(contact_point=oslo_cp).user
    assert workspace_role(manager, oslo_cp) == "manager"
    assert workspace_role(staff, oslo_cp) == "staff"


def test_region_admin_of_the_county_works_on_behalf(oslo_cp):
    admin = UserFactory()
    Region.objects.get(slug="ost").admins.add(admin)
    assert workspace_role(admin, oslo_cp) == REGION


def test_region_admin_of_another_region_has_no_access(oslo_cp):
    admin = UserFactory()
    Region.objects.get(slug="vest").admins.add(admin)
    assert workspace_role(admin, oslo_cp) is None


def test_superuser_works_on_behalf_everywhere(oslo_cp):
    assert workspace_role(UserFactory(is_superuser=True), oslo_cp) == NATIONAL


def test_membership_wins_over_region_admin(oslo_cp):
    user = MembershipFactory(contact_point=oslo_cp).user
    Region.objects.get(slug="ost").admins.add(user)
    assert workspace_role(user, oslo_cp) == "staff"


def test_deactivated_member_has_no_access(oslo_cp):
    user = MembershipFactory(contact_point=oslo_cp).user
    user.is_active = False
    user.save()
    assert workspace_role(user, oslo_cp) is None


def test_unknown_contact_point_and_foreign_one_look_the_same(client, oslo_cp):
    outsider = MembershipFactory(contact_point=ContactPointFactory(slug="annen")).user
    client.force_login(outsider)
    foreign = client.get(reverse("workspace:dashboard", kwargs={"cp": "oslo-cp"}))
    unknown = client.get(reverse("workspace:dashboard", kwargs={"cp": "finnes-ikke"}))
    assert foreign.status_code == unknown.status_code == 404

    def page(response, slug):  # the same page but for the path and the CSRF token
        body = response.content.decode().replace(slug, "SLUG")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)

    assert page(foreign, "oslo-cp") == page(unknown, "finnes-ikke")


def test_index_goes_straight_to_the_only_contact_point(client, oslo_cp):
    client.force_login(MembershipFactory(contact_point=oslo_cp).user)
    response = client.get(reverse("workspace:index"))
    assert response["Location"] == reverse("workspace:dashboard", kwargs={"cp": "oslo-cp"})


def test_index_lists_each_contact_point_of_a_member_of_several(client, oslo_cp):
    other = ContactPointFactory(
        name="Frisklivssentralen i Bergen", slug="bergen", municipality=municipality("4601")
    )
    user = MembershipFactory(contact_point=oslo_cp).user
    MembershipFactory(contact_point=other, user=user)
    client.force_login(user)
    response = client.get(reverse("workspace:index"))
    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("workspace:dashboard", kwargs={"cp": "oslo-cp"}) in body
    assert reverse("workspace:dashboard", kwargs={"cp": "bergen"}) in body


def test_index_without_membership_offers_registering(client):
    client.force_login(UserFactory())
    response = client.get(reverse("workspace:index"))
    assert response.status_code == 200
    assert reverse("workspace:register") in response.content.decode()


def test_login_leads_to_the_workspace(client, oslo_cp):
    from tests.factories import PASSWORD

    user = MembershipFactory(contact_point=oslo_cp).user
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:index")
