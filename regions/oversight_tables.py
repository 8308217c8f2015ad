"""The tables of the region dashboard, once, for the page, the CSV export and the report.

A :class:`Table` holds its columns and rows as :class:`Cell` objects that already carry
both what the page shows and what the CSV gets, so the three can never disagree (a
count under 3 reads "under 3" in all of them). ``TABLES`` maps each table's slug (the
CSV's address, ``/region/<slug>.csv``) to the function that builds it from a
:class:`regions.oversight.Dashboard`.
"""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import formats
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from contactpoints.selectors import ONBOARDING_TOTAL
from regions.charts import month_label
from regions.oversight import GROUP_STATUSES
from regions.oversight_counts import Figure
from selvhjelp.spreadsheets import csv_text


@dataclass(frozen=True)
class Cell:
    text: str
    csv: object
    numeric: bool = False
    href: str = ""
    attention: bool = False

    @property
    def css_class(self):
        classes = ["text-end text-nowrap"] if self.numeric else []
        if self.attention:
            classes.append("attention-text oversight-flag")
        return " ".join(classes)


def count_cell(value):
    figure = value if isinstance(value, Figure) else Figure(int(value))
    return Cell(text=str(figure), csv=figure.csv(), numeric=True)


def text_cell(text, *, href="", attention=False):
    return Cell(text=str(text), csv=str(text), href=href, attention=attention)


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool = False
    # Columns side by side under one heading ("Groups": planned, running, …).
    group: str = ""
    # The CSV's header when it says more than the page's (a unit).
    csv_label: str = ""

    @property
    def full_label(self):
        """The CSV's header: the group's heading and the column's."""
        if self.csv_label:
            return self.csv_label
        return f"{self.group}: {self.label}" if self.group else self.label


@dataclass(frozen=True)
class HeaderCell:
    label: str
    colspan: int = 1
    rowspan: int = 1
    scope: str = "col"
    numeric: bool = False


@dataclass
class Table:
    slug: str
    title: str
    columns: list
    rows: list = field(default_factory=list)
    # Rows to mark (a contact point gone quiet, a municipality that stands out), by index.
    attention_rows: frozenset = frozenset()
    note: str = ""
    csv_url: str = ""

    @property
    def header_rows(self):
        """One row of column headings, or two when some columns are grouped: the
        group's heading over its columns, the other headings spanning both rows."""
        if not any(column.group for column in self.columns):
            return [[HeaderCell(c.label, numeric=c.numeric) for c in self.columns]]
        top, below = [], []
        for column in self.columns:
            if not column.group:
                top.append(HeaderCell(column.label, rowspan=2, numeric=column.numeric))
                continue
            if top and top[-1].scope == "colgroup" and top[-1].label == column.group:
                last = top.pop()
                top.append(HeaderCell(last.label, colspan=last.colspan + 1, scope="colgroup"))
            else:
                top.append(HeaderCell(column.group, scope="colgroup"))
            below.append(HeaderCell(column.label, numeric=column.numeric))
        return [top, below]

    @property
    def column_groups(self):
        """The spans of the <colgroup> elements the "colgroup" headings refer to."""
        spans = []
        for column in self.columns:
            if spans and column.group and spans[-1][0] == column.group:
                spans[-1][1] += 1
            else:
                spans.append([column.group, 1])
        return [span for _group, span in spans]

    @property
    def marked_rows(self):
        """[(row, marked)] for the template."""
        return [(row, index in self.attention_rows) for index, row in enumerate(self.rows)]


def duration_text(value):
    """A median response time for people: "5 h" under two days, else "2.5 days"."""
    if value is None:
        return "–"
    hours = value.total_seconds() / 3600
    if hours < 1:
        return _("under 1 h")
    if hours < 48:
        return _("%(hours)s h") % {"hours": formats.number_format(round(hours))}
    return _("%(days)s days") % {"days": formats.number_format(round(hours / 24, 1), 1)}


