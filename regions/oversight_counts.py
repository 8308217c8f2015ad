"""Small counts on the region dashboard: the one rule, and the text it is shown as.

A count of 1 or 2 for a municipality or a topic (and a contact point's count of
enquiries, which stands for its municipality) reads "under 3", so that a small place's
figure does not point at a person; zero stays 0. Where the exact total of a column is
shown elsewhere, one more cell is hidden so that the total cannot give the small ones
back (``small_counts``); a sum of suppressed parts tells nothing its parts do not
(``combined_figure``). The page, the CSV and the printed report all show a
:class:`Figure`, so they say the same.
"""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext

SMALL_COUNT = 3


@dataclass(frozen=True)
class Figure:
    """A count as the dashboard shows it: exact, "under 3", or hidden.

    ``value`` is the exact count, for the dashboard's own decisions (which municipality
    stands out); it is never rendered when the state is not ``EXACT``. ``str()`` is the
    text of the page, the CSV and the report alike.
    """

    EXACT = "exact"
    UNDER = "under"
    HIDDEN = "hidden"

    value: int
    state: str = EXACT

    @property
    def shown(self):
        """The number when it may be shown, else None (a chart draws no bar)."""
        return self.value if self.state == self.EXACT else None

    @property
    def is_exact(self):
        return self.state == self.EXACT

    def __str__(self):
        if self.state == self.UNDER:
            return gettext("under %(count)s") % {"count": SMALL_COUNT}
        if self.state == self.HIDDEN:
            return gettext("hidden")
        return number_format(self.value, force_grouping=True)

    def csv(self):
        """For a spreadsheet: the bare number, or the same words as the page."""
        return self.value if self.state == self.EXACT else str(self)


def small_counts(values, *, total_published=False):
    """The one rule for small counts: a list of counts → a list of :class:`Figure`.

    1 and 2 read "under 3"; 0 and 3 or more are exact. With ``total_published`` (the
    column's exact total is shown elsewhere, e.g. as the sum of a monthly chart), the
    total minus the shown cells would give the sum of the "under 3" cells, and with it
    their values. So when any cell is "under 3", one more cell is hidden: the smallest
    of at least 4. The hidden sum is then open: every "under 3" can be 1 or 2, the
    hidden cell making up the difference (it stays 3 or more either way). When there is
    no such cell (every count that is not 0 is under 4), the whole column is hidden,
    zeros included: the total then says nothing about where the counts are.

    Whether a cell is hidden depends only on whether some cell is under 3, never on
    whether it is 1 or 2. What remains: someone who knows this rule and reasons about
    which cell it would have picked can in a rare case (the hidden cell is exactly 4,
    or ties with a shown one) still tell a 1 from a 2 — never a 0 from "under 3".
    """
    values = [int(value) for value in values]
    states = [Figure.UNDER if 0 < value < SMALL_COUNT else Figure.EXACT for value in values]
    if total_published and Figure.UNDER in states:
        candidates = [
            (value, index)
            for index, (value, state) in enumerate(zip(values, states, strict=True))
            if state == Figure.EXACT and value >= SMALL_COUNT + 1
        ]
        if candidates:
            states[min(candidates)[1]] = Figure.HIDDEN
        else:
            states = [Figure.HIDDEN] * len(values)
    return [Figure(value, state) for value, state in zip(values, states, strict=True)]


def combined_figure(parts):
    """The figure of a sum of suppressed parts (a municipality's contact points), so
    that it tells nothing the parts do not: exact when every part is exact, the part
    itself when only one is not zero, hidden otherwise."""
    parts = list(parts)
    if all(part.is_exact for part in parts):
        return small_counts([sum(part.value for part in parts)])[0]
    nonzero = [part for part in parts if part.value or not part.is_exact]
    if len(nonzero) == 1:
        return nonzero[0]
    return Figure(sum(part.value for part in parts), Figure.HIDDEN)
