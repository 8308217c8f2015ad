"""The public group pages: the search and a group's own page. Function-based views."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from groups.forms import GroupSearchForm
from groups.models import SelfHelpGroup, Topic
from groups.selectors import group_alternatives, group_search_results, public_group_page
from regions.selectors import place_split

PAGE_SIZE = 20
SEARCH_BOX_MAX_LENGTH = 200

# Statuses in which a trained starter still comes to the meetings.
STARTER_STATUSES = {
    SelfHelpGroup.Status.PLANNED,
    SelfHelpGroup.Status.RECRUITING,
    SelfHelpGroup.Status.STARTING,
}


def group_list(request):
    if "sok" in request.GET:
        return _redirect_search_box(request)

    form = GroupSearchForm(request.GET)
    form.is_valid()
    filters = form.filters()
    groups = group_search_results(**filters)
    paginator = Paginator(groups, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))

    place = filters["place"]
    topic = filters["topic"]
    interest = {}
    if topic is not None:
        interest["tema"] = topic.slug
    if place is not None and place.single_municipality_number:
        interest["kommune"] = place.single_municipality_number
    return render(
        request,
        "groups/group_list.html",
        {
            "form": form,
            "page_obj": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "place": place,
            "near": filters["near"],
            "searched": any(value for key, value in request.GET.items() if key != "page"),
            "can_widen": place is not None and not place.whole_county and not filters["near"],
            "interest_query": urlencode(interest),
        },
    )


def _redirect_search_box(request):
    """The front page's single box: split into place and search words, then redirect.

    The redirect gives the search a canonical, shareable address with `sted` and `q`.
    """
    text = "".join(char for char in request.GET.get("sok", "") if char.isprintable())
    text = " ".join(text[:SEARCH_BOX_MAX_LENGTH].split())
    # A topic's own name ("Sorg") is a search word, even where a place is called alike.
    if Topic.objects.filter(name__iexact=text).exists():
        place_text, free_text = "", text
    else:
        place_text, free_text = place_split(query=text)
    params = {key: value for key, value in request.GET.items() if key not in ("sok", "page")}
    if place_text:
        params["sted"] = place_text
    if free_text:
        params["q"] = free_text
    query = urlencode(params)
    return redirect(reverse("groups:list") + (f"?{query}" if query else ""))


def group_detail(request, slug):
    try:
        group = public_group_page(slug=slug)
    except SelfHelpGroup.DoesNotExist:
        raise Http404 from None

    topic = next(iter(group.topics.all()), None)
    interest = {"kommune": group.municipality_id}
    if topic is not None:
        interest = {"tema": topic.slug, **interest}
    others = {"sted": group.municipality.name}
    if topic is not None:
        others["tema"] = topic.slug
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "topics": list(group.topics.all()),
            "starter_helps": group.status in STARTER_STATUSES,
            "is_remote": group.format != SelfHelpGroup.Format.IN_PERSON,
            "alternatives": [] if group.open_for_new_members else group_alternatives(group=group),
            "interest_query": urlencode(interest),
            "others_query": urlencode(others),
            "enquiry_url": f"/grupper/{group.slug}/henvendelse/",
            "poster_url": f"/grupper/{group.slug}/plakat/",
        },
    )
