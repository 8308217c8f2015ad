"""Fill the database with a believable demo: ``python manage.py seed_demo [--reset]``.

``make run`` calls it on every start, so it must be cheap to run again: once the demo
users exist it only prints the logins. ``--reset`` deletes what an earlier run created
and seeds afresh. The content lives in ``selvhjelp.demo_data``; this module turns it
into rows, with dates counted from today so the events are always upcoming.

Demo data is recognised by exact names, never by guesswork: users by the reserved
``demo.selvhjelp.example`` domain, contact points and region events by the slugs the
content produces, interest registrations by the ``innbygger.example`` address they
carry. Everything hanging off a demo contact point (groups, starters, events,
enquiries) goes with it through the foreign keys' cascade.
"""

import hashlib
import random
import secrets
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from contactpoints.models import (
    ContactPoint,
    Invitation,
    Membership,
    OnboardingStep,
    OrganisationType,
    Starter,
)
from enquiries.models import Enquiry, EnquiryNote, EnquiryStatusChange, InterestRegistration
from events.models import Event, Registration
from groups.models import (
    GroupMeeting,
    GroupStatusChange,
    SelfHelpGroup,
    StarterAssignment,
    Topic,
)
from regions.models import Municipality, Region
from selvhjelp import demo_data as data
from selvhjelp.slugs import norwegian_slugify

SITE = "http://127.0.0.1:8000"

# What the summary counts, in the order a reader meets them in the portal.
COUNTED = [
    ("users", User),
    ("verified email addresses", EmailAddress),
    ("contact points", ContactPoint),
    ("memberships", Membership),
    ("starters", Starter),
    ("self-help groups", SelfHelpGroup),
    ("group meetings", GroupMeeting),
    ("starter assignments", StarterAssignment),
    ("events", Event),
    ("event registrations", Registration),
    ("enquiries", Enquiry),
    ("interest registrations", InterestRegistration),
]

ROLE_LABELS = {
    "manager": "manager",
    "staff": "staff",
    "starter": "starter",
    "region_admin": "region admin (TOTP)",
    "national_admin": "national admin (TOTP)",
}


def demo_email(local):
    return f"{local}@{data.DEMO_EMAIL_DOMAIN}"


def _email_for(name, domain, suffix=""):
    return f"{norwegian_slugify(name).replace('-', '.')}{suffix}@{domain}"


def demo_contact_point_slugs():
    return [norwegian_slugify(spec["name"]) for spec in data.CONTACT_POINTS]


def demo_region_event_slugs():
    return [
        norwegian_slugify(spec["title"])
        for spec in data.EVENTS
        if spec["organiser"].startswith("region:")
    ]


def demo_users():
    return User.objects.filter(email__iendswith="@" + data.DEMO_EMAIL_DOMAIN)


def delete_demo_data():
    """Remove what seeding created; returns {model label: rows deleted}."""
    deleted = {}
    for queryset in (
        ContactPoint.objects.filter(slug__in=demo_contact_point_slugs()),
        Event.objects.filter(region__isnull=False, slug__in=demo_region_event_slugs()),
        InterestRegistration.objects.filter(email__iendswith="@" + data.RESIDENT_EMAIL_DOMAIN),
        demo_users(),
    ):
        for label, count in queryset.delete()[1].items():
            deleted[label] = deleted.get(label, 0) + count
    return deleted


def _topic_slugs():
    slugs = {slug for spec in data.GROUPS for slug in spec["topics"]}
    return slugs | {
        spec["topic"] for spec in data.ENQUIRIES + data.INTEREST_REGISTRATIONS if "topic" in spec
    }


def _counts():
    return {label: model.objects.count() for label, model in COUNTED}


