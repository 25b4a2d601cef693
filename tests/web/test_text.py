"""Stored text as pages show it: reflowed, Markdown headings and bold, escaped."""
import pytest

from search import Snippet
from web.text import as_html, marked_html, reflow, tidy_snippet

WRAPPED = ("Meneer D. is 84 en woont sinds de dood van zijn vrouw alleen in een rijhuis. De buurvrouw\n"
           "ziet de kranten in de bus blijven steken.")


def test_reflow_joins_wrapped_lines_and_keeps_the_length():
    text = f"## Situatie\n{WRAPPED}\n\nAanwezig: Griet, Tom\nAfwezig: An\n- een punt\n- nog een punt"
    flowed = reflow(text)
    assert len(flowed) == len(text)
    assert "De buurvrouw ziet de kranten" in flowed
    assert "## Situatie\nMeneer" in flowed and "Tom\nAfwezig" in flowed and "punt\n- nog" in flowed


def test_as_html_escapes_and_shows_headings_and_bold():
    html = as_html("# Titel\n<script>alert(1)</script> **vet** en **los")
    assert '<strong class="md-heading">Titel</strong>' in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "<strong>vet</strong> en los" in html


def test_as_html_marks_query_words():
    assert "<mark>kranten</mark>" in as_html(WRAPPED, {"krant"})


def test_tidy_snippet_drops_heading_lines_with_their_marks():
    text = "# Casus: een weduwnaar\n\n## Situatie\nMeneer D. is 84. … ## Aanpak\nWe gingen langs."
    word = text.index("weduwnaar"), text.index("weduwnaar") + 9
    langs = text.index("langs"), text.index("langs") + 5
    assert tidy_snippet(Snippet(text, [word, langs])) == "Meneer D. is 84. … We gingen <mark>langs</mark>."
    assert tidy_snippet(Snippet("# Alleen een titel")) == "Alleen een titel"


def test_marks_are_escaped_text_and_always_paired():
    text = "a < b & <mark>c</mark> \ue000d"
    assert marked_html(Snippet(text, [(0, 1), (9, 15)])) == (
        "<mark>a</mark> &lt; b &amp; &lt;<mark>mark&gt;c</mark>&lt;/mark&gt; \ufffdd")


@pytest.mark.parametrize("spans", [[(5, 2)], [(0, 99)], [(-1, 3)], [(0, 4), (2, 6)]])
def test_crafted_spans_never_break_the_html(spans):
    html = marked_html(Snippet("abcdefgh", spans))
    assert html.count("<mark>") == html.count("</mark>") <= 2
    assert html.replace("<mark>", "").replace("</mark>", "") == "abcdefgh"
