"""The region dashboard's pages: who gets in, what the pages, the CSV exports and the
report show (counts only, the same words for small counts everywhere), the shared
starter pool, and query counts that do not grow with the number of contact points."""

import csv
import datetime
import io
import re

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse
from django.utils import timezone

from contactpoints.models import ContactPoint
from groups.models import SelfHelpGroup
from regions.models import Region
from regions.oversight_tables import TABLES
from tests.factories import (
    ContactPointFactory,
    EnquiryFactory,
    EventFactory,
    InterestRegistrationFactory,
    MembershipFactory,
    SelfHelpGroupFactory,
    StarterFactory,
    UserFactory,
    municipality,
    topic,
)
from tests.regions.oversight_world import NOW, build

pytestmark = pytest.mark.django_db

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
ENGLISH = {"django_language": "en"}


def admin_of(*slugs, superuser=False):
    user = UserFactory(is_superuser=superuser, is_staff=superuser)
    for slug in slugs:
        Region.objects.get(slug=slug).admins.add(user)
    TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def as_ost_admin(client):
    client.force_login(admin_of("ost"))
    client.cookies.load(ENGLISH)
    return client


@pytest.fixture
def world():
    with time_machine.travel(NOW, tick=False):
        yield build()


def pages(region=None):
    if region is None:
        return [
            reverse("oversight:dashboard"),
            reverse("oversight:report"),
            reverse("oversight:pool"),
            reverse("oversight:export", kwargs={"table": "kommuner"}),
        ]
    return [
        reverse("oversight:region_dashboard", kwargs={"region": region}),
        reverse("oversight:region_report", kwargs={"region": region}),
        reverse("oversight:region_pool", kwargs={"region": region}),
        reverse("oversight:region_export", kwargs={"region": region, "table": "kommuner"}),
    ]


# --- Who gets in ----------------------------------------------------------------------------


def test_oversight_anonymous_sent_to_sign_in(client):
    for url in pages():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_oversight_staff_and_residents_refused(client):
    for user in (UserFactory(), MembershipFactory().user):
        client.force_login(user)
        for url in pages():
            assert client.get(url).status_code == 403, url


