"""Public event pages: the list, an event with its registration form, cancelling, iCal.

Nothing here shows who registered: the pages only ever count confirmed places.
"""

import re
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_http_methods, require_safe

from events import ical, selectors, services
from events.forms import EventFilterForm, RegistrationForm
from events.models import Registration
from regions.selectors import place_resolve
from selvhjelp.abuse import public_form_ratelimit

EVENTS_PER_PAGE = 10
# Calendar apps poll feeds; they hold no personal data, so shared caches may keep them.
FEED_MAX_AGE = 15 * 60
COUNTY_NUMBER = re.compile(r"[0-9]{2}")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
# The registration just made, so the success page can show it after the redirect.
SESSION_REGISTRATION = "events_registration_token"


def _site_root(request):
    return request.build_absolute_uri("/")


@require_safe
def event_list(request):
    form = EventFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {"kind": "", "county": "", "place_text": ""}
    place = None
    unknown_place = ""
    if filters["place_text"]:
        place = place_resolve(query=filters["place_text"])
        if place is None:
            unknown_place = filters["place_text"]
    events = selectors.event_list(kind=filters["kind"], county=filters["county"], place=place)
    paginator = Paginator(events, EVENTS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page_obj": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "place": place,
            "unknown_place": unknown_place,
            "filtered": any(filters.values()),
            "feed_query": urlencode({"fylke": filters["county"]}) if filters["county"] else "",
        },
    )


def _get_event_or_404(slug):
    event = selectors.event_for_public_page(slug=slug)
    if event is None:
        raise Http404("No such event")
    return event


@require_http_methods(["GET", "HEAD", "POST"])
@public_form_ratelimit
def event_detail(request, slug):
    event = _get_event_or_404(slug)
    is_open = services.registration_is_open(event)
    form = None
    if is_open:
        if request.method == "POST":
            form = RegistrationForm(request.POST, event=event)
            if form.is_valid():
                try:
                    registration = services.registration_create(
                        event=event,
                        name=form.cleaned_data["name"],
                        email=form.cleaned_data["email"],
                        phone=form.cleaned_data["phone"],
                        base_url=_site_root(request),
                        language=translation.get_language(),
                    )
                except ValidationError as error:
                    if error.code == "duplicate":
                        form.add_error("email", error)
                    else:
                        form.add_error(None, error)
                else:
                    request.session[SESSION_REGISTRATION] = registration.token
                    return redirect("events:registered", slug=event.slug)
        else:
            form = RegistrationForm(event=event)
    # A POST after registration closed (the form was still on screen) saves nothing and
    # shows the page as it is now.
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "form": form,
            "registration_open": is_open,
            "has_ended": event.ends_at < timezone.now(),
        },
    )


@never_cache
@require_safe
def registration_done(request, slug):
    registration = selectors.registration_for_token(
        token=request.session.get(SESSION_REGISTRATION, ""), event_slug=slug
    )
    if registration is None:
        _get_event_or_404(slug)  # an unpublished event's slug is not confirmed by a redirect
        return redirect("events:detail", slug=slug)
    context = {"registration": registration, "event": registration.event}
    if registration.status == Registration.Status.WAITING:
        context["position"] = selectors.waiting_list_position(registration=registration)
    return render(request, "events/registration_done.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@public_form_ratelimit
def registration_cancel(request, token):
    """GET asks; only POST cancels (mail scanners open links, but do not press buttons)."""
    registration = selectors.registration_for_token(token=token)
    if registration is None:
        return render(request, "events/cancel_invalid.html", status=404)
    event = registration.event
    if request.method == "POST":
        try:
            moved_up = services.registration_cancel(
                registration=registration,
                base_url=_site_root(request),
                language=translation.get_language(),
            )
        except ValidationError:
            return render(request, "events/cancel_invalid.html", status=404)
        if request.session.get(SESSION_REGISTRATION) == token:
            del request.session[SESSION_REGISTRATION]
        return render(
            request,
            "events/cancel_done.html",
            {"event": event, "moved_up": bool(moved_up)},
        )
    context = {"registration": registration, "event": event}
    if registration.status == Registration.Status.WAITING:
        context["position"] = selectors.waiting_list_position(registration=registration)
    return render(request, "events/cancel_confirm.html", context)


def _calendar_response(calendar_bytes, filename):
    response = HttpResponse(calendar_bytes, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
@cache_control(public=True, max_age=FEED_MAX_AGE)
def event_ical(request, slug):
    event = _get_event_or_404(slug)
    return _calendar_response(
        ical.calendar_for_events([event], base_url=_site_root(request), name=event.title),
        f"{event.slug}.ics",
    )


@require_safe
@cache_control(public=True, max_age=FEED_MAX_AGE)
def events_feed(request):
    """All upcoming public events; ``?fylke=<number>`` and ``?kontaktpunkt=<slug>`` narrow it.

    Unknown values give an empty calendar rather than an error: a subscribed calendar
    app cannot show one.
    """
    county = request.GET.get("fylke", "").strip()
    contact_point_slug = request.GET.get("kontaktpunkt", "").strip()
    empty = ical.calendar_for_events([], base_url=_site_root(request), name="Selvhjelp")
    if (county and not COUNTY_NUMBER.fullmatch(county)) or (
        contact_point_slug and not SLUG.fullmatch(contact_point_slug)
    ):
        return _calendar_response(empty, "arrangementer.ics")
    contact_point = None
    if contact_point_slug:
        contact_point = selectors.public_contact_point(slug=contact_point_slug)
        if contact_point is None:
            return _calendar_response(empty, "arrangementer.ics")
    events = selectors.event_list(county=county, contact_point=contact_point)
    return _calendar_response(
        ical.calendar_for_events(
            events,
            base_url=_site_root(request),
            name=contact_point.name if contact_point else "Selvhjelp",
            source_url=request.build_absolute_uri(),
        ),
        "arrangementer.ics",
    )


@require_safe
@cache_control(public=True, max_age=FEED_MAX_AGE)
def contact_point_feed(request, slug):
    contact_point = selectors.public_contact_point(slug=slug)
    if contact_point is None:
        raise Http404("No such contact point")
    events = selectors.event_list(contact_point=contact_point)
    return _calendar_response(
        ical.calendar_for_events(
            events,
            base_url=_site_root(request),
            name=contact_point.name,
            source_url=request.build_absolute_uri(),
        ),
        "arrangementer.ics",
    )
