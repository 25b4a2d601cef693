"""The Dutch user guide (docs/handleiding.md), step by step in headless Chromium: a
member logs in, searches, filters, reads a result and finds whom to ask; a moderator
fills in her contact consent and a token, uploads a report and a case, replaces a
missed client name, corrects the metadata, builds and downloads a session pack and
opens the themes. Each step asserts what the guide says it shows.

The guide's screenshots (docs/img/handleiding/) are taken here, and written only when
PRAKTIJKGEHEUGEN_SCREENSHOTS=1 (`make screenshots`): a normal run changes no tracked
file. No screenshot shows a client's name: the upload report that lists replaced names
and the form with the missed name typed in are asserted, not photographed.

Needs Debian's `chromium` and `chromium-driver`; without them the test skips,
unless PRAKTIJKGEHEUGEN_REQUIRE_BROWSER=1, in which case it fails.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_browser import QUERY, WIDOWER_TITLE, _text, _wait, _wait_for_file, browser, server  # noqa: F401

import models
import search.themes as themes
from theme_docs import DOCS as THEME_DOCS
from theme_docs import NEW_THEME, write

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "img" / "handleiding"
# A modest window keeps the PNGs small and the text readable in the guide.
WINDOW = (1000, 760)
NORTH, SOUTH = "PG Noord", "Wijkteam Zuid"
MODERATOR, MEMBER = "Griet Declercq", "Tom Wouters"   # as they are named in the reports
EMAIL = "griet.declercq@ldc-dekring.example"
PACK = "Sessie 5 – alleen thuis"

REPORT = """---
title: "Sessie 5: buurtzorg en vrijwilligers"
type: sessieverslag
community: "PG Noord"
cycle: "2023-2024"
session: 5
date: 2024-03-12
authors:
  - name: "Tom Wouters"
    organisation: "WZC Ter Beke"
    role: verslag
themes: ["vrijwilligers"]
---
# Sessie 5: buurtzorg en vrijwilligers

We bespraken hoe vrijwilligers van het buurtrestaurant bewoners die alleen wonen op het spoor
komen. Tom vertelde over de wandelgroep die op dinsdag vertrekt aan het woonzorgcentrum.
"""
# Two client names the pseudonymiser catches (after a form of address), one it misses
# (a nickname without one): the guide's correction step replaces that one.
CASE = ("Casus. Mevrouw Verhaegen (83) woont sinds de val alleen. Zeepje en Fonske van hiernaast "
        "doen de boodschappen. Mevrouw Verhaegen wil niet naar het dagcentrum.\n")
MISSED = "Fonske"


def shoot(driver, name: str, element=None) -> None:
    """Write docs/img/handleiding/NAME.png, only when asked (make screenshots); as a
    palette PNG, which is about a third of the size of Chromium's for these pages."""
    if os.environ.get("PRAKTIJKGEHEUGEN_SCREENSHOTS") != "1":
        return
    from PIL import Image

    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    if element is not None:
        element.screenshot(str(path))
    else:
        driver.save_screenshot(str(path))
    Image.open(path).convert("RGB").quantize(colors=256).save(path, optimize=True)


def password(name: str) -> str:
    return f"wachtwoord van {name}"


@pytest.fixture
def network(store, fake_embedder, tmp_path):
    """Two groups (PG Noord closed, Wijkteam Zuid shared with the network), a moderator
    and a member of PG Noord, and the themes' documents: all in the store before the
    shared `server` fixture starts the app over it (and adds the test documents)."""
    import ingest

    store.accounts.add_community(NORTH, "closed")
    store.accounts.add_community(SOUTH, "shared")
    for name, role in ((MODERATOR, "moderator"), (MEMBER, "lid")):
        store.accounts.add_user(name, password(name))
        store.accounts.grant(name, NORTH, role)
    assert not ingest.ingest_paths(store, fake_embedder, [write(tmp_path / "themes", THEME_DOCS)]).failed
    if models.deidentifier_available():
        models.get_deidentifier()   # loaded here, not during a wait for the first upload


@pytest.fixture
def window(browser):  # noqa: F811
    driver, downloads = browser
    driver.set_window_size(*WINDOW)
    return driver, downloads


def log_in(driver, base: str, name: str, shot: str | None = None) -> None:
    from selenium.webdriver.common.by import By

    driver.get(base + "/inloggen")
    _wait(driver, lambda d: _text(d, "h1") == "Inloggen")
    driver.find_element(By.ID, "f-naam").send_keys(name)
    driver.find_element(By.ID, "f-wachtwoord").send_keys(password(name))
    if shot:
        shoot(driver, shot)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    _wait(driver, lambda d: f"Ingelogd als {name}" in _text(d, "header"))