def _at(day, hhmm):
    """A local wall-clock time on a day, aware in the portal's time zone (Europe/Oslo)."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _on_or_after(day, weekday):
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _next_world_mental_health_day(today):
    day = today.replace(month=10, day=10)
    return day if day > today else day.replace(year=today.year + 1)


class Command(BaseCommand):
    help = "Create demo contact points, groups, events, enquiries and logins (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo data an earlier run created, then seed it again.",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even with SELVHJELP_ENV=production (a demo or staging site).",
        )

    def handle(self, *args, reset=False, allow_production=False, **options):
        if settings.PRODUCTION and not allow_production:
            # Demo users share a published password; never on a real site by accident.
            raise CommandError(
                "Refusing to seed demo data with SELVHJELP_ENV=production "
                "(pass --allow-production for a demo or staging site)."
            )
        with transaction.atomic():
            if reset:
                deleted = delete_demo_data()
                total = sum(deleted.values())
                self.stdout.write(f"Deleted earlier demo data: {total} rows.")
            elif demo_users().exists():
                self.stdout.write(
                    "Demo data already present; nothing created. "
                    "Run `manage.py seed_demo --reset` to recreate it."
                )
                self._print_logins()
                return
            before = _counts()
            Seeder(self.stdout).run()
            after = _counts()

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo data created:"))
        for label, _model in COUNTED:
            self.stdout.write(f"  {label:<26} {after[label] - before[label]:>4}")
        self._print_logins()

    def _print_logins(self):
        contact_points = {
            spec["key"]: spec["name"]
            + ("" if spec["status"] == "approved" else f" ({spec['status']})")
            for spec in data.CONTACT_POINTS
        }
        regions = dict(Region.objects.values_list("slug", "name"))
        rows = []
        for spec in data.USERS:
            if "cp" in spec:
                where = contact_points[spec["cp"]]
            elif "region" in spec:
                where = regions.get(spec["region"], spec["region"])
            else:
                where = "all of Norway (Django admin)"
            rows.append((demo_email(spec["local"]), ROLE_LABELS[spec["role"]], where))

        width = max(len(email) for email, _, _ in rows)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {data.PASSWORD})"))
        self.stdout.write(f"  {'email':<{width}}  {'role':<22}  contact point / region")
        self.stdout.write(f"  {'-' * width}  {'-' * 22}  {'-' * 30}")
        for email, role, where in rows:
            self.stdout.write(f"  {email:<{width}}  {role:<22}  {where}")
        self.stdout.write("")
        self.stdout.write(f"  Portal:   {SITE}/")
        self.stdout.write(f"  Sign in:  {SITE}/konto/login/")
        self.stdout.write(f"  Admin:    {SITE}/admin/  (national admin)")
        self.stdout.write(
            self.style.WARNING(
                "  Region admins and the national admin must set up two-factor sign-in "
                "(TOTP) on first login: have an authenticator app ready."
            )
        )


class Seeder:
    """One run of seeding: the reference data it looks up and the rows it has made."""

    COPIED_CONTACT_POINT_FIELDS = (
        "name", "organisation", "description", "email", "phone", "address", "opening_hours",
        "responsible_person", "partners", "response_days", "status",
    )  # fmt: skip

    def __init__(self, stdout):
        self.stdout = stdout
        # A fixed seed: the same names and responses every run, only the dates move.
        self.rng = random.Random(data.RANDOM_SEED)
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate(self.now)
        self.used_slugs = set()
        self.users = {}
        self.contact_points = {}
        self.starters = {}
        self.groups = {}

    def run(self):
        self._load_reference_data()
        self._step("Users with verified email addresses", self.create_users)
        self._step("Contact points", self.create_contact_points)
        self._step("Memberships and region admins", self.create_roles)
        self._step("Starter rosters", self.create_starters)
        self._step("Self-help groups", self.create_groups)
        self._step("First meetings with starters", self.create_meetings)
        self._step("Events and registrations", self.create_events)
        self._step("Enquiries", self.create_enquiries)
        self._step("Interest registrations", self.create_interest_registrations)
        self._step("Workspace history", self.create_workspace_history)

    def _step(self, label, method):
        self.stdout.write(f"{label}: {method()}")

    def _load_reference_data(self):
        self.types = {t.code: t for t in OrganisationType.objects.all()}
        self.topics = {t.slug: t for t in Topic.objects.all()}
        self.regions = {r.slug: r for r in Region.objects.all()}
        numbers = {spec["municipality"] for spec in data.CONTACT_POINTS}
        numbers |= {spec["municipality"] for spec in data.INTEREST_REGISTRATIONS}
        numbers |= {spec["municipality"] for spec in data.EVENTS if "municipality" in spec}
        self.municipalities = Municipality.objects.in_bulk(numbers)

        missing = (
            [code for code in {s["type"] for s in data.CONTACT_POINTS} if code not in self.types]
            + [n for n in numbers if n not in self.municipalities]
            + [s["region"] for s in data.USERS if "region" in s and s["region"] not in self.regions]
            + [slug for slug in _topic_slugs() if slug not in self.topics]
        )
        if missing:
            raise CommandError(
                f"Reference data missing ({', '.join(sorted(missing))}). Run `manage.py migrate`."
            )

    def _slug(self, model, text):
        """A slug free in the table; groups and events may take a suffix to get one."""
        base = norwegian_slugify(text)[:190]
        slug, n = base, 2
        while slug in self.used_slugs or model.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        self.used_slugs.add(slug)
        return slug

    def _exact_slug(self, model, text):
        # Contact points and region events are found again by this exact slug on --reset,
        # so a taken slug is an error rather than a reason to pick another one.
        slug = norwegian_slugify(text)
        if model.objects.filter(slug=slug).exists():
            raise CommandError(
                f"{model.__name__} {slug!r} exists but the demo users do not. "
                "If it is left over from an earlier demo, run `manage.py seed_demo --reset`."
            )
        self.used_slugs.add(slug)
        return slug

    def _days_ago(self, days, hours=0):
        return self.now - timedelta(days=days, hours=hours)

    def create_users(self):
        # Hashing once keeps a run fast; a shared salt does not matter for a demo password.
        password = make_password(data.PASSWORD)
        for spec in data.USERS:
            national = spec["role"] == "national_admin"
            user = User.objects.create(
                email=demo_email(spec["local"]),
                full_name=spec["name"],
                password=password,
                is_staff=national,
                is_superuser=national,
            )
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            self.users[spec["local"]] = user
        return len(self.users)

    def create_contact_points(self):
        managers = {s["cp"]: self.users[s["local"]] for s in data.USERS if s["role"] == "manager"}
        for spec in data.CONTACT_POINTS:
            created = self._days_ago(spec["created_days_ago"])
            contact_point = ContactPoint.objects.create(
                **{field: spec[field] for field in self.COPIED_CONTACT_POINT_FIELDS},
                slug=self._exact_slug(ContactPoint, spec["name"]),
                organisation_type=self.types[spec["type"]],
                municipality=self.municipalities[spec["municipality"]],
                website=spec.get("website", ""),
                status_changed_at=None if spec["status"] == "pending" else created,
                created_by=managers.get(spec["key"]),
            )
            # auto_now_add ignores a given value; backdate so activity spans months.
            ContactPoint.objects.filter(pk=contact_point.pk).update(created_at=created)
            self.contact_points[spec["key"]] = contact_point
        statuses = [spec["status"] for spec in data.CONTACT_POINTS]
        return ", ".join(f"{statuses.count(s)} {s}" for s in ("approved", "pending", "suspended"))

    def create_roles(self):
        memberships = admins = 0
        for spec in data.USERS:
            user = self.users[spec["local"]]
            if spec["role"] in ("manager", "staff"):
                Membership.objects.create(
                    user=user, contact_point=self.contact_points[spec["cp"]], role=spec["role"]
                )
                memberships += 1
            elif spec["role"] == "region_admin":
                self.regions[spec["region"]].admins.add(user)
                admins += 1
        return f"{memberships} memberships, {admins} region admins"

    def create_starters(self):
        accounts = {(s["cp"], s["name"]): s["local"] for s in data.USERS if s["role"] == "starter"}
        for index, spec in enumerate(data.STARTERS):
            local = accounts.get((spec["cp"], spec["name"]))
            user = self.users[local] if local else None
            trained = spec["trained_days_ago"]
            starter = Starter.objects.create(
                contact_point=self.contact_points[spec["cp"]],
                name=spec["name"],
                email=user.email if user else _email_for(spec["name"], data.STARTER_EMAIL_DOMAIN),
                # Most starters take reminders by SMS too; the made-up numbers are 4xx xx xxx.
                phone=f"+47 41 00 {index:02d} {self.rng.randint(10, 99)}" if index % 3 else "",
                trained_on=self.today - timedelta(days=trained) if trained else None,
                shared_in_region=spec["shared"],
                user=user,
            )
            self.starters.setdefault(spec["cp"], []).append(starter)
        return f"{len(data.STARTERS)} starters, {len(accounts)} with a login"

    def create_groups(self):
        for spec in data.GROUPS:
            planned_start = _on_or_after(
                self.today + timedelta(days=spec["start_in_days"]), spec["weekday"]
            )
            first_meeting = _at(planned_start, spec["time"])
            status = spec["status"]
            if status == "starting":
                changed = first_meeting
            elif status == "running":
                changed = first_meeting + timedelta(weeks=6)  # when the starter withdrew
            else:
                changed = self._days_ago(self.rng.randint(3, 30))
            venue_name, venue_address = spec["venue"] or ("", "")
            contact_point = self.contact_points[spec["cp"]]
            group = SelfHelpGroup.objects.create(
                contact_point=contact_point,
                title=spec["title"],
                slug=self._slug(SelfHelpGroup, spec["title"]),
                description=spec["description"],
                kind=spec["kind"],
                format=spec["format"],
                municipality=contact_point.municipality,
                venue_name=venue_name,
                venue_address=venue_address,
                show_venue_publicly=spec["public"],
                weekday=spec["weekday"],
                start_time=first_meeting.time(),
                frequency=spec["frequency"],
                planned_start=planned_start,
                status=status,
                status_changed_at=min(changed, self.now),
                open_for_new_members=status != "closed",
            )
            group.topics.set([self.topics[slug] for slug in spec["topics"]])
            created = self._days_ago(max(-spec["start_in_days"], 0) + 30)
            SelfHelpGroup.objects.filter(pk=group.pk).update(created_at=created)
            self.groups[spec["title"]] = group
        return f"{len(self.groups)} groups"

    def create_meetings(self):
        """The first meetings of new groups, each with the starter who attends them."""
        step = {"weekly": 7, "biweekly": 14, "monthly": 28, "other": 7}
        meetings = assignments = 0
        for spec in data.GROUPS:
            group = self.groups[spec["title"]]
            if group.status not in ("starting", "recruiting"):
                continue
            count = 4 if group.status == "starting" else 3
            starts = [
                _at(group.planned_start + timedelta(days=n * step[group.frequency]), spec["time"])
                for n in range(count)
            ]
            upcoming = [when for when in starts if when > self.now]
            lead, *others = self.rng.sample(
                self.starters[spec["cp"]], len(self.starters[spec["cp"]])
            )
            for number, when in enumerate(starts):
                meeting = GroupMeeting.objects.create(
                    group=group,
                    starts_at=when,
                    ends_at=when + timedelta(minutes=90),
                    note="Første møte – igangsetter ønsker velkommen" if number == 0 else "",
                )
                meetings += 1
                # Two starters at the very first meeting, one after that.
                for starter in [lead, *others[:1]] if number == 0 else [lead]:
                    response = self._response(
                        when, is_next=upcoming[:1] == [when], is_last=number == count - 1
                    )
                    StarterAssignment.objects.create(
                        meeting=meeting,
                        starter=starter,
                        response=response,
                        responded_at=None
                        if response == "pending"
                        else min(
                            when - timedelta(days=3), self._days_ago(0, self.rng.randint(1, 72))
                        ),
                    )
                    assignments += 1
        return f"{meetings} meetings, {assignments} starter assignments"

    def _response(self, when, *, is_next, is_last):
        # Held meetings were confirmed and the next one is settled; later ones are open.
        if when <= self.now or is_next:
            return "confirmed"
        if is_last:
            return "pending"
        return self.rng.choice(["pending", "confirmed", "confirmed", "declined"])

    def create_events(self):
        events = registrations = 0
        for spec in data.EVENTS:
            if spec.get("world_mental_health_day"):
                day = _next_world_mental_health_day(self.today)
            else:
                day = self.today + timedelta(days=spec["in_days"])
            organiser = spec["organiser"]
            if organiser.startswith("region:"):
                owner = {"region": self.regions[organiser.removeprefix("region:")]}
                slug = self._exact_slug(Event, spec["title"])
            else:
                owner = {"contact_point": self.contact_points[organiser]}
                slug = self._slug(Event, spec["title"])
            venue_name, venue_address = spec.get("venue", ("", ""))
            event = Event.objects.create(
                **owner,
                title=spec["title"],
                slug=slug,
                kind=spec["kind"],
                audience=spec["audience"],
                intended_outcome=spec["outcome"],
                description=spec["description"],
                starts_at=_at(day, spec["time"][0]),
                ends_at=_at(day, spec["time"][1]),
                is_online=spec["online"],
                online_url=f"https://video.example/{slug}" if spec["online"] else "",
                municipality=self.municipalities.get(spec.get("municipality")),
                venue_name=venue_name,
                venue_address=venue_address,
                capacity=spec["capacity"],
                status=spec.get("status", "published"),
            )
            events += 1
            registrations += self._register(event, spec)
        return f"{events} events, {registrations} registrations"

    def _register(self, event, spec):
        """Sign people up; a full event gets every seat taken and two on the waiting list."""
        if spec.get("full"):
            wanted = [("confirmed", event.capacity), ("waiting", 2)]
        else:
            wanted = [("confirmed", spec["registrations"])]
        people = self.rng.sample(
            [(f, last) for f in data.FIRST_NAMES for last in data.LAST_NAMES],
            sum(n for _, n in wanted),
        )
        # Confirmed first: the capacity trigger refuses a confirmed seat beyond the limit.
        statuses = [status for status, n in wanted for _ in range(n)]
        for index, ((first, last), status) in enumerate(zip(people, statuses, strict=True)):
            Registration.objects.create(
                event=event,
                name=f"{first} {last}",
                email=_email_for(f"{first} {last}", data.RESIDENT_EMAIL_DOMAIN),
                phone=f"+47 48 00 {self.rng.randint(10, 99)} {index:02d}" if index % 2 else "",
                status=status,
            )
        return len(people)

    def create_enquiries(self):
        for index, spec in enumerate(data.ENQUIRIES):
            received = self._days_ago(spec["days_ago"], hours=2 + index)
            group = self.groups.get(spec.get("group"))
            topic_slug = spec.get("topic")
            topic = self.topics[topic_slug] if topic_slug else None
            if group and not topic:
                topic = group.topics.first()
            by_email = spec["channel"] == "email"
            answered = spec.get("answered_after")
            closed = spec.get("closed_after")
            enquiry = Enquiry.objects.create(
                contact_point=self.contact_points[spec["cp"]],
                group=group,
                topic=topic,
                kind=spec["kind"],
                name=spec["name"],
                email=_email_for(spec["name"], data.RESIDENT_EMAIL_DOMAIN, f".{index}")
                if by_email
                else "",
                phone="" if by_email else f"+47 90 00 {index:02d} {self.rng.randint(10, 99)}",
                preferred_channel=spec["channel"],
                preferred_time=spec.get("time", ""),
                message=spec["message"],
                consent_given_at=received,
                status=spec["status"],
                assigned_to=self.users.get(spec.get("assigned")),
                first_response_at=received + timedelta(days=answered) if answered else None,
                closed_at=received + timedelta(days=closed) if closed else None,
            )
            Enquiry.objects.filter(pk=enquiry.pk).update(created_at=received)
        statuses = sorted({spec["status"] for spec in data.ENQUIRIES})
        return f"{len(data.ENQUIRIES)} enquiries ({', '.join(statuses)})"

    def create_interest_registrations(self):
        for index, spec in enumerate(data.INTEREST_REGISTRATIONS):
            registered = self._days_ago(spec["days_ago"], hours=index)
            interest = InterestRegistration.objects.create(
                topic=self.topics[spec["topic"]],
                municipality=self.municipalities[spec["municipality"]],
                email=f"interesse.{index:02d}@{data.RESIDENT_EMAIL_DOMAIN}",
                phone=f"+47 93 00 {index:02d} {self.rng.randint(10, 99)}" if index % 4 == 0 else "",
                notified_at=registered + timedelta(days=7) if spec.get("notified") else None,
            )
            InterestRegistration.objects.filter(pk=interest.pk).update(created_at=registered)
        places = len({spec["municipality"] for spec in data.INTEREST_REGISTRATIONS})
        return f"{len(data.INTEREST_REGISTRATIONS)} in {places} municipalities"

    def create_workspace_history(self):
        """What a workspace that has been used for a while shows: each group's status
        history and "still correct" confirmation (one listing stale), each answered
        enquiry's status change and a note, the starters' topics and availability, the
        checklist of each contact point, and one open invitation."""
        managers = {
            self.contact_points[s["cp"]].pk: self.users[s["local"]]
            for s in data.USERS
            if s["role"] == "manager"
        }
        stale = None
        for index, group in enumerate(self.groups.values()):
            manager = managers.get(group.contact_point_id)
            GroupStatusChange.objects.create(
                group=group,
                from_status="",
                to_status=group.status,
                reason="Registrert i portalen.",
                effective_on=timezone.localdate(group.status_changed_at),
                changed_by=manager,
            )
            if group.status == "running" and stale is None:
                stale = group  # not confirmed for seven months: flagged in the workspace
                confirmed = self._days_ago(210)
                SelfHelpGroup.objects.filter(pk=group.pk).update(created_at=self._days_ago(400))
            else:
                confirmed = self._days_ago(5 + index * 3)
            SelfHelpGroup.objects.filter(pk=group.pk).update(confirmed_at=confirmed)

        notes = 0
        for enquiry in Enquiry.objects.filter(
            contact_point__in=self.contact_points.values()
        ).exclude(status=Enquiry.Status.NEW):
            by = enquiry.assigned_to or managers.get(enquiry.contact_point_id)
            change = EnquiryStatusChange.objects.create(
                enquiry=enquiry, from_status="new", to_status=enquiry.status, changed_by=by
            )
            when = enquiry.first_response_at or enquiry.created_at + timedelta(hours=3)
            EnquiryStatusChange.objects.filter(pk=change.pk).update(changed_at=when)
            if enquiry.status == Enquiry.Status.IN_PROGRESS:
                EnquiryNote.objects.create(
                    enquiry=enquiry, author=by, body="Ringte, ikke svar. Prøver igjen i morgen."
                )
                notes += 1

        availability = ["Ukedager på kveldstid", "Mandag og onsdag", "Dagtid", "Etter avtale"]
        for cp_key, starters in self.starters.items():
            topics = list(
                Topic.objects.filter(groups__contact_point=self.contact_points[cp_key]).distinct()
            )
            for index, starter in enumerate(starters):
                starter.availability = availability[index % len(availability)]
                starter.save(update_fields=["availability"])
                starter.topics.set(topics[index % max(len(topics), 1) :][:2])

        steps = 0
        for contact_point in self.contact_points.values():
            done = (
                [OnboardingStep.Step.ANCHORING]
                if contact_point.status == ContactPoint.Status.PENDING
                else [
                    OnboardingStep.Step.ANCHORING,
                    OnboardingStep.Step.WORK_PLAN,
                    OnboardingStep.Step.CHANNELS,
                ]
            )
            for step in done:
                OnboardingStep.objects.create(
                    contact_point=contact_point, step=step, done_by=managers.get(contact_point.pk)
                )
                steps += 1

        Invitation.objects.create(
            contact_point=self.contact_points["bodo"],
            email=demo_email("ny.kollega"),
            role=Membership.Role.STAFF,
            token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
            invited_by=managers.get(self.contact_points["bodo"].pk),
            expires_at=self.now + timedelta(days=5),
        )
        return (
            f"{len(self.groups)} group histories ({stale.title if stale else 'none'} stale), "
            f"{notes} notes, {steps} checklist steps, 1 open invitation"
        )
