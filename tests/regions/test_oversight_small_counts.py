"""The one rule for small counts (regions.oversight_counts.small_counts), and that a published
total cannot give a suppressed count back."""

import itertools

from django.utils import translation

from regions.oversight_counts import Figure, combined_figure, small_counts

EXACT, UNDER, HIDDEN = Figure.EXACT, Figure.UNDER, Figure.HIDDEN


def states(values, **kwargs):
    return [figure.state for figure in small_counts(values, **kwargs)]


def test_small_counts_one_and_two_read_under_three_zero_stays_zero():
    assert states([0, 1, 2, 3, 40]) == [EXACT, UNDER, UNDER, EXACT, EXACT]
    assert [figure.shown for figure in small_counts([0, 1, 2, 3])] == [0, None, None, 3]


def test_figure_text_is_the_same_words_on_page_and_in_csv():
    with translation.override("en"):
        under, hidden, shown = Figure(2, UNDER), Figure(9, HIDDEN), Figure(1234)
        assert str(under) == under.csv() == "under 3"
        assert str(hidden) == hidden.csv() == "hidden"
        assert shown.csv() == 1234
        assert "2" not in str(under)
        assert "9" not in str(hidden)


def test_small_counts_without_a_published_total_hide_nothing_more():
    assert states([1, 7, 10]) == [UNDER, EXACT, EXACT]


def test_small_counts_with_a_total_hide_the_smallest_count_of_four_or_more():
    assert states([1, 7, 10, 3], total_published=True) == [UNDER, HIDDEN, EXACT, EXACT]
    assert states([2, 3, 5, 4], total_published=True) == [UNDER, EXACT, EXACT, HIDDEN]


def test_small_counts_with_a_total_and_nothing_under_three_hide_nothing():
    assert states([0, 3, 7], total_published=True) == [EXACT, EXACT, EXACT]


def test_small_counts_with_a_total_and_no_cell_to_hide_hide_the_column():
    assert states([1, 0, 3, 0], total_published=True) == [HIDDEN] * 4
    assert states([2], total_published=True) == [HIDDEN]


def _alternatives(values, figures):
    """Every column consistent with what the page shows: the exact cells as shown,
    "under 3" cells 1 or 2, a hidden cell any count of 3 or more (anything when the
    whole column is hidden), and the same total."""
    total = sum(values)
    whole_column = all(figure.state == HIDDEN for figure in figures)
    options = []
    for figure in figures:
        if figure.state == EXACT:
            options.append([figure.value])
        elif figure.state == UNDER:
            options.append([1, 2])
        else:
            options.append(range(0 if whole_column else 3, total + 1))
    return [column for column in itertools.product(*options) if sum(column) == total]


def test_small_counts_no_under_three_cell_is_given_away_by_the_total():
    """Every column of four counts from 0 to 6: for each cell of 1 or 2, what is shown
    and the total fit more than one value in it (both 1 and 2, or with the whole
    column hidden, anything that adds up)."""
    for values in itertools.product(range(7), repeat=4):
        figures = small_counts(values, total_published=True)
        alternatives = _alternatives(values, figures)
        for index, value in enumerate(values):
            if 0 < value < 3:
                possible = {column[index] for column in alternatives}
                assert len(possible) > 1, (values, index)


def test_small_counts_without_the_second_cell_the_total_would_give_it_away():
    """The check above can fail: with only the "under 3" rule, 1 + 7 + 10 = 18 tells."""
    values = [1, 7, 10]
    primary = small_counts(values)
    assert {column[0] for column in _alternatives(values, primary)} == {1}


def test_combined_figure_tells_nothing_its_parts_do_not():
    assert combined_figure([Figure(3), Figure(4)]) == Figure(7)
    # Two "under 3" parts summed to "under 3" would say both are 1.
    assert combined_figure([Figure(1, UNDER), Figure(1, UNDER)]) == Figure(2, HIDDEN)
    assert combined_figure([Figure(0), Figure(1, UNDER)]) == Figure(1, UNDER)
    assert combined_figure([Figure(5, HIDDEN)]) == Figure(5, HIDDEN)
    assert combined_figure([Figure(3), Figure(2, UNDER)]) == Figure(5, HIDDEN)
    assert combined_figure([]) == Figure(0)
