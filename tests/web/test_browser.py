"""The real app in headless Chromium: search in Dutch, open a result and see the
highlighted passage, collect two results in a named session pack and download it as
Markdown. Screenshots of the search and document pages go to the test's tmp dir.

Needs Debian's `chromium` and `chromium-driver`; without them the test skips,
unless PRAKTIJKGEHEUGEN_REQUIRE_BROWSER=1, in which case it fails.
"""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DRIVER = Path("/usr/bin/chromedriver")
# Waits end as soon as their condition holds: this long only when something is broken
# (a busy 2-core machine takes seconds per page, never minutes).
PATIENCE = 120
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,1100")
QUERY = "een weduwnaar die niet meer naar het kaarten in het dienstencentrum komt"
WIDOWER_TITLE = "Casus: een weduwnaar die de deur niet meer uit komt"


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if _chromium() is None:
        return "Chromium is not installed (apt-get install -y chromium chromium-driver)"
    if not DRIVER.is_file():
        return f"chromedriver is not at {DRIVER} (apt-get install -y chromium-driver)"
    return None


@pytest.fixture
def server(store, fake_embedder, tmp_path):
    """The real app under uvicorn on a free port of 127.0.0.1, in a background thread."""
    import uvicorn

    import ingest
    from dutch_docs import write_docs
    from web.app import create_app
    from web.runtime import Runtime

    ingest.ingest_paths(store, fake_embedder, [write_docs(tmp_path / "docs")])
    runtime = Runtime(store.settings, store=store, embedder=fake_embedder)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(runtime, warm_up=False), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + PATIENCE
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=PATIENCE)
    sock.close()


@pytest.fixture
def browser(tmp_path):
    reason = _missing()
    if reason:
        if os.environ.get("PRAKTIJKGEHEUGEN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"PRAKTIJKGEHEUGEN_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _chromium()
    for flag in (*FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"):
        options.add_argument(flag)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    # An explicit driver path: Selenium Manager never runs (nothing is downloaded).
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.implicitly_wait(5)
    yield driver, downloads
    driver.quit()


def _wait_for_file(folder: Path, name: str, seconds: float = PATIENCE) -> Path:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        path = folder / name
        if path.is_file() and not list(folder.glob("*.crdownload")):
            return path
        time.sleep(0.1)
    raise AssertionError(f"{name} was not downloaded; found {[p.name for p in folder.iterdir()]}")


def _wait(driver, condition, seconds: float = PATIENCE):
    """Wait until `condition(driver)` is true; pages are replaced under us after each click,
    and Chromium may then report an element gone, stale or "not belonging to the document"
    (a WebDriverException): each is tried again until the time is up."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    ignored = (WebDriverException,)
    return WebDriverWait(driver, seconds, ignored_exceptions=ignored).until(condition)


def _text(driver, css: str) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, css).text


def _in_view(driver, element) -> bool:
    return driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight;", element)


def test_search_read_and_collect_a_session_pack(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    driver, downloads = browser
    shots = tmp_path / "screenshots"
    shots.mkdir()

    # Search in Dutch, as a member describes a situation.
    driver.get(server + "/")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
    driver.find_element(By.ID, "q").send_keys(QUERY)
    driver.find_element(By.CSS_SELECTOR, ".querybox button[type=submit]").click()
    _wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "article.result")) >= 2)
    assert "Wie heeft hiermee gewerkt?" in _text(driver, "#wie")
    assert _text(driver, "#r1 h3 a") == WIDOWER_TITLE
    assert driver.find_elements(By.CSS_SELECTOR, "#r1 .passage mark")
    driver.save_screenshot(str(shots / "zoeken.png"))

    # Collect the first two results in a session pack (form posts, back to the results):
    # the first click asks for the pack, which is made on the spot and takes the result.
    titles = [_text(driver, "#r1 h3 a")]
    driver.find_element(By.CSS_SELECTOR, "#r1 form.pack button").click()
    _wait(driver, lambda d: "Kies het pakket" in _text(d, "main"))
    driver.find_element(By.ID, "f-naam").send_keys("Sessie 4 – eenzaamheid")
    driver.find_element(By.CSS_SELECTOR, "form.upload button[type=submit]").click()
    _wait(driver, lambda d: d.current_url.endswith("#r1") and "In pakket" in _text(d, "#r1"))
    for n in (2,):
        titles.append(_text(driver, f"#r{n} h3 a"))
        driver.find_element(By.CSS_SELECTOR, f"#r{n} form.pack button").click()
        _wait(driver, lambda d: d.current_url.endswith(f"#r{n}") and "In pakket" in _text(d, f"#r{n}"))
    assert "(2" in _text(driver, 'nav a[href="/pakket"]')

    # Open the first result: its passage is highlighted and scrolled into view.
    driver.find_element(By.CSS_SELECTOR, "#r1 h3 a").click()
    _wait(driver, lambda d: _text(d, "h1") == WIDOWER_TITLE)
    chosen = driver.find_element(By.CSS_SELECTOR, "mark.chosen")
    assert chosen.is_displayed() and chosen.text.strip()
    _wait(driver, lambda d: _in_view(d, chosen))
    assert driver.execute_script("return getComputedStyle(arguments[0]).backgroundColor", chosen) != "rgba(0, 0, 0, 0)"
    driver.save_screenshot(str(shots / "document.png"))
    driver.find_element(By.PARTIAL_LINK_TEXT, "terug naar de resultaten").click()
    _wait(driver, lambda d: d.find_element(By.ID, "q").get_attribute("value") == QUERY)

    # The pack page lists both; the Markdown download holds both sources.
    driver.get(server + "/pakket")
    listed = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".pack-item h2")]
    assert listed == titles
    driver.save_screenshot(str(shots / "pakket.png"))
    driver.find_element(By.PARTIAL_LINK_TEXT, "Download als Markdown").click()
    markdown = _wait_for_file(downloads, "Sessie-4-eenzaamheid.md").read_text("utf-8")
    for number, title in enumerate(titles, start=1):
        assert f"## {number}. {title}" in markdown
    assert "Griet Declercq (LDC De Kring)" in markdown and f"{server}/documenten/" in markdown
