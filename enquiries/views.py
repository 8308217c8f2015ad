"""The public enquiry and interest forms, and the pages after them. Function-based views.

Nothing personal goes into a URL: after an enquiry the receipt page learns only which
contact point was written to, from the session, and forgets it once shown. The pages
are never cached, so "back" after the quick exit does not bring a filled-in form back
from a cache.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from enquiries.forms import EnquiryForm, InterestForm
from enquiries.models import Enquiry
from enquiries.selectors import (
    contact_point_name_get,
    municipality_by_number,
    public_contact_point_get,
    public_group_get,
    topic_by_slug,
)
from enquiries.services import enquiry_inbox_url, enquiry_submit, interest_register
from selvhjelp.abuse import public_form_ratelimit

RECEIPT_SESSION_KEY = "enquiry_receipt_contact_point"
INTEREST_SESSION_KEY = "interest_contact_given"


@never_cache
@public_form_ratelimit
def group_enquiry(request, slug):
    group = public_group_get(slug=slug)
    return _enquiry_page(request, contact_point=group.contact_point, group=group)


@never_cache
@public_form_ratelimit
def contact_point_enquiry(request, slug):
    contact_point = public_contact_point_get(slug=slug)
    start = request.GET.get("type") == "start"
    return _enquiry_page(request, contact_point=contact_point, start=start)


def _enquiry_page(request, *, contact_point, group=None, start=False):
    form_options = {"ask_kind": group is None, "ask_topic": start}
    if request.method == "POST":
        form = EnquiryForm(request.POST, **form_options)
        if form.is_valid():
            data = form.cleaned_data
            try:
                enquiry_submit(
                    contact_point=contact_point,
                    group=group,
                    topic=data.get("topic"),
                    kind=data.get("kind") or Enquiry.Kind.JOIN_GROUP,
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    preferred_channel=data["preferred_channel"],
                    preferred_time=data["preferred_time"],
                    message=data["message"],
                    consent=data["consent"],
                    inbox_url=enquiry_inbox_url(slug=contact_point.slug),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                request.session[RECEIPT_SESSION_KEY] = contact_point.pk
                return redirect("enquiries:receipt")
    else:
        initial = {}
        if group is None:
            initial["kind"] = Enquiry.Kind.START_GROUP if start else Enquiry.Kind.QUESTION
        form = EnquiryForm(initial=initial, **form_options)
    return render(
        request,
        "enquiries/enquiry_form.html",
        {"form": form, "contact_point": contact_point, "group": group, "start": start},
    )


@never_cache
def receipt(request):
    contact_point_id = request.session.pop(RECEIPT_SESSION_KEY, None)
    contact_point = None
    if isinstance(contact_point_id, int):
        contact_point = contact_point_name_get(contact_point_id=contact_point_id)
    return render(request, "enquiries/receipt.html", {"contact_point": contact_point})


@never_cache
@public_form_ratelimit
def interest(request):
    if request.method == "POST":
        form = InterestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            registration = interest_register(
                topic=data["topic"],
                municipality=data["municipality"],
                email=data["email"],
                phone=data["phone"],
            )
            request.session[INTEREST_SESSION_KEY] = bool(registration.email or registration.phone)
            return redirect("enquiries:interest_done")
    else:
        initial = {}
        topic = topic_by_slug(slug=request.GET.get("tema", ""))
        if topic is not None:
            initial["topic"] = topic
        municipality = municipality_by_number(number=request.GET.get("kommune", ""))
        if municipality is not None:
            initial["place"] = municipality.name
        form = InterestForm(initial=initial)
    return render(request, "enquiries/interest_form.html", {"form": form})


@never_cache
def interest_done(request):
    contact_given = request.session.pop(INTEREST_SESSION_KEY, False) is True
    return render(request, "enquiries/interest_done.html", {"contact_given": contact_given})
