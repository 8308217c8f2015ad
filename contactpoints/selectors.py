"""Reads of contact points: for the public pages (approved ones only), and for the
workspace (the team, the onboarding checklist and its progress)."""

import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _

from contactpoints.models import ContactPoint, Membership, OnboardingStep
from events.models import Event
from events.selectors import upcoming_public_events
from groups.models import GroupStatusChange, SelfHelpGroup


def public_contact_points():
    """Contact points a resident can see: approved by their region."""
    return ContactPoint.objects.filter(status=ContactPoint.Status.APPROVED)


def contact_point_directory(*, county=None, place=None, text=""):
    """Approved contact points ordered by county, municipality and name.

    ``county`` is a ``regions.County``; ``place`` a ``regions.selectors.Place`` whose
    municipalities (or, for a county, whole counties) to show. ``text`` that is not a
    place is looked for in the contact point's name and organisation.
    """
    contact_points = public_contact_points().select_related(
        "municipality__county", "organisation_type"
    )
    if county is not None:
        contact_points = contact_points.filter(municipality__county=county)
    if place is not None:
        if place.whole_county:
            contact_points = contact_points.filter(municipality__county_id__in=place.county_numbers)
        else:
            contact_points = contact_points.filter(municipality_id__in=place.municipality_numbers)
    elif text:
        contact_points = contact_points.filter(
            Q(name__icontains=text) | Q(organisation__icontains=text)
        )
    return contact_points.order_by("municipality__county__number", "municipality__name", "name")


def public_contact_point_page(*, slug):
    """The approved contact point with this slug; DoesNotExist if there is none."""
    return (
        public_contact_points()
        .select_related("municipality__county", "organisation_type")
        .get(slug=slug)
    )


def contact_point_upcoming_events(*, contact_point):
    """Its upcoming public events, soonest first."""
    return upcoming_public_events().filter(contact_point=contact_point)


# --- The workspace: the team, the onboarding checklist ---------------------------------

Step = OnboardingStep.Step

# Steps the portal sees done in the data; staff tick the others themselves.
ONBOARDING_AUTOMATIC_STEPS = (
    Step.PARTNERS,
    Step.RESPONSIBLE,
    Step.FIRST_INFO_MEETING,
    Step.FIRST_GROUP,
)
ONBOARDING_MANUAL_STEPS = tuple(
    step for step in Step.values if step not in ONBOARDING_AUTOMATIC_STEPS
)
ONBOARDING_TOTAL = len(Step.values)

# Why each step matters, in one sentence (from the idea bank for new contact points).
ONBOARDING_WHY = {
    Step.ANCHORING: _(
        "When the management and the plans of your organisation include the contact point, "
        "the work goes on when people change jobs."
    ),
    Step.PARTNERS: _(
        "Partners such as the GP office, NAV, the library and local organisations tell "
        "people about the groups and send them your way."
    ),
    Step.WORK_PLAN: _(
        "A plan for the year shows what to do when, and lets your management see what the "
        "work leads to."
    ),
    Step.RESPONSIBLE: _(
        "One named person keeps the threads together, even when several people share the work."
    ),
    Step.CHANNELS: _(
        "People cannot choose what they do not know exists: decide where you will tell "
        "about self-help, such as posters, your website, social media and newsletters."
    ),
    Step.FIRST_INFO_MEETING: _(
        "An information meeting is often the first step for someone thinking of joining "
        "or starting a group."
    ),
    Step.FIRST_GROUP: _(
        "A first group shows that it works, and its participants tell others about it."
    ),
}
# How an automatic step gets ticked, for the page to say where to do it.
ONBOARDING_HOW = {
    Step.PARTNERS: _("Ticked by itself when your partners are named in the settings."),
    Step.RESPONSIBLE: _("Ticked by itself when a responsible person is named in the settings."),
    Step.FIRST_INFO_MEETING: _(
        "Ticked by itself when an information meeting is planned under Events."
    ),
    Step.FIRST_GROUP: _("Ticked by itself when a group is starting or running under Groups."),
}

_STARTED = [SelfHelpGroup.Status.STARTING, SelfHelpGroup.Status.RUNNING]


