"""Benchmark: one full pass of the reminder scanners at scale (not a timed test).

    make bench
    # or: DATABASE_URL=postgres://postgres@127.0.0.1:5432/selvhjelp .venv/bin/python \
    #         benchmarks/scanner_pass.py [--sizes 10000 100000] [--output benchmarks/README.md]

For each size N (future group meetings, each with a starter assigned) it creates the
database ``selvhjelp_bench`` afresh next to the one DATABASE_URL names (that one is only
used to reach the server; the dev and test databases are never touched), migrates it,
bulk-creates the data, and measures ``notifications.scanners`` — every scanner in
SCANNERS when it runs:

- the first pass, which finds everything that is due and queues it (each message is
  rendered, written to the outbox and handed to the broker after its commit);
- a second pass straight after, which must find nothing new: the cost of the scan
  itself, paid every 5 minutes.

For both: wall time, the number of SQL statements, and peak Python memory (tracemalloc,
in a separate run of the same pass, since tracing slows it down). Then EXPLAIN (ANALYZE,
BUFFERS) of every distinct query of the scan, flagging a sequential scan on a big table.
The broker is a redis-server of its own on a free port, so the queued delivery tasks go
nowhere shared. The results are written to benchmarks/README.md.
"""

import argparse
import datetime
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DB = "selvhjelp_bench"
DEFAULT_SIZES = (10_000, 100_000)
BIG_TABLES = {
    "groups_groupmeeting",
    "groups_starterassignment",
    "groups_selfhelpgroup",
    "events_registration",
    "events_event",
    "notifications_outboxmessage",
    "enquiries_enquiry",
    "enquiries_interestregistration",
    "contactpoints_starter",
}
CONTACT_POINTS = 300  # about as many as the country has; the same at every size


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- Services of its own: the bench database and a broker -------------------------------


def bench_database_url(base_url):
    parts = urlsplit(base_url)
    if not parts.scheme.startswith("postgres"):
        sys.exit(f"The benchmark runs on PostgreSQL; DATABASE_URL is {base_url!r}.")
    if parts.path.lstrip("/") == BENCH_DB:
        sys.exit(f"DATABASE_URL must name another database than {BENCH_DB}.")
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}")), urlunsplit(
        parts._replace(path="/postgres")
    )


def recreate_database(maintenance_url):
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def drop_database(maintenance_url):
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


def start_redis(workdir):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
    process = subprocess.Popen(  # noqa: S603 (a fixed command line)
        [*command, "--appendonly", "no", "--dir", str(workdir)], stdout=subprocess.DEVNULL
    )
    import redis

    client = redis.Redis(port=port, socket_connect_timeout=1)
    for _ in range(100):
        try:
            client.ping()
            return process, f"redis://127.0.0.1:{port}/0"
        except redis.RedisError:
            time.sleep(0.1)
    process.kill()
    sys.exit("redis-server did not start")


# --- The data ------------------------------------------------------------------------------


def bulk(model, objects, batch_size=5000):
    created = []
    batch = []
    for obj in objects:
        batch.append(obj)
        if len(batch) == batch_size:
            created.extend(model.objects.bulk_create(batch))
            batch = []
    if batch:
        created.extend(model.objects.bulk_create(batch))
    return created