def duration_hours(value):
    """The same for a spreadsheet: hours with one decimal, in the language's notation."""
    if value is None:
        return ""
    return formats.number_format(round(value.total_seconds() / 3600, 1), 1)


def _moment_text(moment):
    return formats.date_format(moment, "SHORT_DATE_FORMAT") if moment else "–"


def contact_points_table(dashboard):
    labels = {status: label for status, label, _count in dashboard.groups_by_status}
    columns = [
        Column(_("Contact point")),
        Column(_("Municipality")),
        Column(_("Status")),
        Column(_("Gone quiet")),
        Column(_("Staff"), numeric=True),
        *(Column(labels[status], True, group=_("Groups")) for status in GROUP_STATUSES),
        Column(_("Events held"), numeric=True),
        Column(_("Enquiries received"), numeric=True),
        Column(
            _("Median time to first answer"),
            numeric=True,
            csv_label=_("Median time to first answer (hours)"),
        ),
        Column(_("Last activity"), numeric=True),
        Column(
            _("Getting started"),
            numeric=True,
            csv_label=_("Getting started: steps done of %(total)s") % {"total": ONBOARDING_TOTAL},
        ),
    ]
    rows, marked = [], set()
    for index, cp in enumerate(dashboard.contact_points):
        if cp.quiet:
            marked.add(index)
        rows.append(
            [
                text_cell(cp.name, href=reverse("workspace:dashboard", kwargs={"cp": cp.slug})),
                text_cell(cp.municipality),
                text_cell(cp.status_label),
                text_cell(_("Gone quiet") if cp.quiet else "", attention=cp.quiet),
                count_cell(cp.staff),
                *(count_cell(cp.groups[status]) for status in GROUP_STATUSES),
                count_cell(cp.events_held),
                count_cell(cp.enquiries),
                Cell(
                    text=duration_text(cp.median_response),
                    csv=duration_hours(cp.median_response),
                    numeric=True,
                ),
                Cell(
                    text=_moment_text(cp.last_activity),
                    csv=cp.last_activity.date().isoformat() if cp.last_activity else "",
                    numeric=True,
                ),
                Cell(
                    text=_("%(done)s of %(total)s")
                    % {"done": cp.onboarding_done, "total": ONBOARDING_TOTAL},
                    csv=cp.onboarding_done,
                    numeric=True,
                ),
            ]
        )
    return Table(
        slug="kontaktpunkter",
        title=_("Contact points"),
        columns=columns,
        rows=rows,
        attention_rows=frozenset(marked),
        note=_(
            "Events, enquiries and response times: the last 12 months. Enquiries: 1 or 2 "
            "read “under 3”, and one more count is “hidden” so that the monthly total "
            "cannot give them back. Median time to first answer: in the CSV, in hours. "
            "Gone quiet: approved, and no change to a group, new event or answered enquiry "
            "for 3 months."
        ),
    )


def municipalities_table(dashboard):
    columns = [
        Column(_("Municipality")),
        Column(_("Contact points"), numeric=True),
        Column(_("Groups meeting"), numeric=True),
        Column(_("Waiting interest"), numeric=True),
        Column(_("Enquiries received"), numeric=True),
        Column(_("Stands out")),
    ]
    rows, marked = [], set()
    for index, place in enumerate(dashboard.municipalities):
        reasons = []
        if place.interest_no_group:
            reasons.append(_("interest waiting, no group"))
        if place.interest_no_contact_point:
            reasons.append(_("interest waiting, no contact point"))
        if reasons:
            marked.add(index)
        rows.append(
            [
                text_cell(place.name),
                count_cell(place.contact_points),
                count_cell(place.groups),
                count_cell(place.interest),
                count_cell(place.enquiries),
                text_cell("; ".join(reasons), attention=bool(reasons)),
            ]
        )
    return Table(
        slug="kommuner",
        title=_("Municipalities"),
        columns=columns,
        rows=rows,
        attention_rows=frozenset(marked),
        note=_(
            "Counts of 1 or 2 read “under 3”, so that a small place's figure does not point "
            "at a person; “hidden” keeps such a figure from being worked out from the "
            "totals. Groups meeting: starting or running. Waiting interest: registrations "
            "not yet told about a group. Enquiries: to the municipality's contact points, "
            "the last 12 months."
        ),
    )


