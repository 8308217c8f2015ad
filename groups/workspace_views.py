"""Staff pages for a contact point's groups (/arbeidsflate/<cp>/grupper/) and its starter
roster (/arbeidsflate/<cp>/igangsettere/). Function-based, like the app's public views.

Every view is a ``workspace_view`` and finds its objects through ``groups.access``;
changes go through ``groups.services`` and ``contactpoints.roster``. Actions are POST
only and lead back to the page they came from with a message.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from contactpoints import roster
from contactpoints.access import workspace_view
from contactpoints.models import ContactPoint
from groups import access, lifecycle, services
from groups.models import SelfHelpGroup, Topic
from groups.selectors import (
    LISTING_STALE_DAYS,
    PUBLIC_STATUSES,
    STARTER_SOON_DAYS,
    starter_summary,
    workspace_group_attention_count,
    workspace_group_page,
    workspace_groups,
)
from groups.workspace_forms import (
    GroupFilterForm,
    GroupForm,
    GroupStatusForm,
    MeetingsGenerateForm,
    StarterForm,
)
from regions.models import Municipality
from selvhjelp.concurrency import EditConflict

# --- Groups -----------------------------------------------------------------------


def _when(moment):
    return date_format(moment, "DATETIME_FORMAT")


def _group_url(group, anchor=""):
    url = reverse("workspace:group_detail", kwargs={"cp": group.contact_point.slug, "pk": group.pk})
    return url + anchor


@workspace_view
def group_list(request):
    """All the contact point's groups: status, next meeting, starters, stale listings."""
    contact_point = request.workspace.contact_point
    form = GroupFilterForm(request.GET)
    status, attention = form.filters()
    groups = list(workspace_groups(contact_point=contact_point, status=status, attention=attention))
    for group in groups:
        group.summary = starter_summary(group)
    return render(
        request,
        "workspace/groups/list.html",
        {
            "form": form,
            "groups": groups,
            "filtered": bool(status or attention),
            "attention_count": workspace_group_attention_count(contact_point=contact_point),
            "stale_days": LISTING_STALE_DAYS,
            "soon_days": STARTER_SOON_DAYS,
        },
    )


def _prefill(request, contact_point):
    """Initial values from the address: ``?topic=<slug>`` and ``?kommune=<number>``, as
    the interest page's "start a group" link gives them."""
    initial = {}
    topic = Topic.objects.filter(slug=request.GET.get("topic", "")).first()
    if topic is not None:
        initial["topics"] = [topic.pk]
    number = request.GET.get("kommune", "")
    if Municipality.objects.filter(number=number, is_current=True).exists():
        initial["municipality"] = number
    return initial


@workspace_view
def group_create(request):
    contact_point = request.workspace.contact_point
    if request.method == "POST":
        form = GroupForm(request.POST, contact_point=contact_point)
        if form.is_valid():
            try:
                group = services.group_create(
                    contact_point=contact_point,
                    fields=form.group_fields(),
                    topics=form.cleaned_data["topics"],
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The group is created as planned. Next: add its first meetings."),
                )
                return redirect(_group_url(group))
    else:
        form = GroupForm(contact_point=contact_point, initial=_prefill(request, contact_point))
    return render(
        request,
        "workspace/groups/form.html",
        {"form": form, "group": None},
    )


@workspace_view
def group_detail(request, pk):
    """A group's page: its facts, coming meetings with their starters, and history."""
    ws = request.workspace
    group = workspace_group_page(group=access.group_for_workspace(ws, pk))
    starters = list(roster.starters_available_to(contact_point=ws.contact_point))
    return render(
        request,
        "workspace/groups/detail.html",
        {
            "group": group,
            "summary": starter_summary(group),
            "own_starters": [s for s in starters if s.contact_point_id == ws.contact_point.pk],
            "shared_starters": [s for s in starters if s.contact_point_id != ws.contact_point.pk],
            "next_statuses": lifecycle.next_statuses(group.status),
            "can_assign": group.status != SelfHelpGroup.Status.CLOSED,
            "is_public": group.status in PUBLIC_STATUSES
            and ws.contact_point.status == ContactPoint.Status.APPROVED,
            "stale_days": LISTING_STALE_DAYS,
        },
    )