def build(size, *, now):
    """N future meetings with assignments, N/2 registrations, 2N outbox rows; the other
    tables in proportion (see the README)."""
    from django.db import connection
    from django.db.models import F

    from accounts.models import User
    from contactpoints.models import ContactPoint, Membership, OrganisationType, Starter
    from enquiries.models import Enquiry, InterestRegistration
    from events.models import Event, Registration
    from groups.models import GroupMeeting, SelfHelpGroup, StarterAssignment, Topic
    from notifications.models import OutboxMessage
    from regions.models import Municipality

    rng = random.Random(size)
    day = datetime.timedelta(days=1)
    municipalities = list(Municipality.objects.filter(is_current=True))
    topics = list(Topic.objects.all())
    organisation_type = OrganisationType.objects.first()

    contact_points = bulk(
        ContactPoint,
        (
            ContactPoint(
                name=f"Kontaktpunkt {n}",
                slug=f"kontaktpunkt-{n}",
                organisation_type=organisation_type,
                organisation="Kommunen",
                municipality=municipalities[n % len(municipalities)],
                email=f"post{n}@kontaktpunkt.example.no",
                responsible_person="Daglig leder",
                status=ContactPoint.Status.APPROVED,
                response_days=rng.choice([3, 3, 3, 2, 5]),
                starter_reminder_hours=rng.choice([48, 48, 48, 24, 72, 0]),
                starter_reminder_morning=rng.random() < 0.8,
            )
            for n in range(CONTACT_POINTS)
        ),
    )
    users = bulk(
        User,
        (
            # "!": an unusable password, as set_unusable_password() writes it.
            User(email=f"ansatt{n}@kontaktpunkt.example.no", full_name=f"Ansatt {n}", password="!")  # noqa: S106
            for n in range(CONTACT_POINTS * 2)
        ),
    )
    bulk(
        Membership,
        (
            Membership(
                user=users[n],
                contact_point=contact_points[n // 2],
                role=Membership.Role.MANAGER if n % 2 else Membership.Role.STAFF,
            )
            for n in range(len(users))
        ),
    )
    log(f"  {len(contact_points)} contact points, {len(users)} staff")

    starters = bulk(
        Starter,
        (
            Starter(
                contact_point=contact_points[n % CONTACT_POINTS],
                name=f"Igangsetter {n}",
                email=f"igangsetter{n}@example.no" if n % 10 else "",
                phone="" if n % 10 else f"9{n:07d}"[:8],
                is_active=n % 25 != 0,
            )
            for n in range(max(size // 20, CONTACT_POINTS))
        ),
    )
    starters_by_cp = {}
    for starter in starters:
        starters_by_cp.setdefault(starter.contact_point_id, []).append(starter)

    group_statuses = [SelfHelpGroup.Status.STARTING] * 4 + [
        SelfHelpGroup.Status.RUNNING,
        SelfHelpGroup.Status.RECRUITING,
        SelfHelpGroup.Status.RUNNING,
        SelfHelpGroup.Status.CLOSED,
    ]
    groups = []
    for n in range(size // 10):
        status = group_statuses[n % len(group_statuses)]
        cp = contact_points[n % CONTACT_POINTS]
        groups.append(
            SelfHelpGroup(
                contact_point=cp,
                title=f"Gruppe {n}",
                slug=f"gruppe-{n}",
                municipality_id=cp.municipality_id,
                format=rng.choice(["in_person"] * 4 + ["video"]),
                status=status,
                open_for_new_members=status != SelfHelpGroup.Status.CLOSED,
                venue_name="Frivilligsentralen",
            )
        )
    groups = bulk(SelfHelpGroup, groups)
    Through = SelfHelpGroup.topics.through
    bulk(
        Through,
        (Through(selfhelpgroup_id=g.pk, topic_id=topics[g.pk % len(topics)].pk) for g in groups),
    )
    log(f"  {len(starters)} starters, {len(groups)} groups")

    # N meetings: ten weekly meetings per group, the first within the coming year.
    def meetings():
        for group in groups:
            first = now + datetime.timedelta(minutes=15 * rng.randrange(4 * 24 * 358))
            first = first.replace(minute=first.minute - first.minute % 15, second=0, microsecond=0)
            for week in range(10):
                yield GroupMeeting(
                    group=group,
                    starts_at=first + 7 * week * day,
                    ends_at=first + 7 * week * day + datetime.timedelta(hours=2),
                    is_cancelled=rng.random() < 0.03,
                )

    responses = ["pending"] * 8 + ["confirmed"] * 11 + ["declined"]
    done = 0
    batch = []
    for meeting in meetings():
        batch.append(meeting)
        if len(batch) == 5000:
            done += _meetings_with_assignments(batch, starters_by_cp, responses, rng)
            batch = []
    if batch:
        done += _meetings_with_assignments(batch, starters_by_cp, responses, rng)
    StarterAssignment.objects.update(assigned_at=now - 30 * day)
    log(f"  {done} future meetings, each with a starter assigned")

    # Events: most ahead, some in the last month (their registrations still kept).
    events = bulk(
        Event,
        (
            Event(
                contact_point=contact_points[n % CONTACT_POINTS],
                title=f"Informasjonsmøte {n}",
                slug=f"arrangement-{n}",
                starts_at=(
                    start := now + datetime.timedelta(hours=rng.randrange(-30 * 24, 300 * 24))
                ),
                ends_at=start + datetime.timedelta(hours=2),
                municipality_id=contact_points[n % CONTACT_POINTS].municipality_id,
                venue_name="Biblioteket",
                status=Event.Status.CANCELLED if n % 40 == 0 else Event.Status.PUBLISHED,
            )
            for n in range(size // 50)
        ),
    )
    registration_statuses = ["confirmed"] * 17 + ["waiting"] * 2 + ["cancelled"]
    registrations = bulk(
        Registration,
        (
            Registration(
                event=events[n % len(events)],
                name=f"Deltaker {n}",
                email=f"deltaker{n}@example.no" if n % 10 else "",
                phone="" if n % 10 else f"4{n:07d}"[:8],
                status=registration_statuses[n % len(registration_statuses)],
            )
            for n in range(size // 2)
        ),
    )
    Registration.objects.update(created_at=now - 20 * day)
    log(f"  {len(events)} events, {len(registrations)} registrations")

    enquiry_statuses = ["closed"] * 14 + ["answered"] * 4 + ["in_progress", "new"]
    enquiries = []
    for n in range(size // 5):
        status = enquiry_statuses[n % len(enquiry_statuses)]
        received = now - datetime.timedelta(minutes=rng.randrange(60 * 24 * 365))
        enquiries.append(
            Enquiry(
                contact_point=contact_points[n % CONTACT_POINTS],
                kind=Enquiry.Kind.JOIN_GROUP,
                name=f"Innbygger {n}",
                email=f"innbygger{n}@example.no",
                preferred_channel=Enquiry.Channel.EMAIL,
                message="",
                consent_given_at=received,
                status=status,
                first_response_at=None if status == "new" else received + day,
                closed_at=received + 2 * day if status == "closed" else None,
            )
        )
    bulk(Enquiry, enquiries)
    Enquiry.objects.update(created_at=F("consent_given_at"))
    interests = bulk(
        InterestRegistration,
        (
            InterestRegistration(
                topic=topics[n % len(topics)],
                municipality=municipalities[rng.randrange(len(municipalities))],
                email=f"interessert{n}@example.no" if n % 3 == 0 else "",
                phone=f"9{n:07d}"[:8] if n % 3 == 1 else "",
                notified_at=now - 40 * day if n % 2 else None,
            )
            for n in range(size // 10)
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE enquiries_interestregistration "
            "SET created_at = %s - (id %% 540) * interval '1 day'",
            [now],
        )
    log(f"  {len(enquiries)} enquiries, {len(interests)} interest registrations")

    prefixes = ["registration-confirmed", "enquiry-waiting", "starter-assigned", "starter-reminder"]
    outbox_statuses = ["sent"] * 97 + ["pending"] * 2 + ["failed"]
    bulk(
        OutboxMessage,
        (
            OutboxMessage(
                key=f"{prefixes[n % 4]}:old-{n}:{n % 7}",
                reason=prefixes[n % 4].replace("-", "_"),
                recipient=f"mottaker{n}@example.no",
                subject="Melding fra Selvhjelp",
                body_text="Hei,\n\nDette er en melding fra Selvhjelp.\n",
                body_html="<p>Hei,</p><p>Dette er en melding fra Selvhjelp.</p>",
                status=(status := outbox_statuses[n % 100]),
                attempts=1 if status == "sent" else (8 if status == "failed" else 2),
                sent_at=now - datetime.timedelta(minutes=n % (60 * 24 * 365))
                if status == "sent"
                else None,
                next_attempt_at=now + datetime.timedelta(minutes=30)
                if status == "pending"
                else now - 300 * day,
            )
            for n in range(size * 2)
        ),
        batch_size=10000,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE notifications_outboxmessage "
            "SET created_at = %s - (id %% 525600) * interval '1 minute'",
            [now],
        )
        # As autovacuum would have by the time a pass runs: no dead row versions left
        # by the updates above, and fresh statistics for the planner.
        cursor.execute("VACUUM ANALYZE")
    log(f"  {size * 2} outbox rows; vacuumed and analysed")


def _meetings_with_assignments(batch, starters_by_cp, responses, rng):
    from groups.models import GroupMeeting, StarterAssignment

    created = GroupMeeting.objects.bulk_create(batch)
    StarterAssignment.objects.bulk_create(
        StarterAssignment(
            meeting=meeting,
            starter=rng.choice(starters_by_cp[meeting.group.contact_point_id]),
            response=rng.choice(responses),
        )
        for meeting in created
    )
    return len(created)


# --- Measuring -----------------------------------------------------------------------------


class QueryLog:
    """Counts statements, and keeps one example of each distinct one (for EXPLAIN), with
    the scanner that ran it first."""

    # IN lists of any length, and savepoint names, make one statement of many.
    normalise = (
        (re.compile(r"%s(, %s)+"), "%s, …"),
        (re.compile(r'"s\d+_x\d+"'), '"s…"'),
    )

    def __init__(self):
        self.counts = Counter()
        self.examples = {}
        self.owner = {}
        self.scanner = ""

    def __call__(self, execute, sql, params, many, context):
        template = sql
        for pattern, replacement in self.normalise:
            template = pattern.sub(replacement, template)
        self.counts[template] += 1
        if template not in self.examples:
            self.examples[template] = (sql, params)
            self.owner[template] = self.scanner
        return execute(sql, params, many, context)

    @property
    def total(self):
        return sum(self.counts.values())


def run_pass(*, now, trace_memory=False):
    """One pass of every scanner, as scan_reminders runs it."""
    from django.db import connection

    from notifications import scanners

    results = {}
    queries = QueryLog()
    if trace_memory:
        tracemalloc.start()
        tracemalloc.reset_peak()
    started = time.perf_counter()
    with connection.execute_wrapper(queries):
        for scan in scanners.SCANNERS:
            name = scan.__module__.rsplit(".", 1)[-1]
            queries.scanner = name
            before_q, before_t = queries.total, time.perf_counter()
            queued = scan(now=now)
            results[name] = (queued, time.perf_counter() - before_t, queries.total - before_q)
    seconds = time.perf_counter() - started
    peak = None
    if trace_memory:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return {"seconds": seconds, "queries": queries, "scanners": results, "peak_mb": peak}


def undo_pass(*, first_new_pk, now):
    """Forget what a pass queued, so the first pass can be run again (for memory)."""
    from enquiries.models import InterestRegistration
    from notifications.models import OutboxMessage

    OutboxMessage.objects.filter(pk__gte=first_new_pk).delete()
    InterestRegistration.objects.filter(notified_at=now).update(notified_at=None)


ACTUAL = re.compile(r"actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)")


def seq_scans(plan):
    """[(table, rows read, rows kept)] for each executed Seq Scan on a big table."""
    lines = plan.splitlines()
    found = []
    for n, line in enumerate(lines):
        match = re.search(r"Seq Scan on (\w+)", line)
        actual = ACTUAL.search(line)
        if not match or match.group(1) not in BIG_TABLES or not actual:
            continue
        kept, loops = int(actual.group(1)), int(actual.group(2))
        removed = 0
        for following in lines[n + 1 : n + 5]:
            if "->" in following:
                break
            if m := re.search(r"Rows Removed by Filter: (\d+)", following):
                removed = int(m.group(1))
        found.append((match.group(1), (kept + removed) * loops, kept * loops))
    return found


def explain(queries):
    """EXPLAIN (ANALYZE, BUFFERS) each distinct SELECT, most frequent first."""
    from django.db import connection

    plans = []
    for template, count in queries.counts.most_common():
        sql, params = queries.examples[template]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        jit = re.search(r"Timing: .*Total ([\d.]+) ms", plan)
        execution = re.search(r"Execution Time: ([\d.]+) ms", plan)
        plans.append(
            {
                "template": template,
                "count": count,
                "scanner": queries.owner[template],
                "plan": plan,
                "seq": seq_scans(plan),
                "jit_ms": float(jit.group(1)) if jit else 0.0,
                "ms": float(execution.group(1)) if execution else 0.0,
            }
        )
    return plans


def table_sizes():
    from django.db import connection

    with connection.cursor() as cursor:
        sizes = {}
        for table in sorted(BIG_TABLES):
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (our own names)
            sizes[table] = cursor.fetchone()[0]
    return sizes


def measure(size, *, now):
    from notifications.models import OutboxMessage

    first_new_pk = (
        OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ) + 1
    log("  first pass (queues what is due) …")
    first = run_pass(now=now)
    undo_pass(first_new_pk=first_new_pk, now=now)
    first_mem = run_pass(now=now, trace_memory=True)
    log("  second pass (finds nothing new) …")
    second = run_pass(now=now)
    second_mem = run_pass(now=now, trace_memory=True)
    log("  EXPLAIN ANALYZE of every distinct query …")
    return {
        "size": size,
        "tables": table_sizes(),
        "first": first,
        "first_peak_mb": first_mem["peak_mb"],
        "second": second,
        "second_peak_mb": second_mem["peak_mb"],
        "plans": explain(second["queries"]),
        "first_plans": explain(first["queries"]),
    }


# --- The report -------------------------------------------------------------------------


def queued(result):
    return sum(v[0] for v in result["first"]["scanners"].values())


def report(results, *, now):
    lines = [
        "# Benchmark: one reminder scanner pass",
        "",
        "Written by `make bench` (`benchmarks/scanner_pass.py`); rerun it to refresh. Not a",
        "timed test: it shows how one pass of `notifications.scanners` behaves at scale —",
        "how long it takes, how many SQL statements it makes, how much Python memory it",
        "peaks at, and which plans PostgreSQL chooses for its queries.",
        "",
        f"Run at {time.strftime('%Y-%m-%d %H:%M')} on {socket.gethostname()}; the scanners'",
        f"`now` is {now.isoformat()} (10:00 in Oslo, so every rule has something due).",
        "",
        "## Data",
        "",
        "For N future group meetings (ten weekly meetings per group, the first within the",
        "coming year, 3 % cancelled, each with one starter assigned 30 days ago): N/10",
        "groups (1 in 8 closed), N/20 starters, N/50 events (a month back to ten months",
        "ahead), N/2 registrations, N/5 enquiries over the past year (1 in 20 still new),",
        "N/10 interest registrations over 18 months (half already told), 2N outbox rows",
        f"(97 % sent); {CONTACT_POINTS} contact points at every size, two staff each.",
        "",
        "| table | " + " | ".join(f"N = {r['size']:,}" for r in results) + " |",
        "|---|" + "---:|" * len(results),
    ]
    for table in sorted(BIG_TABLES):
        lines.append(
            f"| `{table}` | " + " | ".join(f"{r['tables'][table]:,}" for r in results) + " |"
        )
    lines += [
        "",
        "(The outbox counts include what the first pass queued.)",
        "",
        "## Results",
        "",
        "*First pass*: finds everything due and queues it (renders each message, writes the",
        "outbox row, hands a delivery task to the broker after the commit). *Second pass*:",
        "straight after, nothing new to queue — the cost of the scan itself, paid every",
        "5 minutes. Statements are counted with `connection.execute_wrapper`; a server-side",
        "cursor's fetches of 500 rows are not separate statements. Peak memory is",
        "tracemalloc's, from a separate run of the same pass.",
        "",
        "| N | pass | queued | seconds | SQL statements | peak MB |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['size']:,} | first | {queued(r):,} | {r['first']['seconds']:.2f} | "
            f"{r['first']['queries'].total:,} | {r['first_peak_mb']:.1f} |"
        )
        lines.append(
            f"| {r['size']:,} | second | 0 | {r['second']['seconds']:.2f} | "
            f"{r['second']['queries'].total:,} | {r['second_peak_mb']:.1f} |"
        )
    lines += ["", "Per scanner (queued / seconds / statements):", ""]
    names = list(results[0]["first"]["scanners"])
    lines.append("| N | pass | " + " | ".join(f"`{n}`" for n in names) + " |")
    lines.append("|---:|---|" + "---:|" * len(names))
    for r in results:
        for label in ("first", "second"):
            cells = [
                f"{q:,} / {s:.2f} / {c:,}" for q, s, c in (r[label]["scanners"][n] for n in names)
            ]
            lines.append(f"| {r['size']:,} | {label} | " + " | ".join(cells) + " |")

    lines += ["", "## What the numbers say", "", *observations(results)]

    lines += ["", "## Statements of the first pass, most frequent first", ""]
    for r in results:
        lines += [
            f"N = {r['size']:,}:",
            "",
            "| count | first run by | statement |",
            "|---:|---|---|",
        ]
        queries = r["first"]["queries"]
        for template, count in queries.counts.most_common(10):
            lines.append(f"| {count:,} | {queries.owner[template]} | `{shorten(template)}` |")
        lines.append("")

    biggest = results[-1]
    lines += [
        f"## Query plans of the scan (second pass, N = {biggest['size']:,})",
        "",
        "Every distinct SELECT of the pass, run again under EXPLAIN (ANALYZE, BUFFERS) with",
        "the parameters it had, by the scanner that ran it first. The outbox look-up by key",
        "that queues a message is shared by all scanners (`message_queue`).",
        "",
    ]
    for plan in sorted(biggest["plans"], key=lambda p: names.index(p["scanner"])):
        lines += plan_section(plan)
    lines += [
        f"## Query plans of the statements that queue a message (first pass, N = "
        f"{biggest['size']:,})",
        "",
    ]
    second_templates = {plan["template"] for plan in biggest["plans"]}
    for plan in biggest["first_plans"]:
        if plan["template"] not in second_templates:
            lines += plan_section(plan)
    return "\n".join(lines) + "\n"


def plan_section(plan):
    return [
        f"### {plan['count']} × `{shorten(plan['template'], 150)}` (first run by "
        f"`{plan['scanner']}`)",
        "",
        "```",
        plan["plan"],
        "```",
        "",
    ]


def observations(results):
    """Facts read off the measurements (nothing here is written by hand)."""
    small, big = results[0], results[-1]
    growth = big["size"] / small["size"]
    out = []
    out.append(
        f"- Data grows {growth:g}×. The scan alone (second pass) makes "
        f"{small['second']['queries'].total} statements at N = {small['size']:,} and "
        f"{big['second']['queries'].total} at N = {big['size']:,}, and takes "
        f"{small['second']['seconds']:.2f} s and {big['second']['seconds']:.2f} s."
    )
    for r in results:
        q = queued(r)
        if q:
            per = (r["first"]["queries"].total - r["second"]["queries"].total) / q
            out.append(
                f"- N = {r['size']:,}: the first pass queued {q:,} messages with "
                f"{r['first']['queries'].total:,} statements, about {per:.1f} per message "
                f"(look-up and insert of the outbox row, two savepoints), in "
                f"{r['first']['seconds']:.2f} s ({1000 * r['first']['seconds'] / q:.1f} ms each)."
            )
    out.append(
        f"- Peak Python memory: first pass {small['first_peak_mb']:.1f} MB → "
        f"{big['first_peak_mb']:.1f} MB, second pass {small['second_peak_mb']:.1f} MB → "
        f"{big['second_peak_mb']:.1f} MB."
    )
    second_templates = {plan["template"] for plan in big["plans"]}
    distinct = big["plans"] + [
        plan for plan in big["first_plans"] if plan["template"] not in second_templates
    ]
    seqs = [(plan, scan) for plan in distinct for scan in plan["seq"]]
    if not seqs:
        out.append(f"- N = {big['size']:,}: no sequential scan on a big table.")
    for plan, (table, read, kept) in seqs:
        out.append(
            f"- N = {big['size']:,}, `{plan['scanner']}`: Seq Scan on `{table}` reads "
            f"{read:,} rows and keeps {kept:,} (`{shorten(plan['template'], 90)}`)."
        )
    for plan in big["plans"]:
        if plan["jit_ms"]:
            out.append(
                f"- N = {big['size']:,}, `{plan['scanner']}`: PostgreSQL JIT-compiles a query "
                f"(the planner's cost estimate is over `jit_above_cost`): {plan['jit_ms']:.0f} ms "
                f"of its {plan['ms']:.0f} ms."
            )
    return out


def shorten(sql, limit=110):
    sql = " ".join(sql.split())
    return sql if len(sql) <= limit else sql[: limit - 1] + "…"


def summary(results):
    print("\nN          pass    queued  seconds  statements  peak MB")
    for r in results:
        print(
            f"{r['size']:<10,} first  {queued(r):>7,}  {r['first']['seconds']:>7.2f}  "
            f"{r['first']['queries'].total:>10,}  {r['first_peak_mb']:>7.1f}"
        )
        print(
            f"{r['size']:<10,} second {0:>7,}  {r['second']['seconds']:>7.2f}  "
            f"{r['second']['queries'].total:>10,}  {r['second_peak_mb']:>7.1f}"
        )
    print()
    for line in observations(results):
        print(line)


# --- Main -----------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--output", default=str(BASE_DIR / "benchmarks" / "README.md"))
    parser.add_argument("--keep", action="store_true", help="keep selvhjelp_bench afterwards")
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/selvhjelp")
    bench_url, maintenance_url = bench_database_url(base_url)
    workdir = Path(tempfile.mkdtemp(prefix="selvhjelp-bench-"))
    redis_process, broker_url = start_redis(workdir)
    os.environ.update(
        DATABASE_URL=bench_url,
        # Cache and broker on the Redis of its own: nothing shared is written to.
        REDIS_URL=broker_url,
        CELERY_BROKER_URL=broker_url,
        DJANGO_SETTINGS_MODULE="selvhjelp.settings",
        DJANGO_DEBUG="false",
        LOG_LEVEL="ERROR",
    )
    os.environ.setdefault("SELVHJELP_ENV", "test")
    sys.path.insert(0, str(BASE_DIR))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    zone = timezone.get_default_timezone()
    now = datetime.datetime.combine(
        timezone.localdate(timezone.now(), zone), datetime.time(10, 0), tzinfo=zone
    )
    results = []
    try:
        for size in args.sizes:
            log(f"N = {size:,}: creating {BENCH_DB} and migrating")
            connections.close_all()
            recreate_database(maintenance_url)
            call_command("migrate", verbosity=0)
            log("  building data")
            build(size, now=now)
            results.append(measure(size, now=now))
            log(f"  done: first pass {results[-1]['first']['seconds']:.2f} s")
    finally:
        connections.close_all()
        if not args.keep:
            drop_database(maintenance_url)
        redis_process.terminate()
        redis_process.wait()
    Path(args.output).write_text(report(results, now=now), encoding="utf-8")
    summary(results)
    log(f"written to {args.output}")


if __name__ == "__main__":
    main()
