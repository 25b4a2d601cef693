"""A few small Dutch documents, written for the tests, as files in a folder."""
from __future__ import annotations

from pathlib import Path

# Ids of three of them, for the tests that look for them.
WIDOWER = "pg-noord/2022-2023/casus-weduwnaar.md"
DEMENTIA = "pg-noord/2023-2024/verslag-dementie.md"
DEBTS = "wt-zuid/2023-2024/casus-schulden.md"

DOCS = {
    "pg-noord/2022-2023/casus-weduwnaar.md": """---
title: "Casus: een weduwnaar die de deur niet meer uit komt"
type: casus
community: "PG Noord"
cycle: "2022-2023"
session: 2
date: 2022-11-08
authors:
  - name: "Griet Declercq"
    organisation: "LDC De Kring"
themes: ["eenzaamheid en isolement"]
---
# Casus: een weduwnaar die de deur niet meer uit komt

## Situatie
Meneer D. is 84 en woont sinds de dood van zijn vrouw alleen in een rijhuis. De buurvrouw ziet
de kranten in de bus blijven steken en de gordijnen blijven de hele dag dicht. Hij komt niet meer
naar de kaartnamiddag in het dienstencentrum.

## Wat we probeerden
De thuisverpleging en de poetsdienst spraken af om telkens even langer te blijven. Een vrijwilliger
van het buurtrestaurant ging samen met hem eten. Na drie weken kwam hij opnieuw naar het kaarten.
""",
    "pg-noord/2023-2024/verslag-dementie.md": """---
title: "Sessie 4: dementie in de buurt"
type: sessieverslag
community: "PG Noord"
cycle: "2023-2024"
session: 4
date: 2024-01-16
authors:
  - name: "Griet Declercq"
    organisation: "LDC De Kring"
  - name: "Tom Wouters"
    organisation: "WZC Ter Beke"
---
# Sessie 4: dementie in de buurt

## Bespreking
We bespraken hoe winkeliers en buren mensen met dementie herkennen. De bakker belt het woonzorgcentrum
als een klant verward lijkt. Een vorming voor handelaars staat gepland in het voorjaar.

## Afspraken
Tom maakt een folder over dementievriendelijke buurten. Griet nodigt de wijkagent uit.
""",
    "wt-zuid/2023-2024/casus-schulden.md": """---
title: "Casus: een gezin met betalingsachterstanden"
type: casus
community: "Wijkteam Zuid"
cycle: "2023-2024"
session: 1
date: 2023-10-03
authors:
  - name: "Fatima El Amrani"
    organisation: "Wijkteam Zuid"
---
# Casus: een gezin met betalingsachterstanden

Een moeder met drie kinderen heeft huurachterstand en een afgesloten energiecontract. Ze durft de
brieven niet meer te openen. De schuldhulpverlener ging samen met haar de post openen aan de
keukentafel en regelde een betalingsregeling met de woningcorporatie.
""",
}


def write_docs(root: Path, docs: dict[str, str] = DOCS) -> Path:
    for rel, text in docs.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root