def _conflict_changes(form, current):
    """What the other person saved that differs from what this person typed: a list of
    (label, saved value) to show beside the form."""
    changes = []
    for name in [*services.GROUP_FIELDS, "topics"]:
        if name not in form.cleaned_data:
            continue  # typed wrongly: shown with its own error
        typed = form.cleaned_data[name]
        saved = getattr(current, name)
        if name == "topics":
            typed = sorted(topic.pk for topic in typed or [])
            saved_topics = list(current.topics.order_by("position", "name"))
            if typed != sorted(topic.pk for topic in saved_topics):
                display = ", ".join(topic.display_name for topic in saved_topics) or "–"
                changes.append((form.fields[name].label, display))
            continue
        if typed != saved:
            field = current._meta.get_field(name)
            if field.choices:
                display = getattr(current, f"get_{name}_display")()
            elif isinstance(saved, bool):
                display = _("yes") if saved else _("no")
            else:
                display = saved if saved not in (None, "") else "–"
            changes.append((form.fields[name].label, display))
    return changes


@workspace_view
def group_edit(request, pk):
    """Edit a group. Saving also confirms the listing. A save over someone else's newer
    save is refused: the form comes back with what was typed, what the other person
    saved, and the new version, so saving again is a choice."""
    ws = request.workspace
    group = access.group_for_workspace(ws, pk)
    changes = []
    if request.method == "POST":
        form = GroupForm(request.POST, instance=group, contact_point=ws.contact_point)
        # Someone saved since this person opened the form: tell them before anything
        # else, even if the form has other errors.
        conflict = request.POST.get("version", "") != str(group.version)
        if form.is_valid() and not conflict:
            try:
                services.group_update(
                    group=group,
                    version=form.cleaned_data["version"],
                    fields=form.group_fields(),
                    topics=form.cleaned_data["topics"],
                    user=request.user,
                )
            except EditConflict:
                conflict = True
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The changes are saved."))
                return redirect(_group_url(group))
        if conflict:
            group = access.group_for_workspace(ws, pk)
            data = request.POST.copy()
            data["version"] = group.version
            form = GroupForm(data, instance=group, contact_point=ws.contact_point)
            form.is_valid()
            changes = _conflict_changes(form, group)
            form.add_error(None, EditConflict())
    else:
        form = GroupForm(instance=group, contact_point=ws.contact_point)
    return render(
        request,
        "workspace/groups/form.html",
        {"form": form, "group": group, "changes": changes},
    )


@workspace_view
def group_status(request, pk):
    """Change a group's status: the new status, why, and from when."""
    ws = request.workspace
    group = access.group_for_workspace(ws, pk)
    if request.method == "POST":
        form = GroupStatusForm(request.POST, group=group)
        if form.is_valid():
            try:
                group = services.group_status_change(
                    group=group,
                    to_status=form.cleaned_data["to_status"],
                    reason=form.cleaned_data["reason"],
                    effective_on=form.cleaned_data["effective_on"],
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The group's status is now “%(status)s”.")
                    % {"status": group.get_status_display()},
                )
                return redirect(_group_url(group, "#historikk"))
    else:
        form = GroupStatusForm(group=group)
    return render(
        request,
        "workspace/groups/status.html",
        {
            "form": form,
            "group": group,
            "next_statuses": lifecycle.next_statuses(group.status),
        },
    )


@require_POST
@workspace_view
def group_duplicate(request, pk):
    """A copy of the group to start a similar one; staff land on its edit form."""
    group = access.group_for_workspace(request.workspace, pk)
    copy = services.group_duplicate(group=group, user=request.user)
    messages.success(
        request,
        _("This is a copy of “%(title)s”, planned and without meetings. Adjust it and save.")
        % {"title": group.title},
    )
    return redirect("workspace:group_edit", cp=copy.contact_point.slug, pk=copy.pk)


