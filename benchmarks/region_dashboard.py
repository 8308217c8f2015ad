"""Benchmark: the region dashboard with 1,000 contact points, 10,000 groups and 200,000
enquiries in one region (not a timed test).

    make bench
    # or: DATABASE_URL=postgres://postgres@127.0.0.1:5432/selvhjelp .venv/bin/python \\
    #         benchmarks/region_dashboard.py [--output benchmarks/README.md] [--keep]

It creates the database ``selvhjelp_bench_region`` afresh next to the one DATABASE_URL
names (that one is only used to reach the server), migrates it, bulk-creates a large
region "ost" and a smaller rest of the country, runs ANALYZE, and measures:

- every figure of ``regions.oversight.Dashboard`` for region "ost" and for the whole
  country (a national admin's "all regions"): wall time and SQL statements, best of
  three runs;
- the dashboard page itself (the view, its 1,000-row table and its charts rendered),
  the CSV of the contact-point table, the report and the starter pool;
- EXPLAIN (ANALYZE, BUFFERS) of every distinct query of the figures, with the plan of
  the heaviest in full.

Nothing shared is touched: no Redis (the cache is in memory), and the database is
dropped afterwards. The results replace the "Region dashboard" section of
benchmarks/README.md (the section between its markers; the rest of the file stays).
"""

import argparse
import datetime
import os
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DB = "selvhjelp_bench_region"
START = "<!-- region-dashboard benchmark: written by benchmarks/region_dashboard.py -->"
END = "<!-- /region-dashboard benchmark -->"

CONTACT_POINTS = 1_000
GROUPS = 10_000
ENQUIRIES = 200_000
# The rest of the country, so that the region's filters have something to leave out.
OTHER_CONTACT_POINTS = 200
OTHER_GROUPS = 2_000
OTHER_ENQUIRIES = 40_000
RUNS = 3
CSV = "kontaktpunkter"


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def database_urls(base_url):
    parts = urlsplit(base_url)
    if not parts.scheme.startswith("postgres"):
        sys.exit(f"The benchmark runs on PostgreSQL; DATABASE_URL is {base_url!r}.")
    if parts.path.lstrip("/") == BENCH_DB:
        sys.exit(f"DATABASE_URL must name another database than {BENCH_DB}.")
    return (
        urlunsplit(parts._replace(path=f"/{BENCH_DB}")),
        urlunsplit(parts._replace(path="/postgres")),
    )


def run_sql(maintenance_url, *statements):
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


# --- The data ------------------------------------------------------------------------------


def bulk(model, objects, batch_size=5000, keep=True):
    """bulk_create in batches; the created objects back unless ``keep`` is false (the
    enquiries would take half a gigabyte)."""
    created, batch = [], []
    for obj in objects:
        batch.append(obj)
        if len(batch) == batch_size:
            made = model.objects.bulk_create(batch)
            if keep:
                created.extend(made)
            batch = []
    if batch:
        made = model.objects.bulk_create(batch)
        if keep:
            created.extend(made)
    return created


