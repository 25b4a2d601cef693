"""Small Dutch documents for the themes tests, written for them: two communities
over two cycles with front-matter themes (one theme only in the first cycle, one
only in the second), and a few reports about heat waves, a theme the default
vocabulary deliberately lacks, for discovery. The `theme_store` fixture that
holds them is in tests/conftest.py."""
from __future__ import annotations

from pathlib import Path

NORTH, SOUTH = "PG Noord", "Wijkteam Zuid"
OLD, NEW = "2022-2023", "2023-2024"
FADING_THEME, NEW_THEME, RECURRING_THEME = "heropstart na corona", "digitale inclusie", "eenzaamheid en isolement"
SOUTH_THEME = "armoede"   # only in the closed Wijkteam Zuid


def _doc(title: str, community: str, cycle: str, session: int, date: str, author: str,
         themes: list[str], body: str) -> str:
    listed = ", ".join(f'"{t}"' for t in themes)
    return f"""---
title: "{title}"
type: sessieverslag
community: "{community}"
cycle: "{cycle}"
session: {session}
date: {date}
authors:
  - name: "{author}"
    organisation: "LDC De Kring"
themes: [{listed}]
---
# {title}

{body}
"""


DOCS = {
    "noord/2022-2023/heropstart.md": _doc(
        "Sessie 1: opnieuw beginnen na de lockdowns", NORTH, OLD, 1, "2022-09-20", "Griet Declercq",
        [FADING_THEME],
        "Na twee jaar corona en lockdowns gaat het dienstencentrum weer open. De kaartnamiddag trekt nog maar"
        " de helft van de vaste bezoekers. Sommigen zijn nooit meer teruggekomen sinds de pandemie. We kiezen"
        " ervoor om klein te herstarten, met een open koffiemoment."),
    "noord/2022-2023/alleen.md": _doc(
        "Sessie 2: wie zit er alleen thuis?", NORTH, OLD, 2, "2022-11-08", "Griet Declercq",
        [RECURRING_THEME],
        "Meneer D. komt de deur niet meer uit sinds zijn vrouw overleed. De gordijnen blijven dicht en de"
        " telefoon gaat op zondag nooit. Eenzaamheid blijft vaak onzichtbaar, ook voor de buren."),
    "noord/2023-2024/digitaal.md": _doc(
        "Sessie 1: bankieren met een app", NORTH, NEW, 1, "2023-09-19", "Tom Wouters",
        [NEW_THEME],
        "Sinds de bank in het dorp sloot, moet alles online met itsme en een app op de smartphone. In het"
        " digipunt van de bibliotheek leren vrijwilligers ouderen inloggen en overschrijvingen doen."),
    "noord/2023-2024/zondag.md": _doc(
        "Sessie 2: de lange zondag", NORTH, NEW, 2, "2023-11-14", "Tom Wouters",
        [RECURRING_THEME],
        "Mevrouw L. eet alleen aan het aanrecht sinds haar man stierf. Ze ziet niemand behalve de kapper."
        " Eenzaamheid en isolement kwamen opnieuw ter sprake in de groep."),
    "zuid/2023-2024/schulden.md": _doc(
        "Casusbespreking: een gezin met schulden", SOUTH, NEW, 1, "2023-10-03", "Fatima El Amrani",
        [SOUTH_THEME],
        "Het gezin heeft een huurachterstand en schulden bij de energieleverancier. De schuldhulpverlening"
        " maakt een budgetplan; armoede en schaamte houden hen weg van het loket."),
}

HEAT = {
    f"noord/2023-2024/hitte-{n}.md": _doc(
        title, NORTH, NEW, 3 + n, date, "Tom Wouters", [], body)
    for n, (title, date, body) in enumerate([
        ("Sessie 3: hitte in de flat", "2024-06-11",
         "Tijdens de hittegolf liep de temperatuur in de flat op tot boven dertig graden. Hitte is gevaarlijk"
         " voor wie alleen woont: ze drinken te weinig water. We zochten een koele ruimte met ventilatoren."),
        ("Sessie 4: het hitteplan", "2024-06-25",
         "Het hitteplan van de stad: bij een hittegolf bellen we wie kwetsbaar is, brengen we water en openen"
         " we koele ruimtes. Hitte, zonwering en ventilatoren staan op de lijst voor volgende zomer."),
        ("Sessie 5: na de hittegolf", "2024-07-09",
         "Na de hittegolf bekeken we wat werkte. De koele ruimte in het dienstencentrum werd goed gebruikt."
         " Bij hitte blijven mensen binnen, met de ramen dicht; water en ventilatoren brachten verkoeling."),
    ], start=1)
}

def heat_home(store, clusters):
    """The discovered cluster holding most of the heat reports' passages, and how many
    of how many it holds."""
    planted = {c.pk for doc_id in HEAT for c in store.catalogue.chunks_of(store.catalogue.get_document(doc_id).pk)}
    home = max(clusters, key=lambda c: len(planted & set(c.chunk_pks)))
    return home, len(planted & set(home.chunk_pks)), len(planted)


def write(folder: Path, docs: dict[str, str]) -> Path:
    for rel, text in docs.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def tag_by_front_matter(store) -> None:
    """Every passage gets its document's own themes: tracing and discovery tested
    apart from the tagger's judgement."""
    pending = store.tags.untagged_chunks("front-matter")
    store.tags.save_tags("front-matter", {(pk, vid): {theme: 1.0 for theme in own} for pk, vid, _, _, own in pending})


def settle_themes(client) -> None:
    """Start the background tagging run through a theme page and wait for it: tests
    that look at the counts need every passage tagged (pages never wait for it)."""
    import search.themes

    client.get("/api/themes")
    search.themes.wait_for_tagging(client.app.state.runtime.store)
