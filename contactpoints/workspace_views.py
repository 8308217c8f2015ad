"""The contact point's own workspace pages: registering a new one, the team and its
invitations, the onboarding checklist, and the settings. Function-based views: they
parse with a form, call a service of ``contactpoints.services``, and render.

Every page of a contact point goes through ``workspace_view``; members, invitations
and memberships are looked up from ``request.workspace.contact_point``, so another
contact point's are a 404. The invitation link (``invitation_accept``) is the one page
reached by a token instead: whoever holds the link sees whom it invites.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from contactpoints import services
from contactpoints.access import user_contact_points, workspace_object_or_404, workspace_view
from contactpoints.models import ContactPoint, Membership
from contactpoints.selectors import (
    ONBOARDING_MANUAL_STEPS,
    onboarding_checklist,
    team_members,
    team_open_invitations,
)
from contactpoints.workspace_forms import (
    ContactPointRegisterForm,
    ContactPointSettingsForm,
    InvitationForm,
    OnboardingStepForm,
    RoleForm,
)


def _first_message(error):
    return error.messages[0] if error.messages else str(error)


def _manager_only(request):
    if not request.workspace.is_manager:
        raise PermissionDenied("Managers only.")


# The team's objects. Found first, from the workspace's contact point, and only then
# the manager check: another contact point's invitation or member is a 404 for
# everyone (even for that contact point's staff), its own a 403 for staff.


def _open_invitation_for_manager(request, pk):
    invitation = workspace_object_or_404(
        request.workspace, "invitations", pk=pk, accepted_at__isnull=True
    )
    _manager_only(request)
    return invitation


def _membership_for_manager(request, pk):
    membership = workspace_object_or_404(request.workspace, "memberships", pk=pk)
    _manager_only(request)
    return membership


# --- Registering a contact point -------------------------------------------------------


@login_required
def register(request):
    """A signed-in person registers their organisation's contact point. It waits for
    the region's approval; meanwhile its workspace works, and the person manages it."""
    form = ContactPointRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact_point = services.contact_point_register(
                user=request.user, **form.service_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "%(name)s is registered. It is not shown publicly until an admin of "
                    "your region has approved it; you will get an email then. Meanwhile "
                    "you can invite your colleagues and prepare groups and events here."
                )
                % {"name": contact_point.name},
            )
            return redirect("workspace:dashboard", cp=contact_point.slug)
    return render(request, "workspace/contactpoint/register.html", {"form": form})


# --- The team ----------------------------------------------------------------------------


def _team_page(request, *, invite_form=None):
    ws = request.workspace
    contact_point = ws.contact_point
    members = list(team_members(contact_point))
    managers = [member for member in members if member.role == Membership.Role.MANAGER]
    invitations = list(team_open_invitations(contact_point)) if ws.is_manager else []
    return render(
        request,
        "workspace/contactpoint/team.html",
        {
            "members": members,
            "sole_manager_id": managers[0].pk if len(managers) == 1 else None,
            "invitations": invitations,
            "now": timezone.now(),
            "invite_form": invite_form or InvitationForm(),
            "role_choices": Membership.Role.choices,
            "is_member": any(member.user_id == request.user.pk for member in members),
            "other_contact_points": list(
                user_contact_points(request.user)
                .exclude(pk=contact_point.pk)
                .select_related("municipality")
            ),
        },
    )


@workspace_view
def team(request):
    """The team with its roles; managers also see and manage the invitations."""
    return _team_page(request)


@workspace_view(manager=True)
@require_POST
def team_invite(request):
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation, _token = services.invitation_send(
                contact_point=request.workspace.contact_point,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link works for %(days)s days.")
                % {"email": invitation.email, "days": _invitation_days()},
            )
            return redirect("workspace:team", cp=request.workspace.contact_point.slug)
    return _team_page(request, invite_form=form)


def _invitation_days():
    return settings.INVITATION_DAYS