def build(*, now):
    """Region "ost" at full size, and a smaller rest of the country. Returns counts."""
    from django.db.models import F

    from accounts.models import User
    from contactpoints.models import ContactPoint, Membership, OrganisationType, Starter
    from enquiries.models import Enquiry, InterestRegistration
    from events.models import Event
    from groups.models import (
        GroupMeeting,
        GroupStatusChange,
        SelfHelpGroup,
        StarterAssignment,
        Topic,
    )
    from regions.models import Municipality, Region

    rng = random.Random(2026)
    ost = Region.objects.get(slug="ost")
    ost_places = list(
        Municipality.objects.filter(county__region_county__region=ost, is_current=True)
    )
    other_places = list(
        Municipality.objects.filter(is_current=True).exclude(county__region_county__region=ost)
    )
    topics = list(Topic.objects.all())
    organisation_type = OrganisationType.objects.first()
    statuses = [
        ("approved", 0.9),
        ("pending", 0.04),
        ("suspended", 0.03),
        ("rejected", 0.03),
    ]

    def status():
        roll, total = rng.random(), 0
        for value, share in statuses:
            total += share
            if roll < total:
                return value
        return "approved"

    def contact_points(count, places, prefix):
        return bulk(
            ContactPoint,
            (
                ContactPoint(
                    name=f"{prefix} kontaktpunkt {n}",
                    slug=f"{prefix}-kontaktpunkt-{n}",
                    organisation_type=organisation_type,
                    organisation="Kommunen",
                    municipality=places[n % len(places)],
                    email=f"post{n}@{prefix}.example.no",
                    responsible_person="Daglig leder",
                    status=status(),
                    status_changed_at=now - datetime.timedelta(days=rng.randint(30, 1500)),
                )
                for n in range(count)
            ),
        )

    ost_cps = contact_points(CONTACT_POINTS, ost_places, "ost")
    other_cps = contact_points(OTHER_CONTACT_POINTS, other_places, "land")
    cps = ost_cps + other_cps
    log(f"  {len(cps):,} contact points")

    users = bulk(
        User,
        (
            User(email=f"ansatt{n}@bench.example.no", full_name=f"Ansatt {n}", password="!")  # noqa: S106
            for n in range(len(cps) * 2)
        ),
    )
    bulk(
        Membership,
        (
            Membership(user=user, contact_point=cps[n // 2], role="manager" if n % 2 else "staff")
            for n, user in enumerate(users)
        ),
    )

    group_statuses = ["planned", "recruiting", "starting", "running", "running", "paused", "closed"]
    formats = ["in_person", "in_person", "in_person", "phone", "video"]

    def groups(count, owners, prefix):
        made = []
        for n in range(count):
            cp = owners[n % len(owners)]
            group_status = rng.choice(group_statuses)
            changed = now - datetime.timedelta(days=rng.randint(1, 900))
            made.append(
                SelfHelpGroup(
                    contact_point=cp,
                    title=f"Gruppe {prefix} {n}",
                    slug=f"gruppe-{prefix}-{n}",
                    municipality=cp.municipality,
                    format=rng.choice(formats),
                    status=group_status,
                    status_changed_at=changed,
                    open_for_new_members=group_status != "closed",
                )
            )
        return bulk(SelfHelpGroup, made)

    all_groups = groups(GROUPS, ost_cps, "ost") + groups(OTHER_GROUPS, other_cps, "land")
    # Last edited when the status last changed: some contact points have gone quiet.
    SelfHelpGroup.objects.update(updated_at=F("status_changed_at"))
    through = SelfHelpGroup.topics.through
    bulk(
        through,
        (
            through(selfhelpgroup_id=group.pk, topic_id=topic.pk)
            for group in all_groups
            for topic in rng.sample(topics, rng.choice([1, 1, 2]))
        ),
    )
    # Two groups in three have a recorded start (the rest fall back to status_changed_at).
    bulk(
        GroupStatusChange,
        (
            GroupStatusChange(
                group=group,
                from_status="recruiting",
                to_status="starting",
                effective_on=(group.status_changed_at - datetime.timedelta(days=60)).date(),
            )
            for group in all_groups
            if group.status in ("starting", "running", "paused", "closed") and rng.random() < 0.67
        ),
    )
    log(f"  {len(all_groups):,} groups")

    kinds = [
        "information_meeting",
        "information_meeting",
        "network_meeting",
        "experience_gathering",
        "other",
    ]

    def events():
        for n in range(len(cps) * 5):
            cp = cps[n % len(cps)]
            starts_at = now + datetime.timedelta(days=rng.randint(-700, 90))
            yield Event(
                contact_point=cp,
                title=f"Arrangement {n}",
                slug=f"arrangement-{n}",
                kind=rng.choice(kinds),
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=2),
                municipality=cp.municipality,
                status=rng.choice(["published"] * 8 + ["cancelled", "draft"]),
            )

    bulk(Event, events(), keep=False)

    def enquiries(count, owners):
        for n in range(count):
            created = now - datetime.timedelta(minutes=rng.randint(0, 540 * 24 * 60))
            answered = rng.random() < 0.9
            yield Enquiry(
                contact_point=owners[rng.randrange(len(owners))],
                kind="join_group",
                name="Innbygger",
                email=f"innbygger{n}@example.no",
                consent_given_at=created,
                status="answered" if answered else "new",
                first_response_at=(
                    created + datetime.timedelta(minutes=rng.randint(30, 10 * 24 * 60))
                    if answered
                    else None
                ),
            )

    bulk(Enquiry, enquiries(ENQUIRIES, ost_cps), keep=False)
    bulk(Enquiry, enquiries(OTHER_ENQUIRIES, other_cps), keep=False)
    log(f"  {ENQUIRIES + OTHER_ENQUIRIES:,} enquiries")
    # created_at is auto_now_add: spread it as consent_given_at says.
    Enquiry.objects.update(created_at=F("consent_given_at"))

    starters = bulk(
        Starter,
        (
            Starter(
                contact_point=cps[n % len(cps)],
                name=f"Igangsetter {n}",
                email=f"igangsetter{n}@example.no",
                trained_on=datetime.date(2024, 9, 1) if n % 3 else None,
                shared_in_region=n % 4 == 0,
                is_active=n % 20 != 0,
            )
            for n in range(len(cps) * 3)
        ),
    )
    meeting_groups = [g for g in all_groups if g.status in ("starting", "running")]
    meetings = bulk(
        GroupMeeting,
        (
            GroupMeeting(
                group=group, starts_at=now + datetime.timedelta(days=rng.randint(-400, 60))
            )
            for group in meeting_groups
        ),
    )
    starters_of = {}
    for starter in starters:
        starters_of.setdefault(starter.contact_point_id, []).append(starter)
    bulk(
        StarterAssignment,
        (
            StarterAssignment(
                meeting=meeting,
                starter=rng.choice(starters_of[meeting.group.contact_point_id]),
                response=rng.choice(["pending", "confirmed", "confirmed", "declined"]),
                token=f"bench-{n}",
            )
            for n, meeting in enumerate(meetings)
        ),
    )
    places = ost_places + other_places
    bulk(
        InterestRegistration,
        (
            InterestRegistration(
                topic=rng.choice(topics),
                municipality=places[n % len(places)],
                notified_at=now if n % 3 == 0 else None,
            )
            for n in range(10_000)
        ),
    )
    log("  starters, meetings, assignments, interest registrations")


def table_sizes():
    from django.db import connection

    tables = [
        "contactpoints_contactpoint",
        "contactpoints_membership",
        "contactpoints_starter",
        "groups_selfhelpgroup",
        "groups_selfhelpgroup_topics",
        "groups_groupstatuschange",
        "groups_groupmeeting",
        "groups_starterassignment",
        "events_event",
        "enquiries_enquiry",
        "enquiries_interestregistration",
    ]
    sizes = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (our own names)
            sizes[table] = cursor.fetchone()[0]
    return sizes


# --- Measuring -----------------------------------------------------------------------------


class QueryLog:
    """Counts statements and times each; keeps one example of each distinct one."""

    def __init__(self):
        self.counts = Counter()
        self.examples = {}
        self.seconds = Counter()

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            key = re.sub(r"%s(, %s)+", "%s, …", sql)
            self.counts[key] += 1
            self.seconds[key] += time.perf_counter() - started
            self.examples.setdefault(key, (sql, params))

    @property
    def total(self):
        return sum(self.counts.values())


FIGURES = (
    "contact_points",
    "municipalities",
    "topics",
    "formats",
    "starters",
    "event_kinds",
    "enquiries_by_month",
    "answered_by_month",
    "events_by_month",
    "groups_started_by_month",
    "headline",
)


def every_figure(board):
    """Ask the dashboard for everything the page shows (each a cached property)."""
    for name in FIGURES:
        getattr(board, name)
    return board


def timed(work):
    """Best of RUNS: (seconds, statements, the QueryLog of the best run, result)."""
    from django.db import connection

    best = None
    for _ in range(RUNS):
        queries = QueryLog()
        started = time.perf_counter()
        with connection.execute_wrapper(queries):
            result = work()
        seconds = time.perf_counter() - started
        if best is None or seconds < best[0]:
            best = (seconds, queries.total, queries, result)
    return best


def scopes():
    from regions.models import Region, RegionCounty
    from regions.oversight import Scope

    ost = Region.objects.get(slug="ost")
    counties = tuple(
        RegionCounty.objects.filter(region=ost).order_by("county").values_list("county", flat=True)
    )
    return {
        "region ost": Scope(regions=(ost,), region=ost, county_numbers=counties),
        "all regions": Scope(regions=tuple(Region.objects.all()), national=True),
    }


def page(view, superuser, **kwargs):
    from django.test import RequestFactory

    def run():
        request = RequestFactory().get("/region/")
        request.user = superuser
        response = view(request, **kwargs)
        return len(response.content)

    return run


def explain(queries):
    from django.db import connection

    plans = []
    for key in queries.counts:
        sql, params = queries.examples[key]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        execution = re.search(r"Execution Time: ([\d.]+) ms", plan)
        plans.append(
            {"sql": key, "plan": plan, "ms": float(execution.group(1)) if execution else 0.0}
        )
    return sorted(plans, key=lambda p: -p["ms"])


def measure():
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from regions import oversight_views
    from regions.models import Region
    from regions.oversight import Dashboard

    now = timezone.now()
    results = {"figures": {}, "pages": {}}
    for label, scope in scopes().items():
        log(f"  figures for {label}")
        seconds, statements, queries, board = timed(
            lambda scope=scope: every_figure(Dashboard(scope=scope, now=now))
        )
        results["figures"][label] = {
            "seconds": seconds,
            "statements": statements,
            "rows": len(board.contact_points),
            "municipalities": len(board.municipalities),
            "enquiries": sum(board.enquiries_by_month),
            "plans": explain(queries),
        }
    superuser = get_user_model().objects.create(
        email="bench-admin@example.no", is_superuser=True, is_staff=True
    )
    ost = Region.objects.get(slug="ost").pk
    for label, view, kwargs in (
        ("dashboard page", oversight_views.dashboard, {"region": ost}),
        (
            "CSV of the contact points",
            oversight_views.export,
            {"region": ost, "table": "kontaktpunkter"},
        ),
        ("report", oversight_views.report, {"region": ost}),
        ("starter pool", oversight_views.pool, {"region": ost}),
    ):
        log(f"  {label}")
        seconds, statements, _queries, size = timed(page(view, superuser, **kwargs))
        results["pages"][label] = {"seconds": seconds, "statements": statements, "bytes": size}
    return results


# --- The report -----------------------------------------------------------------------------


def shorten(sql, limit=120):
    sql = re.sub(r"\s+", " ", sql)
    return sql if len(sql) <= limit else sql[: limit - 1] + "…"


def short_plan(plan):
    """A plan with its list of a thousand contact point ids cut to its first few."""

    def cut(match):
        ids = match.group(1).split(",")
        return "'{" + ",".join(ids[:5]) + f",… {len(ids):,} ids" + "}'"

    return re.sub(r"'\{([\d,]{100,})\}'", cut, plan)


def report(results, sizes, *, build_seconds):
    ost = results["figures"]["region ost"]
    country = results["figures"]["all regions"]
    heaviest = ost["plans"][0]
    lines = [
        START,
        "",
        "# Benchmark: the region dashboard",
        "",
        "Written by `make bench` (`benchmarks/region_dashboard.py`); rerun it to refresh. Not a",
        "timed test: it shows what the region dashboard (`/region/`, `regions.oversight`)",
        "costs with 1,000 contact points, 10,000 groups and 200,000 enquiries in one region.",
        "",
        f"Run at {time.strftime('%Y-%m-%d %H:%M')} on {os.uname().nodename}; building the",
        f"data took {build_seconds:.0f} s. Times are the best of {RUNS} runs, in this process",
        "against the local PostgreSQL.",
        "",
        "## Data",
        "",
        f'Region "ost" (Oslo, Østfold, Akershus: {ost["municipalities"]} municipalities):',
        f"{CONTACT_POINTS:,} contact points (90 % approved, the rest pending, suspended or",
        f"rejected), {GROUPS:,} groups in every status, {ENQUIRIES:,} enquiries over 18 months",
        "(90 % answered within 10 days). The rest of the country: "
        f"{OTHER_CONTACT_POINTS} contact points, {OTHER_GROUPS:,} groups,",
        f"{OTHER_ENQUIRIES:,} enquiries. Two staff per contact point, five events each (two",
        "years back to three months ahead), three starters each, a meeting with a starter",
        "for every group that meets, 10,000 interest registrations.",
        "",
        "| table | rows |",
        "|---|---:|",
        *(f"| `{table}` | {count:,} |" for table, count in sizes.items()),
        "",
        "## Results",
        "",
        "| what | scope | seconds | SQL statements |",
        "|---|---|---:|---:|",
    ]
    for label, figures in results["figures"].items():
        lines.append(
            f"| every figure (`Dashboard`) | {label} ({figures['rows']:,} contact points listed, "
            f"{figures['enquiries']:,} enquiries in the period) | {figures['seconds']:.2f} | "
            f"{figures['statements']} |"
        )
    for label, measured in results["pages"].items():
        lines.append(
            f"| {label} ({measured['bytes'] / 1024:,.0f} kB) | region ost | "
            f"{measured['seconds']:.2f} | {measured['statements']} |"
        )
    lines += [
        "",
        "The page's statements are the figures' plus the region and its counties (the",
        "session, user and two-factor look-ups of a real request come on top: 4 more). The",
        "same code makes the same statements with 1 or 1,000 contact points",
        "(tests/regions/test_oversight_views.py counts them with 1 and 3).",
        "",
        "## What the numbers say",
        "",
        f'- Region "ost": every figure in {ost["statements"]} statements and '
        f"{ost['seconds']:.2f} s; the whole country in {country['statements']} and "
        f"{country['seconds']:.2f} s. The page adds the rendering of a "
        f"{ost['rows']:,}-row table.",
        "- The enquiries table is read twice: once grouped by contact point (counts,",
        "  last answer, median per contact point), once for the region (received and",
        "  answered per month and the median, as filtered counts in one pass).",
        "- The contact points' ids are read first and passed as a list. With a subquery",
        "  instead, PostgreSQL guessed 112 contact points where there were 978 and read",
        "  the enquiries by one index scan per contact point: 1.35 s for the figures",
        "  instead of about 0.45 s.",
        "- The median (`percentile_cont`, an ordered-set aggregate) needs the rows sorted",
        "  by contact point: that sort spills about 8 MB to disk at the default",
        "  `work_mem` of 4 MB.",
        "",
        "## Queries of the figures, region ost, slowest first",
        "",
        "EXPLAIN (ANALYZE, BUFFERS) of each distinct statement of `Dashboard` for region",
        '"ost", run again after the measured runs (so the cache is warm).',
        "",
        "| ms | statement |",
        "|---:|---|",
        *(f"| {plan['ms']:.1f} | `{shorten(plan['sql'])}` |" for plan in ost["plans"]),
        "",
        f"All regions (the whole country): {country['statements']} statements,",
        f"{country['seconds']:.2f} s; slowest: {country['plans'][0]['ms']:.1f} ms",
        f"(`{shorten(country['plans'][0]['sql'], 80)}`).",
        "",
        "### The heaviest query's plan",
        "",
        f"`{shorten(heaviest['sql'], 200)}`",
        "",
        "```",
        short_plan(heaviest["plan"]),
        "```",
        "",
        END,
    ]
    return "\n".join(lines) + "\n"


def write_section(path, section):
    """Replace the section between the markers, or add it at the end."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in text and END in text:
        before = text[: text.index(START)]
        after = text[text.index(END) + len(END) :].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + section
    path.write_text(text, encoding="utf-8")


# --- Main -------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default=str(BASE_DIR / "benchmarks" / "README.md"))
    parser.add_argument("--keep", action="store_true", help=f"keep {BENCH_DB} afterwards")
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/selvhjelp")
    bench_url, maintenance_url = database_urls(base_url)
    os.environ.update(
        DATABASE_URL=bench_url,
        DJANGO_SETTINGS_MODULE="selvhjelp.settings",
        DJANGO_DEBUG="false",
        LOG_LEVEL="ERROR",
        # No Redis: the cache in memory, so nothing shared is written to.
        REDIS_URL="",
        CELERY_BROKER_URL="memory://",
    )
    os.environ.setdefault("SELVHJELP_ENV", "test")
    sys.path.insert(0, str(BASE_DIR))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.utils import timezone

    try:
        log(f"creating {BENCH_DB} and migrating")
        run_sql(
            maintenance_url,
            f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)',
            f'CREATE DATABASE "{BENCH_DB}"',
        )
        call_command("migrate", verbosity=0, skip_checks=True)
        log("building data")
        started = time.perf_counter()
        build(now=timezone.now())
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        build_seconds = time.perf_counter() - started
        sizes = table_sizes()
        log("measuring")
        results = measure()
    finally:
        connections.close_all()
        if not args.keep:
            run_sql(maintenance_url, f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
    section = report(results, sizes, build_seconds=build_seconds)
    write_section(Path(args.output), section)
    for label, figures in results["figures"].items():
        log(f"{label}: {figures['seconds']:.2f} s, {figures['statements']} statements")
    for label, measured in results["pages"].items():
        log(f"{label}: {measured['seconds']:.2f} s, {measured['statements']} statements")
    log(f"written to {args.output}")


if __name__ == "__main__":
    main()
