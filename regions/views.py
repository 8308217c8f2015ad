"""Pages for region and national admins under /region/.

Today: approving new contact points (``approvals``). Every page goes through
``regions.access``: region admins see the contact points of their own region's
counties, national admins all of them, nobody else any.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contactpoints.models import ContactPoint
from contactpoints.selectors import onboarding_checklist, onboarding_progress
from contactpoints.services import contact_point_approve, contact_point_reject
from contactpoints.workspace_forms import RejectForm
from regions.access import (
    approver_view,
    decidable_contact_point_or_404,
    pending_contact_point_or_404,
    pending_contact_points,
)


@approver_view
def approvals(request):
    """Contact points waiting for a decision, the longest waiting first."""
    contact_points = (
        onboarding_progress(
            pending_contact_points(request.user).select_related("municipality", "organisation_type")
        )
        .annotate(region_name=F("municipality__county__region_county__region__name"))
        .order_by("created_at", "pk")
    )
    return render(
        request,
        "region/approvals.html",
        {"contact_points": list(contact_points), "national": request.user.is_superuser},
    )


def _detail_page(request, contact_point, *, reject_form=None):
    steps = onboarding_checklist(contact_point)
    return render(
        request,
        "region/approval_detail.html",
        {
            "cp": contact_point,
            "steps": steps,
            "done_count": sum(1 for step in steps if step.done),
            "reject_form": reject_form or RejectForm(),
        },
    )


@approver_view(objects=True)
def approval_detail(request, slug):
    """What the applicant registered, and the decision: approve, or reject with a reason."""
    return _detail_page(request, pending_contact_point_or_404(request.user, slug))


def _already_decided(request, error):
    messages.error(request, error.messages[0])
    return redirect("region:approvals")


@approver_view(objects=True)
@require_POST
def approval_approve(request, slug):
    contact_point = decidable_contact_point_or_404(request.user, slug)
    try:
        contact_point_approve(contact_point=contact_point, user=request.user)
    except ValidationError as error:
        return _already_decided(request, error)
    messages.success(
        request,
        _("%(name)s is approved and now shows publicly. The applicant has been told by email.")
        % {"name": contact_point.name},
    )
    return redirect("region:approvals")


@approver_view(objects=True)
@require_POST
def approval_reject(request, slug):
    contact_point = decidable_contact_point_or_404(request.user, slug)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            contact_point_reject(
                contact_point=contact_point, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "already_decided":
                return _already_decided(request, error)
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s is not approved. The applicant has been told why by email.")
                % {"name": contact_point.name},
            )
            return redirect("region:approvals")
    if contact_point.status != ContactPoint.Status.PENDING:
        messages.error(
            request, _("%(name)s has already been decided on.") % {"name": contact_point.name}
        )
        return redirect("region:approvals")
    contact_point = pending_contact_point_or_404(request.user, slug)
    return _detail_page(request, contact_point, reject_form=form)
