"""Staff pages for a contact point's events and their registrations.

Every view goes through ``workspace_view`` and gets its event or registration from
``events.access``: another contact point's is a 404. Writes go through
``events.services``; a refusal there (a full event, a capacity below the registrations,
an event that has started) comes back as a message or a form error, never a 500.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from contactpoints.access import workspace_view
from events import selectors, services
from events.access import event_for_workspace, registration_for_workspace
from events.models import Event, Registration
from events.workspace_forms import EventForm, EventMessageForm
from selvhjelp.spreadsheets import csv_text

PAST_EVENTS_PER_PAGE = 20


def _count(status, **extra):
    return Count("pk", filter=Q(status=status, **extra))


def _event_url(event):
    return redirect("workspace:event_detail", cp=event.contact_point.slug, pk=event.pk)


@require_safe
@workspace_view
def event_list(request):
    """Upcoming events (all of them, the next first), then past ones a page at a time."""
    contact_point = request.workspace.contact_point
    now = timezone.now()
    upcoming = selectors.workspace_events_upcoming(contact_point=contact_point, now=now)
    paginator = Paginator(
        selectors.workspace_events_past(contact_point=contact_point, now=now),
        PAST_EVENTS_PER_PAGE,
    )
    past = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "workspace/events/event_list.html",
        {
            "upcoming": list(upcoming),
            "page_obj": past,
            "page_range": paginator.get_elided_page_range(past.number, on_each_side=1, on_ends=1),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def event_create(request):
    contact_point = request.workspace.contact_point
    form = EventForm(request.POST or None, contact_point=contact_point)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(contact_point=contact_point, data=form.event_data())
        except ValidationError as error:
            # A refusal that names a field (the capacity) shows on that field.
            form.add_error(None, error)
        else:
            messages.success(request, _("The event is saved."))
            return _event_url(event)
    return render(request, "workspace/events/event_form.html", {"form": form, "event": None})


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def event_edit(request, pk):
    event = event_for_workspace(request.workspace, pk)
    if event.status == Event.Status.CANCELLED:
        messages.error(request, _("This event is cancelled and can no longer be changed."))
        return _event_url(event)
    form = EventForm(
        request.POST or None, instance=event, contact_point=request.workspace.contact_point
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.event_update(event=event, data=form.event_data())
        except ValidationError as error:
            # A refusal that names a field (the capacity) shows on that field.
            form.add_error(None, error)
        else:
            messages.success(request, _("The changes are saved."))
            if saved.told:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d registered person is told about the change.",
                        "%(count)d registered people are told about the change.",
                        saved.told,
                    )
                    % {"count": saved.told},
                )
            return _event_url(event)
    # The form changed the instance while validating; show the page with what is stored.
    stored = event_for_workspace(request.workspace, pk) if form.is_bound else event
    return render(request, "workspace/events/event_form.html", {"form": form, "event": stored})


@require_safe
@workspace_view
def event_detail(request, pk):
    event = event_for_workspace(request.workspace, pk)
    registrations = selectors.event_registrations(event=event)
    confirmed = len(registrations[Registration.Status.CONFIRMED])
    return render(
        request,
        "workspace/events/event_detail.html",
        {
            "event": event,
            "confirmed": registrations[Registration.Status.CONFIRMED],
            "waiting": registrations[Registration.Status.WAITING],
            "cancelled": registrations[Registration.Status.CANCELLED],
            "free_seats": None if event.capacity is None else max(event.capacity - confirmed, 0),
            "registration_open": services.registration_is_open(event),
            "has_started": event.starts_at <= timezone.now(),
            "has_ended": event.ends_at < timezone.now(),
            "retention_days": settings.REGISTRATION_RETENTION_DAYS,
            "sent_messages": selectors.event_messages_sent(event=event),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def event_cancel(request, pk):
    """Ask first; only POST cancels the event (and tells everyone registered)."""
    event = event_for_workspace(request.workspace, pk)
    if request.method == "POST":
        try:
            told = services.event_cancel(event=event, refuse_cancelled=True)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "The event is cancelled. %(count)d registered person is told.",
                    "The event is cancelled. %(count)d registered people are told.",
                    told,
                )
                % {"count": told},
            )
        return _event_url(event)
    to_tell = event.registrations.filter(
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING]
    ).count()
    return render(
        request,
        "workspace/events/event_cancel.html",
        {
            "event": event,
            "to_tell": to_tell,
            "has_started": event.starts_at <= timezone.now(),
        },
    )


@require_POST
@workspace_view
def registration_promote(request, pk, registration_pk):
    registration = registration_for_workspace(request.workspace, pk, registration_pk)
    try:
        services.registration_promote(registration=registration, base_url=settings.SITE_URL)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if registration.email:
            told = _("%(name)s has a place now and is told by email.")
        else:
            told = _("%(name)s has a place now and is told by text message.")
        messages.success(request, told % {"name": registration.name})
    return _event_url(registration.event)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def registration_cancel(request, pk, registration_pk):
    """Cancel a registration on the person's behalf: ask first, POST cancels. A freed
    place goes to the first on the waiting list, as when people cancel themselves."""
    registration = registration_for_workspace(request.workspace, pk, registration_pk)
    event = registration.event
    if request.method == "POST":
        try:
            moved_up = services.registration_cancel(
                registration=registration, base_url=settings.SITE_URL
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The registration of %(name)s is cancelled.") % {"name": registration.name},
            )
            for person in moved_up:
                messages.info(
                    request,
                    _("%(name)s moved up from the waiting list.") % {"name": person.name},
                )
        return _event_url(event)
    return render(
        request,
        "workspace/events/registration_cancel.html",
        {
            "event": event,
            "registration": registration,
            "has_ended": event.ends_at < timezone.now(),
        },
    )


@never_cache
@require_safe
@workspace_view
def event_registrations_csv(request, pk):
    """The registrations as a spreadsheet file: UTF-8 with a byte-order mark and
    semicolons, so Excel in Norway opens it with æøå and columns right."""
    event = event_for_workspace(request.workspace, pk)
    rows = [[_("Name"), _("Email"), _("Phone"), _("Status"), _("Registered at")]]
    rows += [
        [
            registration.name,
            registration.email,
            registration.phone,
            str(capfirst(registration.get_status_display())),
            timezone.localtime(registration.created_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for registration in selectors.event_registrations_for_export(event=event)
    ]
    response = HttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
    # The file name tells nothing about the event or the people in it.
    response["Content-Disposition"] = f'attachment; filename="pameldinger-{event.pk}.csv"'
    # Personal data: no cache anywhere may keep a copy (never_cache adds no-store).
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_view
def event_message(request, pk):
    event = event_for_workspace(request.workspace, pk)
    form = EventMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent, created = services.event_message_send(
                event=event,
                text=form.cleaned_data["text"],
                include_waiting=form.cleaned_data["include_waiting"],
                key=form.cleaned_data["key"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created:
                messages.success(
                    request,
                    ngettext(
                        "The message is on its way to %(count)d person.",
                        "The message is on its way to %(count)d people.",
                        sent.email_count + sent.sms_count,
                    )
                    % {"count": sent.email_count + sent.sms_count},
                )
            else:
                messages.info(request, _("This message was already sent; it was not sent again."))
            return _event_url(event)
    counts = event.registrations.aggregate(
        confirmed=_count(Registration.Status.CONFIRMED),
        waiting=_count(Registration.Status.WAITING),
    )
    return render(
        request,
        "workspace/events/event_message.html",
        {"event": event, "form": form, "counts": counts},
    )