def log_out(driver) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, "form.account button").click()
    _wait(driver, lambda d: "/inloggen" in d.current_url)


def menu(driver) -> list[str]:
    from selenium.webdriver.common.by import By

    return [a.text.split(" (")[0] for a in driver.find_elements(By.CSS_SELECTOR, "header nav a")]


def search(driver, base: str, query: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(base + "/")
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(query)
    driver.find_element(By.CSS_SELECTOR, ".querybox button[type=submit]").click()
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "article.result"))


def test_a_member_searches_filters_reads_a_source_and_finds_whom_to_ask(network, window, server):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver, _ = window
    # Inloggen: a member sees search and browse, not upload, packs or themes.
    log_in(driver, server, MEMBER, shot="inloggen")
    assert menu(driver) == ["Zoeken", "Bladeren"]

    # Zoeken: the widower's case first, its passage marked, and who worked on it.
    search(driver, server, QUERY)
    assert _text(driver, "#r1 h3 a") == WIDOWER_TITLE
    assert driver.find_elements(By.CSS_SELECTOR, "#r1 .passage mark")
    assert "Griet Declercq" in _text(driver, "#r1 .source") and "cyclus 2022-2023" in _text(driver, "#r1 .source")
    people = _text(driver, "section.people")
    assert "Wie heeft hiermee gewerkt?" in people and "Griet Declercq" in people
    shoot(driver, "zoeken")

    # Filters: only cases; the filter is shown as a chip that removes it.
    driver.find_element(By.CSS_SELECTOR, "details.filters summary").click()
    Select(driver.find_element(By.ID, "f-type")).select_by_visible_text("Casus")
    driver.find_element(By.XPATH, "//button[normalize-space()='Filters toepassen']").click()
    _wait(driver, lambda d: "type=casus" in d.current_url and d.find_elements(By.CSS_SELECTOR, "nav.active-filters"))
    assert "Casus" in _text(driver, "nav.active-filters")
    kinds = {e.text for e in driver.find_elements(By.CSS_SELECTOR, "article.result .source .type")}
    assert kinds == {"Casus"}
    assert "(1 actief)" in _text(driver, "details.filters summary")
    shoot(driver, "filters")

    # Een resultaat lezen: the document with the found passage marked, and its source.
    driver.find_element(By.CSS_SELECTOR, "#r1 h3 a").click()
    _wait(driver, lambda d: _text(d, "h1") == WIDOWER_TITLE)
    assert driver.find_element(By.CSS_SELECTOR, "mark.chosen").text.strip()
    source = _text(driver, "article .source")
    assert "Griet Declercq (LDC De Kring)" in source and "PG Noord" in source and "sessie 2" in source
    assert "eenzaamheid en isolement" in _text(driver, "p.themes")
    assert _text(driver, "#verwant").startswith("Verwante casussen en verslagen")
    shoot(driver, "document")

    # Wie nog?: her page says she shared no address, and names the group's moderator.
    driver.find_element(By.PARTIAL_LINK_TEXT, "terug naar de resultaten").click()
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "section.people"))
    driver.find_element(By.XPATH, "//section[@class='people']//a[@class='author'][normalize-space()='Griet Declercq']").click()
    _wait(driver, lambda d: _text(d, "h1") == MODERATOR)
    contact = _text(driver, "section[aria-labelledby=contact]")
    assert "heeft geen e-mailadres gedeeld" in contact and f"{NORTH}: {MODERATOR}" in contact
    assert WIDOWER_TITLE in _text(driver, "main")