def _team_redirect(request):
    return redirect("workspace:team", cp=request.workspace.contact_point.slug)


@workspace_view
@require_POST
def invitation_resend(request, pk):
    invitation = _open_invitation_for_manager(request, pk)
    try:
        invitation, _token = services.invitation_resend(invitation=invitation, user=request.user)
    except ValidationError as error:
        messages.error(request, _first_message(error))
    else:
        messages.success(
            request,
            _("Invitation sent again to %(email)s, with a new link. The old link no longer works.")
            % {"email": invitation.email},
        )
    return _team_redirect(request)


@workspace_view
@require_POST
def invitation_revoke(request, pk):
    invitation = _open_invitation_for_manager(request, pk)
    email = invitation.email
    try:
        services.invitation_revoke(invitation=invitation, user=request.user)
    except ValidationError as error:
        messages.error(request, _first_message(error))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is withdrawn: its link no longer works.")
            % {"email": email},
        )
    return _team_redirect(request)


@workspace_view
@require_POST
def member_role(request, pk):
    membership = _membership_for_manager(request, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role."))
        return _team_redirect(request)
    try:
        membership = services.member_role_change(
            membership=membership, role=form.cleaned_data["role"], user=request.user
        )
    except ValidationError as error:
        messages.error(request, _first_message(error))
    else:
        messages.success(
            request,
            _("%(person)s is now %(role)s.")
            % {"person": membership.user.get_full_name(), "role": membership.get_role_display()},
        )
    return _team_redirect(request)


@workspace_view
def member_remove(request, pk):
    """Ask first (GET), then take the person off the team (POST)."""
    membership = _membership_for_manager(request, pk)
    if request.method == "POST":
        try:
            services.member_remove(membership=membership, user=request.user)
        except ValidationError as error:
            messages.error(request, _first_message(error))
            return _team_redirect(request)
        messages.success(
            request,
            _("%(person)s is no longer in the team.") % {"person": membership.user.get_full_name()},
        )
        if membership.user_id == request.user.pk:
            return redirect("workspace:index")
        return _team_redirect(request)
    return render(
        request,
        "workspace/contactpoint/member_remove.html",
        {"membership": membership, "is_self": membership.user_id == request.user.pk},
    )


@workspace_view
def team_leave(request):
    """A member leaves the team: asked first (GET), done on POST. Admins working on
    behalf are not members, so there is nothing to leave."""
    contact_point = request.workspace.contact_point
    membership = contact_point.memberships.filter(user=request.user).first()
    if membership is None:
        raise Http404("Not a member.")
    if request.method == "POST":
        try:
            services.member_leave(contact_point=contact_point, user=request.user)
        except ValidationError as error:
            messages.error(request, _first_message(error))
            return _team_redirect(request)
        messages.success(
            request, _("You have left the team of %(name)s.") % {"name": contact_point.name}
        )
        return redirect("workspace:index")
    return render(request, "workspace/contactpoint/team_leave.html", {"membership": membership})


# --- Accepting an invitation ------------------------------------------------------------


@never_cache
def invitation_accept(request, token):
    """The link in an invitation email. Explains what it is to whoever holds it; the
    person it was sent to joins the team by pressing the button (POST).

    A link that does not exist (never did, or was withdrawn) is a 404. A used or
    expired link, or one opened by someone signed in with another address, gets a page
    (200) that says so and what to do; ``state`` in the context names which."""
    invitation = services.invitation_by_token(token)
    if invitation is None:
        return render(
            request, "workspace/contactpoint/invitation.html", {"state": "invalid"}, status=404
        )
    context = {"invitation": invitation, "contact_point": invitation.contact_point}
    problem = services.invitation_problem(invitation)
    if problem:
        return render(
            request,
            "workspace/contactpoint/invitation.html",
            {**context, "state": problem},
        )
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        next_query = urlencode({"next": request.get_full_path()})
        return render(
            request,
            "workspace/contactpoint/invitation.html",
            {
                **context,
                "state": "sign_in",
                "login_url": f"{reverse('account_login')}?{next_query}",
                "signup_url": f"{reverse('account_signup')}?{next_query}",
            },
        )
    if not services.invitation_is_for(invitation, request.user):
        return render(
            request,
            "workspace/contactpoint/invitation.html",
            {**context, "state": "wrong_address"},
        )
    if invitation.contact_point.memberships.filter(user=request.user).exists():
        return render(
            request,
            "workspace/contactpoint/invitation.html",
            {**context, "state": "already_member"},
        )
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            return render(
                request,
                "workspace/contactpoint/invitation.html",
                {**context, "state": "refused", "error": _first_message(error)},
            )
        messages.success(
            request,
            _("Welcome to the team of %(name)s.") % {"name": invitation.contact_point.name},
        )
        return redirect("workspace:dashboard", cp=invitation.contact_point.slug)
    return render(request, "workspace/contactpoint/invitation.html", {**context, "state": "join"})


# --- The onboarding checklist -----------------------------------------------------------


def _onboarding_page(request, *, bound=None):
    steps = onboarding_checklist(request.workspace.contact_point)
    bound = bound or {}
    forms = {
        step.step: bound.get(step.step) or OnboardingStepForm(prefix=step.step)
        for step in steps
        if not step.automatic and not step.done
    }
    return render(
        request,
        "workspace/contactpoint/onboarding.html",
        {
            "steps": [(step, forms.get(step.step)) for step in steps],
            "done_count": sum(1 for step in steps if step.done),
            "total": len(steps),
        },
    )


@workspace_view
def onboarding(request):
    """The checklist for getting a new contact point going, and how far it has come."""
    return _onboarding_page(request)


def _manual_step_or_404(step):
    if step not in ONBOARDING_MANUAL_STEPS:
        raise Http404("No such step to tick.")
    return step


@workspace_view
@require_POST
def onboarding_done(request, step):
    step = _manual_step_or_404(step)
    form = OnboardingStepForm(request.POST, prefix=step)
    if form.is_valid():
        try:
            services.onboarding_step_done(
                contact_point=request.workspace.contact_point,
                step=step,
                user=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, _first_message(error))
        else:
            messages.success(request, _("Step ticked off."))
        return redirect("workspace:onboarding", cp=request.workspace.contact_point.slug)
    return _onboarding_page(request, bound={step: form})


@workspace_view
@require_POST
def onboarding_undo(request, step):
    step = _manual_step_or_404(step)
    try:
        services.onboarding_step_undo(
            contact_point=request.workspace.contact_point, step=step, user=request.user
        )
    except ValidationError as error:
        messages.error(request, _first_message(error))
    else:
        messages.success(request, _("The step is no longer ticked off."))
    return redirect("workspace:onboarding", cp=request.workspace.contact_point.slug)


# --- Settings ------------------------------------------------------------------------------


@workspace_view(manager=True)
def contact_point_settings(request):
    """The public details and how the contact point answers and reminds (managers)."""
    contact_point = request.workspace.contact_point
    form = ContactPointSettingsForm(request.POST or None, instance=contact_point)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_point_update(
                contact_point=contact_point,
                user=request.user,
                loaded_at=form.cleaned_data["loaded_at"],
                **form.service_fields(),
            )
        except ValidationError as error:
            # After a conflict the form carries the time of the save it lost to, so
            # that saving again (having looked) goes through.
            current = ContactPoint.objects.get(pk=contact_point.pk)
            data = request.POST.copy()
            data["loaded_at"] = current.updated_at.isoformat()
            form = ContactPointSettingsForm(data, instance=current)
            form.is_valid()
            form.add_error(None, error)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("workspace:settings", cp=contact_point.slug)
    return render(request, "workspace/contactpoint/settings.html", {"form": form})
