"""Region oversight URLs (/region/, issue 6), for the URL × persona matrix (see __init__).

Every page exists for the user's own scope (``oversight:<page>``: a region admin's
regions, the whole country for a superuser) and for one chosen region
(``oversight:region_<page>``), asked for here as region "ost" (contact point A's, where
the pending "Ventende-Kontaktpunkt" also is). The other region's admin gets a 404 for
it. The dashboard lists contact points with their status, so the pending one's name is
shown to those who may approve it; never anything of an enquiry, a registration or an
unpublished group or event.
"""

from regions.models import Region
from tests.matrix import OtherURL

# Admins only: a 403 for anyone else signed in, the sign-in page for the anonymous.
OWN_SCOPE = {
    "anonymous": 302,
    "resident": 403,
    "staff_a": 403,
    "manager_a": 403,
    "staff_b": 403,
    "region_admin_a": 200,
    "region_admin_other": 200,
    "superuser": 200,
}
# Region "ost" asked for by id: not the other region's admin's to see.
REGION_OST = {**OWN_SCOPE, "region_admin_other": 404}
SEES_OST = {
    "region_admin_a": {"Ventende-Kontaktpunkt"},
    "superuser": {"Ventende-Kontaktpunkt"},
}


def _ost(world):
    return {"region": Region.objects.get(slug="ost").pk}


def _table(world):
    return {"table": "kontaktpunkter"}


def _ost_table(world):
    return {**_ost(world), **_table(world)}


URLS = {
    "oversight:dashboard": OtherURL(expect=OWN_SCOPE, may_show=SEES_OST),
    "oversight:region_dashboard": OtherURL(expect=REGION_OST, kwargs=_ost, may_show=SEES_OST),
    "oversight:export": OtherURL(expect=OWN_SCOPE, kwargs=_table, may_show=SEES_OST),
    "oversight:region_export": OtherURL(expect=REGION_OST, kwargs=_ost_table, may_show=SEES_OST),
    "oversight:report": OtherURL(expect=OWN_SCOPE),
    "oversight:region_report": OtherURL(expect=REGION_OST, kwargs=_ost),
    "oversight:pool": OtherURL(expect=OWN_SCOPE),
    "oversight:region_pool": OtherURL(expect=REGION_OST, kwargs=_ost),
}
