"""A moderator's work in headless Chromium (issue 18): a moderator builds a named
pack, orders and annotates it and logs out; a co-moderator of the same group logs
in, opens the pack and downloads it as .docx. A moderator corrects a document's
cycle and authors on its page and sees the history.

Needs Debian's `chromium` and `chromium-driver`; without them the test skips,
unless PRAKTIJKGEHEUGEN_REQUIRE_BROWSER=1, in which case it fails.
"""
from __future__ import annotations

import io

import pytest
from test_browser import QUERY, _text, _wait, _wait_for_file, browser, server  # noqa: F401  (shared fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NORTH = "PG Noord"
MODERATORS = ("marieke", "youssef")


def password(name: str) -> str:
    return f"wachtwoord van {name}"


@pytest.fixture
def accounts(store):
    """Two moderators of PG Noord, made before the `server` fixture starts the app
    (so it runs with accounts, not in local mode)."""
    store.accounts.add_community(NORTH, "closed")
    for name in MODERATORS:
        store.accounts.add_user(name, password(name))
        store.accounts.grant(name, NORTH, "moderator")


def log_in(driver, base: str, name: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(base + "/inloggen")
    driver.find_element(By.ID, "f-naam").send_keys(name)
    driver.find_element(By.ID, "f-wachtwoord").send_keys(password(name))
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    _wait(driver, lambda d: f"Ingelogd als {name}" in _text(d, "header"))


def log_out(driver) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, "form.account button").click()
    _wait(driver, lambda d: "/inloggen" in d.current_url)


def test_a_moderator_builds_a_pack_and_a_co_moderator_exports_it(accounts, browser, server, tmp_path):  # noqa: F811
    from docx import Document as Word
    from selenium.webdriver.common.by import By

    driver, downloads = browser
    log_in(driver, server, "marieke")

    # A named pack for the group, then two results of a search into it.
    driver.get(server + "/pakketten")
    driver.find_element(By.ID, "f-naam").send_keys("Sessie 4 – eenzaamheid")
    driver.find_element(By.CSS_SELECTOR, "form.upload button[type=submit]").click()
    _wait(driver, lambda d: _text(d, "h1") == "Sessie 4 – eenzaamheid")
    driver.get(server + "/?q=" + QUERY.replace(" ", "+"))
    _wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, "article.result")) >= 2)
    titles = []
    for n in (1, 2):
        titles.append(_text(driver, f"#r{n} h3 a"))
        driver.find_element(By.CSS_SELECTOR, f"#r{n} form.pack button").click()
        _wait(driver, lambda d: d.current_url.endswith(f"#r{n}") and "In pakket" in _text(d, f"#r{n}"))

    # On the pack page: the second source moved up, a note for the session.
    driver.find_element(By.CSS_SELECTOR, 'nav a[href="/pakket"]').click()
    _wait(driver, lambda d: [e.text for e in d.find_elements(By.CSS_SELECTOR, ".pack-item h2")] == titles)
    driver.find_elements(By.CSS_SELECTOR, ".pack-item")[1].find_element(
        By.XPATH, ".//button[contains(., 'Omhoog')]").click()
    _wait(driver, lambda d: [e.text for e in d.find_elements(By.CSS_SELECTOR, ".pack-item h2")] == titles[::-1])
    first = driver.find_elements(By.CSS_SELECTOR, ".pack-item")[0]
    first.find_element(By.TAG_NAME, "textarea").send_keys("Start hiermee: wat deed de buurt?")
    first.find_element(By.XPATH, ".//button[contains(., 'Notitie bewaren')]").click()
    _wait(driver, lambda d: "Start hiermee: wat deed de buurt?" in _text(d, ".pack-item .pack-note"))
    pack_url = driver.current_url.split("#")[0]
    driver.save_screenshot(str(tmp_path / "pakket-marieke.png"))
    log_out(driver)

    # The co-moderator finds the pack among the group's packs and downloads it as Word.
    log_in(driver, server, "youssef")
    driver.get(server + "/pakketten")
    driver.find_element(By.LINK_TEXT, "Sessie 4 – eenzaamheid").click()
    _wait(driver, lambda d: d.current_url.split("#")[0] == pack_url)
    assert [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".pack-item h2")] == titles[::-1]
    assert "gemaakt door marieke" in _text(driver, ".lead")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Download als Word").click()
    word = Word(io.BytesIO(_wait_for_file(downloads, "Sessie-4-eenzaamheid.docx").read_bytes()))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{n}. {title}" for n, title in enumerate(titles[::-1], start=1)]
    assert "Notitie: Start hiermee: wat deed de buurt?" in [p.text for p in word.paragraphs]


def test_a_moderator_corrects_cycle_and_authors_and_sees_the_history(accounts, browser, server, tmp_path):  # noqa: F811
    from selenium.webdriver.common.by import By

    from dutch_docs import WIDOWER

    driver, _ = browser
    log_in(driver, server, "marieke")
    driver.get(f"{server}/documenten/{WIDOWER}")
    assert "cyclus 2022-2023" in _text(driver, "article .source")
    driver.find_element(By.CSS_SELECTOR, "#gegevens summary").click()
    cycle = driver.find_element(By.ID, "g-cycle")
    cycle.clear()
    cycle.send_keys("2023-2024")
    authors = driver.find_element(By.ID, "g-authors")
    authors.send_keys("\nSien Maes (OCMW Gent), reflectie")
    driver.find_element(By.XPATH, "//button[contains(., 'Gegevens bewaren')]").click()
    _wait(driver, lambda d: d.current_url.endswith("#geschiedenis") and d.find_elements(By.ID, "geschiedenis"))
    history = _text(driver, "#geschiedenis")
    assert "marieke" in history and "cyclus 2022-2023 → 2023-2024" in history and "mensen en rollen gewijzigd" in history
    source = _text(driver, "article .source")
    assert "cyclus 2023-2024" in source and "Sien Maes" in source
    driver.save_screenshot(str(tmp_path / "gegevens.png"))

    # A wrong value is refused at its field, and nothing else is lost.
    driver.find_element(By.CSS_SELECTOR, "#gegevens summary").click()
    cycle = driver.find_element(By.ID, "g-cycle")
    cycle.clear()
    cycle.send_keys("volgend jaar")
    driver.find_element(By.XPATH, "//button[contains(., 'Gegevens bewaren')]").click()
    _wait(driver, lambda d: "Schrijf de cyclus als een werkjaar" in _text(d, "main"))
    assert driver.find_element(By.ID, "g-cycle").get_attribute("value") == "volgend jaar"
    driver.get(f"{server}/documenten/{WIDOWER}")
    assert "cyclus 2023-2024" in _text(driver, "article .source")
