"""Dutch labels for stored values (document types, roles, filters) and Dutch dates: what
pages, templates and exported session packs show instead of the stored codes. A module of
its own, with no web imports, so both the templates and the packs use it without a cycle."""
from __future__ import annotations

TYPE_LABELS = {"sessieverslag": "Sessieverslag", "casus": "Casus", "reflectie": "Reflectie",
               "programma": "Programma", "presentatie": "Presentatie", "publicatie": "Publicatie",
               "other": "Ander document", None: "Soort onbekend"}
# What a person did in a document, as the panel and the person page say it.
ROLE_LABELS = {"inbreng": "bracht de casus in", "reflectie": "schreef de reflectie", "presentatie": "presenteerde",
               "deelnemer": "nam deel", "verslag": "schreef het verslag", None: "schreef mee"}
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
FILTER_LABELS = {"community": "Groep", "cycle": "Cyclus", "type": "Soort", "author": "Auteur", "thema": "Thema",
                 "van": "Vanaf", "tot": "Tot en met"}


def dutch_date(value: str | None) -> str:
    """2022-11-08 -> 8 november 2022 (anything else is shown as it is)."""
    try:
        year, month, day = (int(part) for part in str(value).split("-"))
        return f"{day} {MONTHS[month - 1]} {year}"
    except (ValueError, IndexError):
        return value or ""


def counted(n: int, one: str, many: str) -> str:
    """'1 document', '3 documenten': a count with the word it counts, never 'document(en)'."""
    return f"{n} {one if n == 1 else many}"
