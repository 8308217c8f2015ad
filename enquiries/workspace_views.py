"""The staff inbox (/arbeidsflate/<cp>/henvendelser/), its access log, and interest by
topic (/arbeidsflate/<cp>/interesse/). Function-based views, like the rest of the app.

The list shows no content of an enquiry (no name, message or contact detail): opening
one is the read, and every page that shows an enquiry's content writes an access-log
row first (``enquiry_read``), for members and admins on behalf alike. A refused
request (another contact point's enquiry, an outsider) never gets that far and writes
nothing. None of these pages may be cached by the browser.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from contactpoints.access import workspace_view
from enquiries.access import enquiry_for_workspace
from enquiries.models import Enquiry
from enquiries.selectors import (
    INBOX_OPEN,
    access_log_entries,
    enquiry_answered_in_time,
    enquiry_due_at,
    enquiry_history,
    inbox_counts,
    inbox_enquiries,
    interest_by_topic,
)
from enquiries.services import enquiry_assign as enquiry_assign_service
from enquiries.services import (
    enquiry_group_link,
    enquiry_note_add,
    enquiry_read,
    enquiry_status_change,
)
from enquiries.workspace_forms import (
    AccessLogFilterForm,
    EnquiryAssignForm,
    EnquiryGroupForm,
    EnquiryNoteForm,
    EnquiryStatusForm,
    InboxFilterForm,
)

PAGE_SIZE = 25
ACCESS_LOG_PAGE_SIZE = 50


def _page(request, items, size):
    paginator = Paginator(items, size)
    page = paginator.get_page(request.GET.get("page"))
    return page, paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)


# --- The inbox ------------------------------------------------------------------------


@workspace_view
@never_cache
def enquiry_list(request):
    ws = request.workspace
    contact_point = ws.contact_point
    now = timezone.now()
    form = InboxFilterForm(request.GET)
    filters = form.filters()
    enquiries = inbox_enquiries(contact_point=contact_point, user=request.user, now=now, **filters)
    page, page_range = _page(request, enquiries, PAGE_SIZE)
    for enquiry in page:
        enquiry.due_at = enquiry_due_at(enquiry, response_days=contact_point.response_days)
    return render(
        request,
        "workspace/enquiries/enquiry_list.html",
        {
            "form": form,
            "page_obj": page,
            "page_range": page_range,
            "counts": inbox_counts(contact_point=contact_point, user=request.user, now=now),
            "filtered": filters != {"status": INBOX_OPEN, "assigned": "", "overdue": False},
            "is_member": not ws.on_behalf,
        },
    )


@workspace_view
@never_cache
def enquiry_detail(request, pk):
    enquiry = enquiry_for_workspace(request.workspace, pk)
    return _detail_page(request, enquiry)


CHANGE_FORMS = {
    "status_form": EnquiryStatusForm,
    "assign_form": EnquiryAssignForm,
    "group_form": EnquiryGroupForm,
    "note_form": EnquiryNoteForm,
}


def _detail_page(request, enquiry, *, bound=None):
    """An enquiry's page: its content, its history and the forms that change it. Writes
    the access-log row: every showing of the content is a read."""
    ws = request.workspace
    response_days = ws.contact_point.response_days
    forms = {name: form_class(enquiry=enquiry) for name, form_class in CHANGE_FORMS.items()}
    forms.update(bound or {})
    enquiry_read(enquiry=enquiry, user=request.user, on_behalf=ws.on_behalf)
    return render(
        request,
        "workspace/enquiries/enquiry_detail.html",
        {
            "enquiry": enquiry,
            "due_at": enquiry_due_at(enquiry, response_days=response_days),
            "answered_in_time": enquiry_answered_in_time(enquiry, response_days=response_days),
            "is_overdue": (
                enquiry.status == Enquiry.Status.NEW
                and enquiry.first_response_at is None
                and enquiry_due_at(enquiry, response_days=response_days) <= timezone.now()
            ),
            "history": enquiry_history(enquiry=enquiry),
            "is_closed": enquiry.status == Enquiry.Status.CLOSED,
            "can_assign_self": not ws.on_behalf and enquiry.assigned_to_id != request.user.pk,
            **forms,
        },
    )


def _change(request, pk, *, form_name, perform):
    """Apply one change form to the enquiry ``pk``: on success back to its page with
    ``perform``'s message; on a refusal its page again, with what was typed and why.

    ``perform(enquiry, cleaned_data)`` calls the service and returns the message. After
    a refusal the form carries the enquiry's version as it is now, so that once the
    person has seen what changed, saving again goes through.
    """
    ws = request.workspace
    enquiry = enquiry_for_workspace(ws, pk)
    form_class = CHANGE_FORMS[form_name]
    form = form_class(request.POST, enquiry=enquiry)
    if form.is_valid():
        try:
            message = perform(enquiry, form.cleaned_data)
        except ValidationError as error:
            enquiry = enquiry_for_workspace(ws, pk)
            data = request.POST.copy()
            data[form.add_prefix("version")] = str(enquiry.version)
            form = form_class(data, enquiry=enquiry)
            form.is_valid()
            form.add_error(None, error)
        else:
            messages.success(request, message)
            return redirect("workspace:enquiry_detail", cp=ws.contact_point.slug, pk=enquiry.pk)
    return _detail_page(request, enquiry, bound={form_name: form})


@workspace_view
@require_POST
@never_cache
def enquiry_status(request, pk):
    def perform(enquiry, data):
        enquiry = enquiry_status_change(
            enquiry=enquiry, to_status=data["to_status"], user=request.user, version=data["version"]
        )
        return _("Status changed to “%(status)s”.") % {"status": enquiry.get_status_display()}

    return _change(request, pk, form_name="status_form", perform=perform)


@workspace_view
@require_POST
@never_cache
def enquiry_assign(request, pk):
    def perform(enquiry, data):
        assignee = data["assigned_to"]
        enquiry_assign_service(
            enquiry=enquiry, assignee=assignee, user=request.user, version=data["version"]
        )
        if assignee is None:
            return _("The enquiry is no longer assigned to anyone.")
        return _("Assigned to %(name)s.") % {"name": assignee.get_full_name()}

    return _change(request, pk, form_name="assign_form", perform=perform)


@workspace_view
@require_POST
@never_cache
def enquiry_note(request, pk):
    def perform(enquiry, data):
        enquiry_note_add(
            enquiry=enquiry, body=data["body"], user=request.user, version=data["version"]
        )
        return _("Note added.")

    return _change(request, pk, form_name="note_form", perform=perform)


@workspace_view
@require_POST
@never_cache
def enquiry_group(request, pk):
    def perform(enquiry, data):
        group = data["group"]
        enquiry_group_link(enquiry=enquiry, group=group, user=request.user, version=data["version"])
        if group is None:
            return _("The enquiry is no longer linked to a group.")
        return _("Linked to %(group)s.") % {"group": group.title}

    return _change(request, pk, form_name="group_form", perform=perform)


# --- The access log -------------------------------------------------------------------


@workspace_view(manager=True)
@never_cache
def access_log(request):
    form = AccessLogFilterForm(request.GET)
    number = form.cleaned_data.get("enquiry") if form.is_valid() else None
    entries = access_log_entries(
        contact_point=request.workspace.contact_point, enquiry_number=number
    )
    page, page_range = _page(request, entries, ACCESS_LOG_PAGE_SIZE)
    return render(
        request,
        "workspace/enquiries/access_log.html",
        {"form": form, "page_obj": page, "page_range": page_range, "number": number},
    )


# --- Interest by topic ----------------------------------------------------------------


@workspace_view
def interest(request):
    contact_point = request.workspace.contact_point
    municipality = contact_point.municipality
    return render(
        request,
        "workspace/interest/interest.html",
        {
            "topics": list(interest_by_topic(contact_point=contact_point)),
            "municipality": municipality,
            "county": municipality.county,
            # Oslo is a county of one municipality: no "elsewhere in the county" there.
            "county_has_others": municipality.county.municipalities.filter(is_current=True)
            .exclude(pk=municipality.pk)
            .exists(),
        },
    )
