"""Names in tables, rosters and spreadsheets pasted into a note.

A spreadsheet export, a bed board or a contact list names one person per row, in the same
column ("Haddouchi, Fatima<TAB>Hamme<TAB>crisis", "Nowicka Halina | "Bartek" kleinzoon |",
"Roos Jeanne;12/11;dienstencentrum"), often surname first, sometimes in capitals ("PETROV,
Ivan — tot 20/11"). Word lists catch some of those cells, never all: a surname that is also
a word ("Roos", "Berg", "Zomer") has no cue. The structure does: once two cells of one
column hold a client's name, the column is the table's name column and every name-shaped
cell in it is a name. And a capitalised surname written first, then a comma and a given
name, at the head of a line is a name whatever the surname is.
"""
from __future__ import annotations

import regex

from ingest import _lexicon as lx
from ingest import _names as nm

_SEPARATORS = ("\t", "|", ";")
_CELL_WORD = regex.compile(r"(?:" + nm.NAME_WORD + r"|\p{Lu}{2,}(?:-\p{Lu}{2,})*)(?:-" + nm.NAME_WORD + r")*")
# "PETROV, Ivan —", "EL OUALI, Hamid —", "- DE BOCK, Ronnie:", "VOS<TAB>Lotte<TAB>1A": a surname
# in capitals, a comma or a tab, a given name, then the end of the field
_CAPS_FIRST = regex.compile(
    r"(?m)^[ \t]*(?:[-*•][ \t]*)?(?P<surname>\p{Lu}{2,}(?:[-'’]\p{Lu}+)*(?:[ \t]+\p{Lu}{2,}(?:[-'’]\p{Lu}+)*){0,2})(?:,[ \t]*|\t)"
    r"(?P<given>" + nm.NAME_WORD + r"(?:-" + nm.NAME_WORD + r")?)(?=[ \t]*(?:[—–(|:;,\t]|[-][ \t]|$|[ \t]+(?:en|\+)[ \t]))")
NAME_COLUMN_MIN = 2  # cells of a column already named before the column counts as a name column


def capitals_first(text: str) -> list[tuple[int, int]]:
    """Spans of "SURNAME, Given" at a line's head (both parts): the surname must not be a
    Dutch word in capitals ("LET OP, Jan") unless lists know it as a surname."""
    found = []
    for match in _CAPS_FIRST.finditer(text):
        words = match.group("surname").split()
        real = [w for w in words if not nm.is_particle(w)]
        if not real or any(_common_caps(w) for w in real):
            continue
        given = match.group("given")
        if nm.is_not_name(given) or lx.is_place(given) or (lx.is_dutch_word(given.lower()) and not lx.first_name_frequency(given)):
            continue
        found += [match.span("surname"), match.span("given")]
    return found


def _common_caps(word: str) -> bool:
    lower = word.lower()
    return (nm.is_not_name(lower) or lower in lx.CLOSED or lx.is_organisation(word) or lx.is_place(lower.title())
            or (lx.is_dutch_word(lower) and not lx.is_surname(lower.title())) or len(word) < 3)


def name_columns(text: str, named: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Name-shaped runs of words in the cells of columns that hold at least NAME_COLUMN_MIN
    cells with a found name (`named`: spans of names found by other means)."""
    found: list[tuple[int, int]] = []
    for rows in _tables(text):
        columns: dict[int, list[tuple[int, int]]] = {}
        for cells in rows:
            for index, cell in enumerate(cells):
                columns.setdefault(index, []).append(cell)
        for cells in columns.values():
            hits = sum(1 for s, e in cells if any(s <= a < e for a, _ in named))
            if hits >= NAME_COLUMN_MIN and hits * 2 >= len(cells) - 1:  # a header row may name the column
                for start, end in cells:
                    found += _runs(text, start, end)
    return found


def _tables(text: str) -> list[list[list[tuple[int, int]]]]:
    """Runs of consecutive lines split by the same separator into the same number (≥ 2) of
    cells; each row is a list of (start, end) cell spans."""
    tables, current, shape = [], [], None
    pos = 0
    for line in text.split("\n"):
        row, key = _row(line, pos)
        if row and key == shape:
            current.append(row)
        else:
            if len(current) >= 3:
                tables.append(current)
            current, shape = ([row], key) if row else ([], None)
        pos += len(line) + 1
    if len(current) >= 3:
        tables.append(current)
    return tables


def _row(line: str, pos: int) -> tuple[list[tuple[int, int]], tuple[str, int] | None]:
    body = line.strip()
    if not body:
        return [], None
    for separator in _SEPARATORS:
        if line.count(separator) >= (3 if separator == "|" and body.startswith("|") else 1):
            cells, start = [], pos
            for piece in line.split(separator):
                cells.append((start, start + len(piece)))
                start += len(piece) + 1
            edges = (0, len(cells) - 1) if separator == "|" else ()
            cells = [c for i, c in enumerate(cells) if i not in edges or line[c[0] - pos:c[1] - pos].strip()]
            return cells, (separator, len(cells))
    return [], None


def _runs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The name-shaped words of a cell, cut at what is no name ("Van Gent, Koen + Els",
    "De Winter Marc/Vanessa"): capitalised words and particles, never a place, an
    organisation or a word Dutch uses that no list knows as a surname or given name."""
    found: list[tuple[int, int]] = []
    run: tuple[int, int] | None = None
    organisation = False
    for word in regex.finditer(r"[\p{L}'’]+(?:-[\p{L}'’]+)*", text[start:end]):
        value, a, b = word.group(), start + word.start(), start + word.end()
        if organisation and not regex.search(r"[,;/+&(]", text[start:a][-3:] or ""):
            continue  # "WZC Ter Wilgen", "AZ Sint-Lucas": the rest of an organisation's name
        organisation = _opens_organisation(value)
        if _name_shaped(value):
            run = (run[0], b) if run and not regex.search(r"[,/+&(\"“”]", text[run[1]:a]) else (a, b)
            if found and found[-1][0] == run[0]:
                found[-1] = run
            else:
                found.append(run)
        elif not (nm.is_particle(value) and value[:1].isupper()):
            run = None
    return found


def _opens_organisation(word: str) -> bool:
    return (word.isupper() and len(word) <= 4) or nm.fold(word) in nm.ORGANISATION_LEADS or lx.is_organisation(word)


def _name_shaped(word: str) -> bool:
    if not regex.fullmatch(_CELL_WORD, word) or nm.is_not_name(word) or nm.fold(word) in nm.CUE_WORDS:
        return False
    if word.isupper() and len(word) <= 4:  # "OCMW", "AZ", "CM": an acronym
        return False
    if lx.is_place(word) or lx.is_organisation(word) or nm.fold(word) in nm.ORGANISATION_LEADS or nm.role_word(word):
        return False
    return lx.is_surname(word) or lx.first_name_frequency(word) > 0 or not lx.is_dutch_word(word.lower())
