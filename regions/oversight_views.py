"""The region dashboard (/region/): figures across a region's contact points, their
CSV exports, a printable one-page report, and the shared starter pool.

Every view goes through ``oversight_view`` (regions.oversight_access), which resolves
the scope from the URL's optional region id and the user's standing; every figure
comes from ``regions.oversight.Dashboard``, which starts its queries from that scope.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from regions import charts
from regions.oversight import Dashboard
from regions.oversight_access import oversight_view
from regions.oversight_tables import TABLES, duration_text, table_csv

# The report names at most this many municipalities and contact points per list.
REPORT_LIST_LENGTH = 12


def _url(request, name, **kwargs):
    """The URL of page ``name`` ("dashboard", "report", …) in the request's scope."""
    region = request.oversight.region
    if region is not None and (len(request.oversight_regions) > 1 or request.user.is_superuser):
        return reverse(f"oversight:region_{name}", kwargs={"region": region.pk, **kwargs})
    return reverse(f"oversight:{name}", kwargs=kwargs)


def _scope_label(request):
    scope = request.oversight
    if scope.region is not None:
        return scope.region.name
    return _("All regions") if scope.national else _("All your regions")


def _choices(request, name):
    """Links to the same page for each region the user may choose, and for all of them
    (when there is more than one to choose from)."""
    regions = request.oversight_regions
    if len(regions) < 2 and not request.user.is_superuser:
        return []
    current = request.oversight.region
    everything = _("All regions") if request.user.is_superuser else _("All your regions")
    choices = [
        {"label": everything, "url": reverse(f"oversight:{name}"), "current": current is None}
    ]
    for region in regions:
        choices.append(
            {
                "label": region.name,
                "url": reverse(f"oversight:region_{name}", kwargs={"region": region.pk}),
                "current": current is not None and current.pk == region.pk,
            }
        )
    return choices


def _context(request, page, dashboard):
    return {
        "scope_label": _scope_label(request),
        "choices": _choices(request, page),
        "period": dashboard.period,
        "dashboard_url": _url(request, "dashboard"),
        "report_url": _url(request, "report"),
        "pool_url": _url(request, "pool"),
        "page": page,
    }


def _tables(request, dashboard, slugs):
    tables = {}
    for slug in slugs:
        table = TABLES[slug](dashboard)
        table.csv_url = _url(request, "export", table=slug)
        tables[slug.replace("-", "_")] = table
    return tables


def _trend_charts(dashboard):
    """The three small multiples of progress: [{"title", "svg"}]."""
    months = dashboard.period.months
    series = [
        ("chart-started", _("Groups started"), dashboard.groups_started_by_month),
        ("chart-answered", _("Enquiries answered"), dashboard.answered_by_month),
        ("chart-events", _("Events held"), dashboard.events_by_month),
    ]
    return [
        {
            "title": title,
            "svg": charts.column_chart(
                chart_id=chart_id, title=title, months=months, values=values
            ),
        }
        for chart_id, title, values in series
    ]


@oversight_view
def dashboard(request):
    board = Dashboard(scope=request.oversight, now=timezone.now())
    tables = _tables(request, board, TABLES)
    context = {
        **_context(request, "dashboard", board),
        "headline": board.headline,
        "headline_median": duration_text(board.median_response),
        "tables": tables,
        "trend_charts": _trend_charts(board),
        "standing_out": [row for row in board.municipalities if row.stands_out],
        "charts": {
            "statuses": charts.bar_chart(
                chart_id="chart-statuses",
                title=_("Groups by status"),
                rows=[(label, count) for _s, label, count in board.groups_by_status],
            ),
            "topics": charts.bar_chart(
                chart_id="chart-topics", title=_("Groups by topic"), rows=board.topics
            ),
            "formats": charts.bar_chart(
                chart_id="chart-formats",
                title=_("Groups by format"),
                rows=[(label, count) for _v, label, count in board.formats],
            ),
            "events": charts.bar_chart(
                chart_id="chart-event-kinds",
                title=_("Events held by kind"),
                rows=[(label, count) for _v, label, count in board.event_kinds],
            ),
            "enquiries": charts.column_chart(
                chart_id="chart-enquiries",
                title=_("Enquiries received by month"),
                months=board.period.months,
                values=board.enquiries_by_month,
            ),
        },
    }
    return render(request, "oversight/dashboard.html", context)


@oversight_view
def export(request, table):
    """One of the dashboard's tables as CSV (see oversight_tables.table_csv)."""
    if table not in TABLES:
        raise Http404("No such table.")
    board = Dashboard(scope=request.oversight, now=timezone.now())
    scope = request.oversight.region.slug if request.oversight.region else "alle"
    filename = f"region-{scope}-{table}-{board.period.today.isoformat()}.csv"
    response = HttpResponse(
        table_csv(TABLES[table](board)).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@oversight_view
def report(request):
    """The region on one printed page: headline figures, progress over 12 months, and
    where help is needed."""
    board = Dashboard(scope=request.oversight, now=timezone.now())
    context = {
        **_context(request, "report", board),
        "headline": board.headline,
        "headline_median": duration_text(board.median_response),
        "tables": _tables(request, board, ["utvikling"]),
        "trend_charts": _trend_charts(board),
        "starters": board.starters,
    }
    # One page: the first few of each list, and how many more the dashboard has.
    for name, rows in (
        ("standing_out", [row for row in board.municipalities if row.stands_out]),
        ("quiet", [row for row in board.contact_points if row.quiet]),
    ):
        context[name] = rows[:REPORT_LIST_LENGTH]
        context[f"{name}_more"] = max(len(rows) - REPORT_LIST_LENGTH, 0)
    return render(request, "oversight/report.html", context)


@oversight_view
def pool(request):
    """The region's shared starter pool; starters are edited on their contact point's
    roster (linked), not here."""
    board = Dashboard(scope=request.oversight, now=timezone.now())
    context = {
        **_context(request, "pool", board),
        "starters": list(board.shared_starters()),
        "tables": _tables(request, board, ["igangsettere"]),
    }
    return render(request, "oversight/pool.html", context)