def _automatic_flags():
    """One boolean annotation per automatic step, computed in the database."""
    return {
        "onboarding_partners": ExpressionWrapper(~Q(partners=""), output_field=BooleanField()),
        "onboarding_responsible": ExpressionWrapper(
            ~Q(responsible_person=""), output_field=BooleanField()
        ),
        "onboarding_first_info_meeting": Exists(
            Event.objects.filter(
                contact_point=OuterRef("pk"), kind=Event.Kind.INFORMATION_MEETING
            ).exclude(status=Event.Status.CANCELLED)
        ),
        "onboarding_first_group": Exists(
            SelfHelpGroup.objects.filter(contact_point=OuterRef("pk"), status__in=_STARTED)
        )
        | Exists(
            GroupStatusChange.objects.filter(
                group__contact_point=OuterRef("pk"), to_status__in=_STARTED
            )
        ),
    }


def onboarding_progress(contact_points):
    """``contact_points`` (a queryset) with ``onboarding_done`` and ``onboarding_total``
    on each, counted in the same query: usable for a list of many contact points.

    A step counts as done when the data shows it (partners, responsible person, an
    information meeting, a started group) or, for the other steps, when staff ticked it.
    """
    ticked = (
        OnboardingStep.objects.filter(
            contact_point=OuterRef("pk"), step__in=ONBOARDING_MANUAL_STEPS
        )
        .order_by()
        .values("contact_point")
        .annotate(count=Count("pk"))
        .values("count")
    )
    flags = _automatic_flags()
    done = Coalesce(Subquery(ticked, output_field=IntegerField()), Value(0))
    for name in flags:
        done = done + Cast(F(name), output_field=IntegerField())
    return contact_points.annotate(**flags).annotate(
        onboarding_done=done, onboarding_total=Value(ONBOARDING_TOTAL)
    )


@dataclass(frozen=True)
class ChecklistStep:
    """One line of the onboarding checklist.

    ``source`` says who ticked it: "data" (the portal saw it done), "staff", or "" when
    not done. ``done_at``, ``done_by`` and ``note`` are set for steps staff ticked.
    """

    step: str
    label: str
    why: str
    automatic: bool
    how: str
    done: bool
    source: str
    done_at: datetime.datetime | None = None
    done_by: str = ""
    note: str = ""


def onboarding_checklist(contact_point):
    """The checklist of a contact point, in the order of ``OnboardingStep.Step``
    (two queries)."""
    flags = (
        onboarding_progress(ContactPoint.objects.filter(pk=contact_point.pk))
        .values(*_automatic_flags())
        .get()
    )
    ticked = {
        row.step: row
        for row in OnboardingStep.objects.filter(
            contact_point=contact_point, step__in=ONBOARDING_MANUAL_STEPS
        ).select_related("done_by")
    }
    steps = []
    for step in Step:
        if step in ONBOARDING_AUTOMATIC_STEPS:
            done = bool(flags[f"onboarding_{step.value}"])
            steps.append(
                ChecklistStep(
                    step=step.value,
                    label=step.label,
                    why=ONBOARDING_WHY[step],
                    automatic=True,
                    how=ONBOARDING_HOW[step],
                    done=done,
                    source="data" if done else "",
                )
            )
        else:
            row = ticked.get(step.value)
            steps.append(
                ChecklistStep(
                    step=step.value,
                    label=step.label,
                    why=ONBOARDING_WHY[step],
                    automatic=False,
                    how="",
                    done=row is not None,
                    source="staff" if row else "",
                    done_at=row.done_at if row else None,
                    done_by=row.done_by.get_full_name() if row and row.done_by else "",
                    note=row.note if row else "",
                )
            )
    return steps


def team_members(contact_point):
    """The team: managers first, then by name."""
    return (
        contact_point.memberships.select_related("user")
        .annotate(
            manager_first=Case(
                When(role=Membership.Role.MANAGER, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("manager_first", "user__full_name", "user__email")
    )


def team_open_invitations(contact_point):
    """Invitations sent and not yet accepted (expired ones too), oldest first."""
    return (
        contact_point.invitations.filter(accepted_at__isnull=True)
        .select_related("invited_by")
        .order_by("created_at", "pk")
    )
