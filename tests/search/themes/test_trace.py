"""Tracing themes across cycles and sessions: counts, trends, the passages behind a cell."""
import datetime as dt

import pytest

import search.themes as themes
from search.themes._trace import ThemeRow, running_cycles, trend
from store import Filters
from theme_docs import (
    FADING_THEME,
    NEW,
    NEW_THEME,
    NORTH,
    OLD,
    RECURRING_THEME,
    SOUTH,
    SOUTH_THEME,
    tag_by_front_matter,
)

PERIODS = ["2021-2022", "2022-2023", "2023-2024"]


@pytest.mark.parametrize("present, expected", [
    ((1, 1, 1), themes.RECURRING), ((0, 0, 2), themes.NEW), ((3, 1, 0), themes.FADING),
    ((1, 0, 1), themes.RECURRING), ((0, 0, 0), ""),
])
def test_trend_over_the_periods_in_view(present, expected):
    row = ThemeRow("x", {p: n for p, n in zip(PERIODS, present) if n}, {})
    assert trend(row, PERIODS) == expected


def test_a_single_period_gives_no_trend():
    """One cycle has no before and after: no trend (it was 'eenmalig', which read as a finding)."""
    assert trend(ThemeRow("x", {"2023-2024": 2}, {}), ["2023-2024"]) == ""


def test_a_trend_is_judged_only_on_groups_with_a_before_and_an_after():
    """A group whose only cycle was the earlier one (it stopped) made the themes only it
    wrote about 'verdwijnend' in the pooled view, and a group that began in the latest
    made its themes 'nieuw'. They keep their counts; the trend rests on the groups with
    documents in the latest complete cycle and an earlier one, and says so."""
    from search.themes._trace import _matrix

    counts = [("A", "eenzaamheid", OLD, 2, 3), ("A", "eenzaamheid", NEW, 1, 1),
              ("A", "heropstart", OLD, 1, 1),                                   # A: fading, before and after
              ("Gestopt", "valpreventie", OLD, 2, 2), ("Gestopt", "eenzaamheid", OLD, 1, 1),
              ("Begonnen", "hitteplan", NEW, 1, 2)]
    sizes = [("A", OLD, 3, "2023-06-01"), ("A", NEW, 2, "2024-06-01"),
             ("Gestopt", OLD, 2, "2023-05-01"), ("Begonnen", NEW, 1, "2024-03-01")]
    matrix = _matrix(counts, sizes, "cycle")
    rows = {row.theme: row for row in matrix.rows}
    assert rows["valpreventie"].cells == {OLD: 2} and rows["valpreventie"].trend == ""
    assert rows["hitteplan"].cells == {NEW: 1} and rows["hitteplan"].trend == ""
    assert rows["heropstart"].trend == themes.FADING and rows["eenzaamheid"].trend == themes.RECURRING
    assert matrix.sizes == {OLD: 5, NEW: 3}   # the shares still count every group's documents
    assert matrix.basis.periods == [OLD, NEW] and matrix.basis.communities == ["A"]
    assert matrix.basis.left_out == {"Begonnen": [NEW], "Gestopt": [OLD]}
    assert matrix.as_dict()["trend_basis"] == {
        "periods": [OLD, NEW], "communities": ["A"],
        "left_out": [{"community": "Begonnen", "periods": [NEW]}, {"community": "Gestopt", "periods": [OLD]}]}
    alone = _matrix([r for r in counts if r[0] == "Gestopt"], [r for r in sizes if r[0] == "Gestopt"], "cycle")
    assert {row.trend for row in alone.rows} == {""} and not alone.basis.judged and alone.basis.periods == [OLD]
    apart = _matrix([r for r in counts if r[0] != "A"], [r for r in sizes if r[0] != "A"], "cycle")
    assert {row.trend for row in apart.rows} == {""} and apart.basis.communities == []


def test_matrix_marks_new_fading_and_recurring(theme_store):
    tag_by_front_matter(theme_store)
    matrix = themes.theme_matrix(theme_store, Filters(communities=(NORTH,)))
    rows = {row.theme: row for row in matrix.rows}
    assert matrix.periods == [OLD, NEW]
    assert rows[FADING_THEME].trend == themes.FADING and rows[FADING_THEME].cells == {OLD: 1}
    assert rows[NEW_THEME].trend == themes.NEW and rows[NEW_THEME].cells == {NEW: 1}
    assert rows[RECURRING_THEME].trend == themes.RECURRING and rows[RECURRING_THEME].cells == {OLD: 1, NEW: 1}
    assert SOUTH_THEME not in rows


def test_per_session_within_a_cycle(theme_store):
    tag_by_front_matter(theme_store)
    matrix = themes.theme_matrix(theme_store, Filters(communities=(NORTH,), cycles=(NEW,)), by="session")
    assert matrix.periods[:2] == [f"{NEW} #01", f"{NEW} #02"]
    rows = {row.theme: row for row in matrix.rows}
    assert rows[NEW_THEME].cells == {f"{NEW} #01": 1} and rows[RECURRING_THEME].cells == {f"{NEW} #02": 1}


def test_the_passages_behind_a_cell_are_that_theme_in_that_period(theme_store):
    tag_by_front_matter(theme_store)
    hits = themes.quotes(theme_store, Filters(), RECURRING_THEME, OLD)
    assert [(h.doc_id, h.cycle) for h in hits] == [("noord/2022-2023/alleen.md", OLD)]
    session = themes.quotes(theme_store, Filters(), RECURRING_THEME, f"{NEW} #02")
    assert [h.doc_id for h in session] == ["noord/2023-2024/zondag.md"]
    assert hits[0].authors and hits[0].passages[0].text


def test_counts_and_quotes_stay_inside_the_filters(theme_store):
    tag_by_front_matter(theme_store)
    south = Filters(communities=(SOUTH,))
    assert [row.theme for row in themes.theme_matrix(theme_store, south).rows] == [SOUTH_THEME]
    assert themes.quotes(theme_store, south, RECURRING_THEME) == []


def test_a_communitys_latest_cycle_runs_while_smaller_than_the_one_before_or_recent():
    today = dt.date(2025, 3, 1)
    sizes = [("A", "2023-2024", 6, "2024-06-01"), ("A", "2024-2025", 2, "2024-11-01"),   # fewer, 2025: running
             ("B", "2022-2023", 3, "2023-06-01"), ("B", "2023-2024", 4, "2024-06-01"),   # complete
             ("C", "2025-2026", 9, "2025-02-10"),                                       # recent: running
             ("D", "2021-2022", 1, None)]                                               # old, alone: complete
    assert running_cycles(sizes, today) == {"2024-2025", "2025-2026"}
    assert running_cycles([r for r in sizes if r[0] in "BD"], today) == set()
    assert running_cycles([("E", "2024-2025", 2, "2025-13-45")], today) == set()   # a bad date is not recent


def test_a_smaller_cycle_whose_year_has_passed_is_complete():
    """The demo corpus's last cycles (2023-2024) are smaller than the ones before; in 2026
    they are over, not running (they were marked lopend and hid every new theme)."""
    sizes = [("F", "2022-2023", 6, "2023-06-01"), ("F", "2023-2024", 2, "2024-03-01")]
    assert running_cycles(sizes, dt.date(2026, 12, 4)) == set()
    assert running_cycles(sizes, dt.date(2024, 10, 1)) == {"2023-2024"}   # its year not yet over
    assert running_cycles([("G", "2022-2023", 6, None), ("G", "najaar", 2, None)], dt.date(2030, 1, 1)) == {"najaar"}