@pytest.mark.deduce
def test_a_moderator_uploads_corrects_packs_and_opens_the_themes(network, window, server, store):  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver, downloads = window
    log_in(driver, server, MODERATOR)
    assert menu(driver) == ["Zoeken", "Bladeren", "Upload", "Thema's", "Pakket"]

    # Mijn account: contact consent with an address, and a personal API token.
    driver.find_element(By.LINK_TEXT, "Mijn account").click()
    _wait(driver, lambda d: _text(d, "h1") == "Mijn account")
    assert "moderator in PG Noord" in _text(driver, "main")
    driver.find_element(By.ID, "f-organisatie").send_keys("LDC De Kring")
    driver.find_element(By.ID, "f-email").send_keys(EMAIL)
    driver.find_element(By.NAME, "contact").click()
    driver.find_element(By.XPATH, "//button[normalize-space()='Bewaren']").click()
    _wait(driver, lambda d: "melding=profiel" in d.current_url and d.find_elements(By.CSS_SELECTOR, "p.notice"))
    assert driver.find_element(By.NAME, "contact").is_selected()
    driver.find_element(By.ID, "f-label").send_keys("laptop")
    driver.find_element(By.XPATH, "//button[normalize-space()='Token maken']").click()
    _wait(driver, lambda d: d.find_elements(By.ID, "nieuw-token"))
    assert len(driver.find_element(By.ID, "nieuw-token").get_attribute("value")) >= 20
    assert "laptop" in _text(driver, "table.report") and "tot u het intrekt" in _text(driver, "table.report")
    shoot(driver, "account")

    # Uploaden: a report with front matter (nothing to replace) ...
    folder = downloads.parent / "upload"
    folder.mkdir()
    (folder / "sessie-5-buurtzorg.md").write_text(REPORT, encoding="utf-8")
    (folder / "casus-alleen-thuis.txt").write_text(CASE, encoding="utf-8")
    driver.find_element(By.LINK_TEXT, "Upload").click()
    _wait(driver, lambda d: _text(d, "h1") == "Documenten uploaden")
    driver.find_element(By.ID, "f-files").send_keys(str(folder / "sessie-5-buurtzorg.md"))
    assert driver.find_element(By.ID, "f-community").get_attribute("value") == NORTH   # her one group
    shoot(driver, "upload")
    driver.find_element(By.XPATH, "//button[normalize-space()='Uploaden en verwerken']").click()
    _wait(driver, lambda d: _text(d, "h1") == "Upload verwerkt")
    row = _text(driver, "table.report tbody")
    assert "1 toegevoegd" in _text(driver, "p.lead")
    assert "sessie-5-buurtzorg.md" in row and "0 cliëntnamen vervangen" in row and "Behouden: Tom (lid)" in row
    shoot(driver, "upload-verwerkt")

    # ... and a case without front matter, described in the form: two names replaced.
    driver.find_element(By.LINK_TEXT, "Nog meer uploaden").click()
    _wait(driver, lambda d: _text(d, "h1") == "Documenten uploaden")
    driver.find_element(By.ID, "f-files").send_keys(str(folder / "casus-alleen-thuis.txt"))
    assert driver.find_element(By.ID, "f-community").get_attribute("value") == NORTH
    driver.find_element(By.ID, "f-cycle").send_keys("2023-2024")
    Select(driver.find_element(By.ID, "f-type")).select_by_visible_text("Casus")
    driver.find_element(By.ID, "f-authors").send_keys("Griet Declercq (LDC De Kring), inbreng")
    driver.find_element(By.XPATH, "//button[normalize-space()='Uploaden en verwerken']").click()
    _wait(driver, lambda d: _text(d, "h1") == "Upload verwerkt")
    row = _text(driver, "table.report tbody")
    assert "2 cliëntnamen vervangen door initialen" in row and "Mevrouw Verhaegen → Mevrouw V." in row

    # Een gemiste naam vervangen, on the document's page.
    driver.find_element(By.PARTIAL_LINK_TEXT, "Bekijk").click()
    _wait(driver, lambda d: "casus-alleen-thuis.txt" in d.current_url and d.find_elements(By.CSS_SELECTOR, ".doctext"))
    text = _text(driver, ".doctext")
    assert "Mevrouw V." in text and "Verhaegen" not in text and MISSED in text
    assert "In deze tekst staan 2 initialen" in _text(driver, "section.moderation")
    driver.find_element(By.ID, "f-namen").send_keys(MISSED)
    driver.find_element(By.XPATH, "//button[normalize-space()='Naam vervangen']").click()
    _wait(driver, lambda d: _text(d, "h1") == "Naam vervangen")
    assert "1 document is opnieuw gepseudonimiseerd (1 vermelding vervangen)" in " ".join(_text(driver, "main").split())
    assert MISSED not in _text(driver, "main")
    shoot(driver, "naam-vervangen")
    driver.find_element(By.LINK_TEXT, "Terug naar het document").click()
    _wait(driver, lambda d: "In deze tekst staan 3 initialen" in _text(d, "section.moderation"))
    assert MISSED not in _text(driver, ".doctext") and "F. van hiernaast" in _text(driver, ".doctext")

    # Gegevens verbeteren: a title, the session number; the history says who changed what.
    driver.find_element(By.CSS_SELECTOR, "#gegevens summary").click()
    title = driver.find_element(By.ID, "g-title")
    title.clear()
    title.send_keys("Casus: alleen thuis na een val")
    driver.find_element(By.ID, "g-session").send_keys("5")
    shoot(driver, "gegevens-verbeteren", element=driver.find_element(By.ID, "gegevens"))
    driver.find_element(By.XPATH, "//button[normalize-space()='Gegevens bewaren']").click()
    _wait(driver, lambda d: d.current_url.endswith("#geschiedenis") and d.find_elements(By.ID, "geschiedenis"))
    history = _text(driver, "#geschiedenis")
    assert MODERATOR in history and "sessie onbekend → 5" in history and "titel gewijzigd" in history
    assert _text(driver, "h1") == "Casus: alleen thuis na een val" and "sessie 5" in _text(driver, "article .source")
    shoot(driver, "geschiedenis", element=driver.find_element(By.ID, "geschiedenis"))

    # Sessiepakket: a named pack, two results in it, a note, the Markdown download.
    driver.get(server + "/pakketten")
    driver.find_element(By.ID, "f-naam").send_keys(PACK)
    driver.find_element(By.CSS_SELECTOR, "form.upload button[type=submit]").click()
    _wait(driver, lambda d: _text(d, "h1") == PACK)
    search(driver, server, QUERY)
    titles = []
    for n in (1, 2):
        titles.append(_text(driver, f"#r{n} h3 a"))
        driver.find_element(By.CSS_SELECTOR, f"#r{n} form.pack button").click()
        _wait(driver, lambda d: d.current_url.endswith(f"#r{n}") and "In pakket" in _text(d, f"#r{n}"))
    assert "(2" in _text(driver, 'nav a[href="/pakket"]')
    driver.find_element(By.CSS_SELECTOR, 'nav a[href="/pakket"]').click()
    _wait(driver, lambda d: [e.text for e in d.find_elements(By.CSS_SELECTOR, ".pack-item h2")] == titles)
    first = driver.find_elements(By.CSS_SELECTOR, ".pack-item")[0]
    first.find_element(By.TAG_NAME, "textarea").send_keys("Wat deed de buurt? Wie kende hem?")
    first.find_element(By.XPATH, ".//button[contains(., 'Notitie bewaren')]").click()
    _wait(driver, lambda d: "Wat deed de buurt?" in _text(d, ".pack-item .pack-note"))
    driver.execute_script("window.scrollTo(0, 0)")
    shoot(driver, "pakket")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Download als Markdown").click()
    markdown = _wait_for_file(downloads, "Sessie-5-alleen-thuis.md").read_text("utf-8")
    assert f"## 1. {titles[0]}" in markdown and f"## 2. {titles[1]}" in markdown
    assert "Wat deed de buurt? Wie kende hem?" in markdown

    # Thema's: the matrix over the cycles, a theme new in the last one, and its passages.
    driver.find_element(By.LINK_TEXT, "Thema's").click()
    _wait(driver, lambda d: _text(d, "h1").startswith("Thema's"))   # served: the tagging run has started
    themes.wait_for_tagging(store)
    driver.refresh()
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "table.theme-matrix"))
    row = driver.find_element(By.XPATH, f"//section[h2='{NORTH}']//tr[th/a[normalize-space()='{NEW_THEME}']]")
    assert "nieuw" in row.find_element(By.CSS_SELECTOR, ".trend").text
    shoot(driver, "themas")
    row.find_element(By.CSS_SELECTOR, "th a").click()
    _wait(driver, lambda d: NEW_THEME in _text(d, "h1"))
    quotes = driver.find_elements(By.CSS_SELECTOR, "article.quote")
    assert quotes and all(q.find_element(By.CSS_SELECTOR, "h3 a").get_attribute("href") for q in quotes)
    shoot(driver, "thema")
    log_out(driver)

    # Wie nog?, seen by a member now that she agreed to be contacted: her address.
    log_in(driver, server, MEMBER)
    search(driver, server, QUERY)
    driver.find_element(By.XPATH, "//section[@class='people']//a[@class='author'][normalize-space()='Griet Declercq']").click()
    _wait(driver, lambda d: _text(d, "h1") == MODERATOR)
    contact = driver.find_element(By.CSS_SELECTOR, f"section[aria-labelledby=contact] a[href='mailto:{EMAIL}']")
    assert contact.text == EMAIL and "wil graag gecontacteerd worden" in _text(driver, "section[aria-labelledby=contact]")
    shoot(driver, "wie-nog")