def _simple_table(slug, title, label, rows, value_label):
    return Table(
        slug=slug,
        title=title,
        columns=[Column(label), Column(value_label, numeric=True)],
        rows=[[text_cell(name), count_cell(value)] for name, value in rows],
    )


def statuses_table(dashboard):
    return _simple_table(
        "grupper-status",
        _("Groups by status"),
        _("Status"),
        [(label, count) for _status, label, count in dashboard.groups_by_status],
        _("Groups"),
    )


def topics_table(dashboard):
    table = _simple_table(
        "grupper-tema", _("Groups by topic"), _("Topic"), dashboard.topics, _("Groups")
    )
    table.note = _(
        "Groups that are not closed. A group may have several topics. Counts of 1 or 2 "
        "read “under 3”."
    )
    return table


def formats_table(dashboard):
    table = _simple_table(
        "grupper-form",
        _("Groups by format"),
        _("Format"),
        [(label, count) for _value, label, count in dashboard.formats],
        _("Groups"),
    )
    table.note = _("Groups that are not closed.")
    return table


def starters_table(dashboard):
    figures = dashboard.starters
    table = _simple_table(
        "igangsettere",
        _("Starters"),
        _("Starters"),
        [
            (_("On the contact points' rosters"), figures["roster"]),
            (_("With starter training"), figures["trained"]),
            (_("Active (assigned in the last 12 months or later)"), figures["active"]),
            (_("Shared with the region"), figures["shared"]),
        ],
        _("How many"),
    )
    return table


def events_table(dashboard):
    table = _simple_table(
        "arrangementer",
        _("Events held by kind"),
        _("Kind"),
        [(label, count) for _value, label, count in dashboard.event_kinds],
        _("Events held"),
    )
    table.note = _(
        "Published events that started in the last 12 months, the district offices' own included."
    )
    return table


def _month_cell(month):
    return Cell(text=month_label(month), csv=date_format(month, "Y-m"))


def enquiries_table(dashboard):
    return Table(
        slug="henvendelser",
        title=_("Enquiries by month"),
        columns=[Column(_("Month")), Column(_("Enquiries received"), numeric=True)],
        rows=[
            [_month_cell(month), count_cell(count)]
            for month, count in zip(
                dashboard.period.months, dashboard.enquiries_by_month, strict=True
            )
        ],
    )


def trends_table(dashboard):
    return Table(
        slug="utvikling",
        title=_("Progress over 12 months"),
        columns=[
            Column(_("Month")),
            Column(_("Groups started"), numeric=True),
            Column(_("Enquiries answered"), numeric=True),
            Column(_("Events held"), numeric=True),
        ],
        rows=[
            [_month_cell(month), count_cell(started), count_cell(answered), count_cell(held)]
            for month, started, answered, held in zip(
                dashboard.period.months,
                dashboard.groups_started_by_month,
                dashboard.answered_by_month,
                dashboard.events_by_month,
                strict=True,
            )
        ],
        note=_(
            "Groups started: the month a group first began meeting (starting or running). "
            "Enquiries answered: the month of the first answer."
        ),
    )


TABLES = {
    "kontaktpunkter": contact_points_table,
    "kommuner": municipalities_table,
    "grupper-status": statuses_table,
    "grupper-tema": topics_table,
    "grupper-form": formats_table,
    "igangsettere": starters_table,
    "arrangementer": events_table,
    "henvendelser": enquiries_table,
    "utvikling": trends_table,
}


def table_csv(table):
    """The table as CSV for Excel in Norway: UTF-8 with a byte-order mark, ";" between
    fields (the decimal comma is taken), and text that would start a formula
    prefixed with an apostrophe."""
    headings = [str(column.full_label) for column in table.columns]
    return csv_text([headings, *([cell.csv for cell in row] for row in table.rows)])