def _back(request, default):
    """The page a POST came from (its ``next`` field) if it is one of ours."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_POST
@workspace_view
def group_confirm(request, pk):
    """ "Still correct": staff confirm the listing, and the stale flag goes."""
    group = access.group_for_workspace(request.workspace, pk)
    services.group_confirm(group=group, user=request.user)
    messages.success(
        request, _("Thank you: “%(title)s” is marked as still correct.") % {"title": group.title}
    )
    return redirect(_back(request, _group_url(group)))


@workspace_view
def group_meetings_generate(request, pk):
    """Add a group's first meetings; times it already meets at are skipped."""
    group = access.group_for_workspace(request.workspace, pk)
    if group.status == SelfHelpGroup.Status.CLOSED:
        messages.error(request, _("This group is closed. Reopen it before adding meetings."))
        return redirect(_group_url(group))
    if request.method == "POST":
        form = MeetingsGenerateForm(request.POST, group=group)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created, skipped = services.group_meetings_generate(
                    group=group,
                    first_date=data["first_date"],
                    start_time=data["start_time"],
                    count=data["count"],
                    duration=datetime.timedelta(minutes=data["duration"]),
                    interval=data["interval"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if created:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)s meeting added. Now assign a starter to it.",
                            "%(count)s meetings added. Now assign a starter to them.",
                            len(created),
                        )
                        % {"count": len(created)},
                    )
                if skipped:
                    messages.info(
                        request,
                        _("The group already meets at these times, so they were skipped: %(times)s")
                        % {"times": ", ".join(_when(moment) for moment in skipped)},
                    )
                return redirect(_group_url(group, "#moter"))
    else:
        form = MeetingsGenerateForm(group=group)
    return render(
        request,
        "workspace/groups/generate.html",
        {"form": form, "group": group},
    )


def _starter_from_post(request):
    """The starter a POST names, among those the contact point may assign (else 404);
    None when the person chose none."""
    value = request.POST.get("starter", "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404("No such starter.")
    return access.assignable_starter_or_404(request.workspace, int(value))


@require_POST
@workspace_view
def group_starter_assign(request, pk):
    """Assign one starter to all the group's coming meetings at once."""
    group = access.group_for_workspace(request.workspace, pk)
    starter = _starter_from_post(request)
    if starter is None:
        messages.error(request, _("Choose a starter."))
        return redirect(_group_url(group, "#moter"))
    try:
        assigned, refused = services.starter_assign_all(group=group, starter=starter)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(_group_url(group, "#moter"))
    if assigned:
        messages.success(
            request,
            ngettext(
                "%(name)s is asked to come to %(count)s meeting and gets a message to "
                "confirm or decline.",
                "%(name)s is asked to come to %(count)s meetings and gets a message for "
                "each to confirm or decline.",
                len(assigned),
            )
            % {"name": starter.name, "count": len(assigned)},
        )
    for meeting, reason in refused:
        messages.warning(request, f"{_when(meeting.starts_at)}: {reason}")
    return redirect(_group_url(group, "#moter"))


@require_POST
@workspace_view
def meeting_starters(request, pk, meeting_pk):
    """Assign a starter to one meeting."""
    group, meeting = access.meeting_for_workspace(request.workspace, pk, meeting_pk)
    starter = _starter_from_post(request)
    if starter is None:
        messages.error(request, _("Choose a starter."))
        return redirect(_group_url(group, f"#mote-{meeting.pk}"))
    try:
        services.starter_assign(meeting=meeting, starter=starter)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(name)s is asked to come on %(when)s and gets a message to confirm or decline.")
            % {"name": starter.name, "when": _when(meeting.starts_at)},
        )
    return redirect(_group_url(group, f"#mote-{meeting.pk}"))


@require_POST
@workspace_view
def meeting_unassign(request, pk, meeting_pk, assignment_pk):
    """Take a starter off a meeting (they are told if they had not declined)."""
    group, meeting, assignment = access.assignment_for_workspace(
        request.workspace, pk, meeting_pk, assignment_pk
    )
    services.starter_unassign(assignment=assignment)
    messages.success(
        request,
        _("%(name)s is no longer assigned to the meeting on %(when)s.")
        % {"name": assignment.starter.name, "when": _when(meeting.starts_at)},
    )
    return redirect(_group_url(group, f"#mote-{meeting.pk}"))