def test_oversight_region_admin_without_two_factor_sent_to_set_it_up(client):
    user = UserFactory()
    Region.objects.get(slug="ost").admins.add(user)
    client.force_login(user)
    response = client.get(reverse("oversight:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_oversight_region_admin_reaches_own_region_not_another(as_ost_admin):
    ost, vest = Region.objects.get(slug="ost"), Region.objects.get(slug="vest")
    for url in pages() + pages(ost.pk):
        assert as_ost_admin.get(url).status_code == 200, url
    for url in pages(vest.pk) + pages(999_999):
        assert as_ost_admin.get(url).status_code == 404, url


def test_oversight_national_admin_reaches_every_region(client):
    client.force_login(admin_of(superuser=True))
    for region in Region.objects.all():
        for url in pages(region.pk):
            assert client.get(url).status_code == 200, url
    assert client.get(pages(999_999)[0]).status_code == 404


def test_oversight_region_switcher_for_national_admin_and_admin_of_two(client):
    client.force_login(admin_of("ost", "vest"))
    response = client.get(reverse("oversight:dashboard"))
    links = [choice["url"] for choice in response.context["choices"]]
    ost, vest = Region.objects.get(slug="ost"), Region.objects.get(slug="vest")
    assert links == [
        reverse("oversight:dashboard"),
        reverse("oversight:region_dashboard", kwargs={"region": vest.pk}),
        reverse("oversight:region_dashboard", kwargs={"region": ost.pk}),
    ]
    assert response.context["choices"][0]["current"] is True

    client.force_login(admin_of(superuser=True))
    response = client.get(reverse("oversight:region_pool", kwargs={"region": ost.pk}))
    choices = response.context["choices"]
    assert len(choices) == 1 + Region.objects.count()
    assert [c["label"] for c in choices if c["current"]] == [ost.name]


def test_oversight_single_region_admin_has_no_switcher(as_ost_admin):
    response = as_ost_admin.get(reverse("oversight:dashboard"))
    assert response.context["choices"] == []
    assert response.context["scope_label"] == Region.objects.get(slug="ost").name


def test_oversight_unknown_table_is_404(as_ost_admin):
    assert as_ost_admin.get("/region/ukjent.csv").status_code == 404


# --- What the pages show ------------------------------------------------------------------


def test_oversight_dashboard_shows_figures_and_marks_what_stands_out(world, as_ost_admin):
    with time_machine.travel(NOW, tick=False):
        response = as_ost_admin.get(reverse("oversight:dashboard"))
    html = response.content.decode()
    tables = response.context["tables"]
    assert set(tables) == {slug.replace("-", "_") for slug in TABLES}
    municipalities = {row[0].text: row for row in tables["kommuner"].rows}
    assert [cell.text for cell in municipalities["Halden"][1:5]] == ["under 3", "0", "3", "3"]
    assert municipalities["Halden"][5].text == "interest waiting, no group"
    assert municipalities["Asker"][5].text == (
        "interest waiting, no group; interest waiting, no contact point"
    )
    # Marked with words, not colour alone.
    assert html.count("interest waiting, no contact point") >= 2
    quiet_rows = [row[0].text for row, marked in tables["kontaktpunkter"].marked_rows if marked]
    assert quiet_rows == ["Beta"]
    assert '<td class="attention-text oversight-flag">Gone quiet</td>' in html
    alfa = world["alfa"]
    assert reverse("workspace:dashboard", kwargs={"cp": alfa.slug}) in html


def test_oversight_pages_show_counts_never_enquiry_content_or_names(world, as_ost_admin):
    with time_machine.travel(NOW, tick=False):
        EnquiryFactory(
            contact_point=world["alfa"],
            name="Hemmelig-Navn",
            email="hemmelig@example.no",
            phone="99887766",
            message="Jeg har aldri sagt dette",
        )
        InterestRegistrationFactory(email="interesse@example.no", phone="44556677")
        urls = [reverse("oversight:dashboard"), reverse("oversight:report")]
        urls += [reverse("oversight:export", kwargs={"table": slug}) for slug in TABLES]
        for url in urls:
            body = as_ost_admin.get(url).content.decode("utf-8-sig")
            for secret in (
                "Hemmelig-Navn",
                "hemmelig@example.no",
                "99887766",
                "Jeg har aldri",
                "interesse@example.no",
                "44556677",
            ):
                assert secret not in body, (url, secret)


def test_oversight_every_chart_is_an_image_with_a_name_and_a_table(world, as_ost_admin):
    with time_machine.travel(NOW, tick=False):
        html = as_ost_admin.get(reverse("oversight:dashboard")).content.decode()
    charts = re.findall(r"<svg [^>]*>", html)
    assert len(charts) == 8  # 3 trends, 3 group charts, events, enquiries
    for svg in charts:
        assert 'role="img"' in svg
        title_id, desc_id = re.search(r'aria-labelledby="([^" ]+) ([^"]+)"', svg).groups()
        assert f'<title id="{title_id}">' in html
        assert f'<desc id="{desc_id}">' in html
    # Each chart's figures follow it as a table in a disclosure a keyboard reaches.
    for table_id in (
        "table-utvikling",
        "table-grupper-status",
        "table-grupper-form",
        "table-grupper-tema",
        "table-arrangementer",
        "table-henvendelser",
    ):
        assert re.search(
            r'<details class="oversight-chart__data">\s*<summary>[^<]+</summary>\s*'
            r'(<div class="table-responsive[^>]*>\s*)?<table[^>]*id="' + table_id,
            html,
        ), table_id


def test_oversight_chart_bars_skip_suppressed_counts(world, as_ost_admin):
    with time_machine.travel(NOW, tick=False):
        html = as_ost_admin.get(reverse("oversight:dashboard")).content.decode()
    topics_chart = html[html.index('id="chart-topics-title"') :]
    topics_chart = topics_chart[: topics_chart.index("</svg>")]
    # Angst (3) has a bar; Sorg ("under 3") has only its words.
    assert topics_chart.count('<rect class="chart-bar"') == 1
    assert "under 3" in topics_chart


def test_oversight_report_has_trends_needs_and_quiet_contact_points(world, as_ost_admin):
    with time_machine.travel(NOW, tick=False):
        response = as_ost_admin.get(reverse("oversight:report"))
    html = response.content.decode()
    assert response.context["headline"]["enquiries"] == 9
    assert [cp.name for cp in response.context["quiet"]] == ["Beta"]
    assert [place.name for place in response.context["standing_out"]] == [
        "Asker",
        "Bærum",
        "Halden",
    ]
    assert 'id="table-utvikling"' in html
    assert html.count("<svg ") == 3
    assert "oversight.css" in html  # the print rules


def test_oversight_report_names_twelve_and_counts_the_rest(as_ost_admin):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    for n in range(15):
        cp = ContactPointFactory(name=f"Stille {n:02d}")
        ContactPoint.objects.filter(pk=cp.pk).update(created_at=long_ago)
    response = as_ost_admin.get(reverse("oversight:report"))
    assert [cp.name for cp in response.context["quiet"]] == [f"Stille {n:02d}" for n in range(12)]
    assert response.context["quiet_more"] == 3
    assert "and 3 more (see the dashboard)" in response.content.decode()


# --- CSV ------------------------------------------------------------------------------------


def read_csv(response):
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_oversight_every_table_exports_as_csv_like_the_page(world, as_ost_admin):
    with time_machine.travel(NOW, tick=False):
        page = as_ost_admin.get(reverse("oversight:dashboard")).context["tables"]
        for slug in TABLES:
            response = as_ost_admin.get(reverse("oversight:export", kwargs={"table": slug}))
            assert response["Content-Type"] == "text/csv; charset=utf-8"
            assert f"-{slug}-2026-11-15.csv" in response["Content-Disposition"]
            rows = read_csv(response)
            table = page[slug.replace("-", "_")]
            assert rows[0] == [column.full_label for column in table.columns]
            assert len(rows) == 1 + len(table.rows)


def test_oversight_csv_small_counts_read_under_three(world, as_ost_admin):
    with time_machine.travel(NOW, tick=False):
        response = as_ost_admin.get(reverse("oversight:export", kwargs={"table": "kommuner"}))
    rows = {row[0]: row for row in read_csv(response)}
    assert rows["Halden"][1:5] == ["under 3", "0", "3", "3"]
    assert rows["Bærum"][3] == "under 3"
    assert rows["Oslo - Oslove"][4] == "hidden"
    assert rows["Moss"][1:5] == ["0", "0", "0", "0"]
    contact_points = {
        row[0]: row
        for row in read_csv(
            as_ost_admin.get(reverse("oversight:export", kwargs={"table": "kontaktpunkter"}))
        )
    }
    header = read_csv(
        as_ost_admin.get(reverse("oversight:export", kwargs={"table": "kontaktpunkter"}))
    )[0]
    enquiries = header.index("Enquiries received")
    assert contact_points["Beta"][enquiries] == "under 3"
    assert contact_points["Delta"][enquiries] == "3"
    assert contact_points["Beta"][header.index("Median time to first answer (hours)")] == "48.0"


def test_oversight_csv_guards_against_formulas(as_ost_admin):
    ContactPointFactory(name='=HYPERLINK("http://x.example","klikk")')
    ContactPointFactory(name="-1+2")
    response = as_ost_admin.get(reverse("oversight:export", kwargs={"table": "kontaktpunkter"}))
    names = [row[0] for row in read_csv(response)[1:]]
    assert '\'=HYPERLINK("http://x.example","klikk")' in names
    assert "'-1+2" in names


# --- The shared starter pool ----------------------------------------------------------------


def test_oversight_pool_lists_shared_starters_of_the_region_with_their_roster(world, as_ost_admin):
    with time_machine.travel(NOW, tick=False):
        response = as_ost_admin.get(reverse("oversight:pool"))
    html = response.content.decode()
    assert [s.name for s in response.context["starters"]] == [
        "Berit Delt",
        "Siri Delt",
        "Stein Delt",
    ]
    for hidden in ("Per Privat", "Ivar Inaktiv", "Vera Vest"):
        assert hidden not in html
    for cp in (world["alfa"], world["beta"]):
        assert reverse("workspace:starter_list", kwargs={"cp": cp.slug}) in html
    # Figures, not contact details: a starter is reached through their contact point.
    for starter in response.context["starters"]:
        assert starter.email not in html


def test_oversight_region_admin_reaches_the_roster_the_pool_links_to(world, client):
    admin = admin_of("ost")
    client.force_login(admin)
    url = reverse("workspace:starter_list", kwargs={"cp": world["beta"].slug})
    assert client.get(url).status_code == 200
    assert (
        client.get(
            reverse("workspace:starter_list", kwargs={"cp": world["vest_cp"].slug})
        ).status_code
        == 404
    )


# --- Query counts ---------------------------------------------------------------------------


def contact_point_with_everything(n):
    now = timezone.now().replace(microsecond=0)
    cp = ContactPointFactory(name=f"Kontaktpunkt {n}", municipality=municipality("3107"))
    MembershipFactory(contact_point=cp)
    group = SelfHelpGroupFactory(
        contact_point=cp, status=SelfHelpGroup.Status.RUNNING, topics=[topic("angst")]
    )
    EventFactory(contact_point=cp, starts_at=now - datetime.timedelta(days=3))
    EnquiryFactory(contact_point=cp, group=group, first_response_at=now)
    StarterFactory(contact_point=cp, shared_in_region=True).topics.set([topic("sorg")])
    InterestRegistrationFactory(municipality=cp.municipality)
    return cp


@pytest.mark.parametrize("count", [1, 3])
def test_oversight_dashboard_query_count_does_not_grow(
    as_ost_admin, django_assert_num_queries, count
):
    for n in range(count):
        contact_point_with_everything(n)
    # Session, user, the two-factor check (2), the region and its counties; then 12 for
    # the figures: contact points, their groups, enquiries and events, municipalities,
    # topics, formats, starters, events by kind, the region's enquiries by month (with
    # their median), events by month, groups started by month.
    with django_assert_num_queries(18):
        response = as_ost_admin.get(reverse("oversight:dashboard"))
    assert len(response.context["tables"]["kontaktpunkter"].rows) == count


@pytest.mark.parametrize("count", [1, 3])
def test_oversight_report_query_count_does_not_grow(as_ost_admin, django_assert_num_queries, count):
    for n in range(count):
        contact_point_with_everything(n)
    with django_assert_num_queries(15):
        as_ost_admin.get(reverse("oversight:report"))


@pytest.mark.parametrize("count", [1, 3])
def test_oversight_pool_query_count_does_not_grow(as_ost_admin, django_assert_num_queries, count):
    for n in range(count):
        contact_point_with_everything(n)
    with django_assert_num_queries(10):
        response = as_ost_admin.get(reverse("oversight:pool"))
    assert len(response.context["starters"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_oversight_csv_query_count_does_not_grow(as_ost_admin, django_assert_num_queries, count):
    for n in range(count):
        contact_point_with_everything(n)
    with django_assert_num_queries(10):
        as_ost_admin.get(reverse("oversight:export", kwargs={"table": "kontaktpunkter"}))


def test_oversight_contact_point_statuses_all_listed_but_rejected(as_ost_admin):
    for status in ContactPoint.Status.values:
        ContactPointFactory(name=f"Status {status}", status=status)
    response = as_ost_admin.get(reverse("oversight:dashboard"))
    names = [row[0].text for row in response.context["tables"]["kontaktpunkter"].rows]
    assert names == ["Status approved", "Status pending", "Status suspended"]
