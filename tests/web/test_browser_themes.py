"""The Thema's page in headless Chromium: the server-drawn chart is shown (and
saved as a screenshot under the test's tmp dir), and a cell's link leads to the
passages of that theme in that period, each with a working source link.

Needs Debian's `chromium` and `chromium-driver`; without them the test skips,
unless PRAKTIJKGEHEUGEN_REQUIRE_BROWSER=1, in which case it fails.
"""
from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from test_browser import _text, _wait, browser, server  # noqa: F401  (shared Chromium and uvicorn fixtures)

import search.themes as themes
from theme_docs import DOCS, HEAT, NEW, NEW_THEME, write

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture
def themed(store, fake_embedder, tmp_path):
    """The theme documents, in the store before the shared `server` fixture starts
    the app over it (which adds the general test documents)."""
    import ingest

    assert not ingest.ingest_paths(store, fake_embedder, [write(tmp_path / "themes", {**DOCS, **HEAT})]).failed


def test_chart_and_a_cell_leading_to_its_passages(themed, browser, server, store, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By

    driver, _ = browser
    shots = tmp_path / "screenshots"
    shots.mkdir()
    driver.get(server + "/themas")   # starts the background tagging run
    themes.wait_for_tagging(store)
    driver.refresh()
    _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".theme-chart img"))
    chart = driver.find_element(By.CSS_SELECTOR, ".theme-chart img")
    _wait(driver, lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", chart) > 0)
    assert chart.size["width"] > 200 and chart.size["height"] > 100
    driver.save_screenshot(str(shots / "themas.png"))
    chart.screenshot(str(shots / "grafiek.png"))
    assert (shots / "grafiek.png").stat().st_size > 2000

    # The cell of the theme planted only in the second cycle: marked new, and its link.
    row = driver.find_element(By.XPATH, f"//tr[th/a[normalize-space()='{NEW_THEME}']]")
    assert "nieuw" in row.find_element(By.CSS_SELECTOR, ".trend").text
    cell = row.find_element(By.CSS_SELECTOR, "a.cell")
    count = int(cell.text.split()[0])
    href = cell.get_attribute("href")
    assert parse_qs(urlsplit(href).query)["periode"] == [NEW] and unquote(urlsplit(href).path) == f"/themas/{NEW_THEME}"
    cell.click()
    _wait(driver, lambda d: NEW_THEME in _text(d, "h1"))
    quotes = driver.find_elements(By.CSS_SELECTOR, "article.quote")
    assert quotes and {q.get_attribute("data-cycle") for q in quotes} == {NEW}
    sources = {q.find_element(By.CSS_SELECTOR, "h3 a").get_attribute("href") for q in quotes}
    assert len({urlsplit(s).path for s in sources}) == count
    assert any("/documenten/noord/2023-2024/digitaal.md" in s for s in sources)
    driver.save_screenshot(str(shots / "thema.png"))

    # A source link opens the document with that passage highlighted.
    quotes[0].find_element(By.CSS_SELECTOR, "h3 a").click()
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "mark.chosen"))
    assert driver.find_element(By.CSS_SELECTOR, "mark.chosen").text.strip()