@require_POST
@workspace_view
def meeting_cancel(request, pk, meeting_pk):
    """Cancel a coming meeting; its starters are told."""
    group, meeting = access.meeting_for_workspace(request.workspace, pk, meeting_pk)
    try:
        services.meeting_cancel(meeting=meeting)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("The meeting on %(when)s is cancelled.") % {"when": _when(meeting.starts_at)},
        )
    return redirect(_group_url(group, f"#mote-{meeting.pk}"))


@require_POST
@workspace_view
def meeting_restore(request, pk, meeting_pk):
    """Put a cancelled coming meeting back."""
    group, meeting = access.meeting_for_workspace(request.workspace, pk, meeting_pk)
    try:
        services.meeting_restore(meeting=meeting)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("The meeting on %(when)s is back on. Assign a starter to it.")
            % {"when": _when(meeting.starts_at)},
        )
    return redirect(_group_url(group, f"#mote-{meeting.pk}"))


# --- The starter roster -----------------------------------------------------------


def _starter_list_url(request):
    return reverse("workspace:starter_list", kwargs={"cp": request.workspace.contact_point.slug})


@workspace_view
def starter_list(request):
    """The roster: each starter's coming meetings, who is unassigned, who has left;
    and the starters other contact points of the region share."""
    contact_point = request.workspace.contact_point
    show = request.GET.get("vis", roster.SHOW_ACTIVE)
    if show not in roster.SHOW_CHOICES:
        show = roster.SHOW_ACTIVE
    return render(
        request,
        "workspace/starters/list.html",
        {
            "starters": list(roster.roster_starters(contact_point=contact_point, show=show)),
            "counts": roster.roster_counts(contact_point=contact_point),
            "shared": list(roster.region_shared_starters(contact_point=contact_point)),
            "show": show,
            "SHOW_UNASSIGNED": roster.SHOW_UNASSIGNED,
            "SHOW_INACTIVE": roster.SHOW_INACTIVE,
        },
    )


@workspace_view
def starter_create(request):
    contact_point = request.workspace.contact_point
    if request.method == "POST":
        form = StarterForm(request.POST)
        if form.is_valid():
            try:
                starter = roster.starter_create(
                    contact_point=contact_point,
                    fields=form.starter_fields(),
                    topics=form.cleaned_data["topics"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(name)s is on the roster.") % {"name": starter.name})
                return redirect(_starter_list_url(request))
    else:
        form = StarterForm()
    return render(
        request,
        "workspace/starters/form.html",
        {"form": form, "starter": None},
    )


@workspace_view
def starter_edit(request, pk):
    starter = access.starter_for_workspace(request.workspace, pk)
    if request.method == "POST":
        form = StarterForm(request.POST, instance=starter)
        if form.is_valid():
            try:
                starter = roster.starter_update(
                    starter=starter,
                    fields=form.starter_fields(),
                    topics=form.cleaned_data["topics"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The changes are saved."))
                return redirect(_starter_list_url(request))
    else:
        form = StarterForm(instance=starter)
    return render(
        request,
        "workspace/starters/form.html",
        {
            "form": form,
            "starter": starter,
            "coming": list(roster.starter_coming_assignments(starter=starter)),
        },
    )


@require_POST
@workspace_view
def starter_deactivate(request, pk):
    """Take a starter off the active roster, and off their coming meetings."""
    starter = access.starter_for_workspace(request.workspace, pk)
    try:
        released = roster.starter_deactivate(starter=starter)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            ngettext(
                "%(name)s is deactivated, and taken off %(count)s coming meeting.",
                "%(name)s is deactivated, and taken off %(count)s coming meetings.",
                released,
            )
            % {"name": starter.name, "count": released}
            if released
            else _("%(name)s is deactivated.") % {"name": starter.name},
        )
    return redirect(_starter_list_url(request))


@require_POST
@workspace_view
def starter_activate(request, pk):
    starter = access.starter_for_workspace(request.workspace, pk)
    try:
        roster.starter_activate(starter=starter)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("%(name)s is back on the active roster.") % {"name": starter.name}
        )
    return redirect(_starter_list_url(request))
