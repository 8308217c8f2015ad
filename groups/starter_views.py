"""The page a starter's link opens: their meeting, and two buttons to confirm or decline.

No account: the token in the link is the key. GET only shows; the answer changes on
POST alone, since mail scanners open links but do not press buttons.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from groups import services
from groups.models import StarterAssignment
from selvhjelp.abuse import public_form_ratelimit


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@public_form_ratelimit
def assignment_respond(request, token):
    assignment = (
        StarterAssignment.objects.select_related(
            "starter", "meeting__group__contact_point", "meeting__group__municipality"
        )
        .filter(token=token)
        .first()
    )
    if assignment is None:
        return render(request, "groups/starter_invalid.html", status=404)
    error = None
    if request.method == "POST":
        try:
            services.assignment_respond(
                assignment=assignment, response=request.POST.get("response", "")
            )
        except ValidationError as invalid:
            error = invalid.messages[0]
        else:
            if request.POST["response"] == StarterAssignment.Response.CONFIRMED:
                messages.success(request, _("Thank you: you have confirmed that you will come."))
            else:
                messages.success(request, _("Thank you: we have noted that you cannot come."))
            return redirect("starters:respond", token=token)
    meeting = assignment.meeting
    context = services.starter_message_context(assignment)
    context.update(
        error=error,
        # The email's "I cannot come" link puts that button first.
        prefer_decline=request.GET.get("svar") == "nei",
        can_answer=not meeting.is_cancelled and meeting.starts_at > timezone.now(),
    )
    return render(request, "groups/starter_respond.html", context, status=400 if error else 200)
