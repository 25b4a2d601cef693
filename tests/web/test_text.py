"""Stored text as pages show it: reflowed, Markdown headings and bold, escaped."""
from web.text import as_html, reflow, tidy_snippet

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


def test_tidy_snippet_drops_heading_lines():
    snippet = "# Casus: een <mark>weduwnaar</mark>\n\n## Situatie\nMeneer D. is 84. … ## Aanpak\nWe gingen langs."
    assert tidy_snippet(snippet) == "Meneer D. is 84. … We gingen langs."
    assert tidy_snippet("# Alleen een titel") == "Alleen een titel"
