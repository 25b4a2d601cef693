"""Names that the layout of a note marks as names: tables, lists and rotas.

Notes are often pasted from a spreadsheet, a rota or a bell board: tab-, ";"-, "|"- or
multi-space-separated rows, Markdown tables, "SURNAME, Firstname" rows, surnames in
capitals ("VOS", "GOMES TAVARES", "EL AMRANI"). A word in such a cell has no sentence
around it, so its shape says little: "Vrijdag", "Mol", "April" and "Mei" are surnames
there. The structure says it instead:

- a table block (two or more data rows split the same way) whose header names a person
  column ("naam", "voornaam", "cliënt", "deelnemer", ...), or, without such a header, a
  column where most cells hold a known given name: every cell of that column is a name,
  capitals and all; columns of places, dates, times, days and phone numbers stay;
- a column of a real table (three or more rows with the same number of cells split by a tab,
  ";" or "|") that already holds two names found by other rules: its other name-shaped cells
  are names too (`spread_columns`), so a surname that is also a word ("Roos", "Zomer") has
  its column for a cue;
- a list row that opens with a surname in capitals and a given name ("PETROV, Ivan —",
  "VOS<TAB>Lotte"), unless the surname is a Dutch word or acronym ("LET OP, Marcel");
- a rota line keyed by a day or a day range ("ma-wo: Iqbal (Ayesha), Marktmeesterstraat
  14, 7u"): the first field is who, the later fields are where and how long.

`not_a_person` is the other side: the day abbreviations and ranges of such rotas
("ma-wo", "do-vr") are never names.

Measured on the tuning halves of demo/eval-notes-5 and -6 (see docs/history/pseudonymisation-rounds.md).
"""
from __future__ import annotations

import dataclasses
import functools
from typing import Iterator

import regex

from ingest import _lexicon as lx
from ingest import _names as nm

# Header words of a column that holds persons (folded, any word of the header cell).
PERSON_HEADERS = frozenset("""
naam namen voornaam voornamen achternaam familienaam roepnaam cliënt client cliënte clienten
cliënten bewoner bewoonster bewoners deelnemer deelneemster deelnemers leerling leerlingen kind
kinderen patiënt patient patiënte jongere jongeren gast gasten bezoeker kraamvrouw baby abonnee
huurder aanvrager cursist pupil pleegkind persoon personen wie
""".split())
# A header cell with one of these words names something else ("naam school", "begeleider").
OTHER_HEADERS = frozenset("""
school organisatie instelling dienst straat adres woonplaats plaats wijk locatie buurt gemeente
begeleider begeleidster mentor medewerker verpleegkundige coach arts huisarts behandelaar
verwijzer contact contactpersoon vervoer team groep klas afdeling tel telefoon gsm
""".split())

_DAY = r"(?:ma|di|wo|do|vr|za|zo|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)"
_DAYS = regex.compile(r"(?i)" + _DAY + r"(?:[ \t]*[-–/+&][ \t]*" + _DAY + r")*\.?")
_ROTA = regex.compile(r"(?im)^[ \t]*(?:[-*•][ \t]*)?" + _DAY + r"(?:[ \t]*[-–/][ \t]*" + _DAY + r")?"
                      r"[ \t]*:[ \t]*(?P<field>[^,\n(]+)")
# "08:05 Batalova Zarema (unit C12) – ...", "13:15 Umarov Ramzan: ...": a log line keyed by a
# time whose first field, closed by a bracket, a dash or a colon, is who called or came. A
# chat export's "07:48 - Tessa:" (a dash first: the writer) is no such line.
_TIMED = regex.compile(r"(?m)^[ \t]*(?:[-*•][ \t]*)?\d{1,2}[:.u]\d{2}u?[ \t]+(?P<field>\p{Lu}[^\n(–—:,;]*?)"
                       r"[ \t]*(?=[(–—:]|[ \t]-[ \t])")
TIMED_WORDS = 3  # words of a time-keyed field that can be a name ("Gul Ahmad", "Van den Broeck")
# "Kapanadze x4 / Umarov R. / Ghebremedhin": the items of a line listed with spaced slashes
_ITEM_SPLIT = regex.compile(r"[ \t]+/[ \t]+")
ITEM_MIN = 3  # items on a line before it counts as a list
# "Naam bewoner: KOWALSKA, Bożena": a form's field whose label names a person
_FORM = regex.compile(r"(?m)^[ \t]*(?:[-*•][ \t]*)?(?P<label>\p{L}+(?:[ \t]+\p{L}+){0,2})[ \t]*:[ \t]*(?P<value>[^\n]+)")
FORM_HEADERS = PERSON_HEADERS - {"wie", "persoon", "personen", "kinderen", "jongeren", "gasten", "deelnemers",
                                 "bewoners", "leerlingen", "namen", "cliënten", "clienten"}  # one person per field
# "kowalska b.", "van houts c.", "vandaele r": a register's lower-case surname, then an initial;
# an "x" without a full stop is a kiss ("beterschap lien x", round thirteen), no initial
_SURNAME_INITIAL = regex.compile(r"(?<![\p{L}\p{N}_@.'’-])(?P<name>(?:(?:van|de|der|den|ter|te|du|le|la|el|al)[ \t]+){0,3}"
                                 r"(?P<surname>\p{Ll}{4,}(?:-\p{Ll}+)*))[ \t]+(?P<initial>[a-rt-wyz]\.?|x\.)(?![\p{L}\p{N}'’@-])")
_SEPARATORS = ("\t", "|", ";")
_SPACES = regex.compile(r"[ \t]{2,}")
_RULE_ROW = regex.compile(r"^[ \t|:+-]+$")
# "PETROV, Ivan —", "EL OUALI, Hamid —", "- DE BOCK, Ronnie:", "VOS<TAB>Lotte<TAB>1A": a surname
# in capitals, a comma or a tab, a given name, then the end of the field
_CAPS_FIRST = regex.compile(
    r"(?m)^[ \t]*(?:[-*•][ \t]*)?(?P<surname>\p{Lu}{2,}(?:[-'’]\p{Lu}+)*(?:[ \t]+\p{Lu}{2,}(?:[-'’]\p{Lu}+)*){0,2})(?:,[ \t]*|\t)"
    r"(?P<given>" + nm.NAME_WORD + r"(?:-" + nm.NAME_WORD + r")?)(?=[ \t]*(?:[—–(|:;,\t]|[-][ \t]|$|[ \t]+(?:en|\+)[ \t]))")
_PART_SPLIT = regex.compile(r"[ \t]*(?:,|/|\+|&|\b(?:en|of)\b)[ \t]*")
_CELL_WORD = regex.compile(r"[\p{L}'’]+(?:[-.][\p{L}'’]+)*\.?")

_RUN_WORD = regex.compile(r"(?:" + nm.NAME_WORD + r"|\p{Lu}{2,}(?:-\p{Lu}{2,})*)(?:-" + nm.NAME_WORD + r")*")
_INITIALS = regex.compile(r"\p{Lu}\.?|(?:\p{Lu}\.-?)+\p{Lu}?\.?")
HEADER_WORDS = 4  # "naam en voornaam cliënt": a header cell is short
MIN_DATA_ROWS = 2  # a single pasted line is no table
NAME_COLUMN_SHARE = 0.6  # share of a header-less column's cells that must hold a known given name
FILLER_ZIPF = 4.5  # "leeg" is common Dutch; "vos" (4.1) and "mol" are surnames in a name column
TITLE_FILLER_ZIPF = 5.5  # a capitalised word in a name cell is a surname ("Zomer", 4.9) unless very common
GIVEN_NAME_FREQUENCY = 3  # lexicon scale 1-13: a given name common enough to mark a column
NAME_COLUMN_MIN = 2  # cells of a column already named before the column counts as a name column
SPREAD_ROWS = 3  # rows, all with the same number of cells, of a table a found name spreads in


def not_a_person(name: str) -> bool:
    """A day abbreviation or range of a rota ("ma-wo", "do-vr", "di"): never a name. A day
    named in full alone may be a surname ("mw Vrijdag") and is judged elsewhere."""
    name = name.strip()
    return bool(_DAYS.fullmatch(name)) and (len(name.rstrip(".")) <= 2 or bool(regex.search(r"[-–/+&]", name)))


def within_cells(text: str, mentions: list, columns: list[tuple[int, int]] | None = None) -> list:
    """A name never runs across a tab, the cell boundary of a pasted table: "DEMIR<TAB>Elif"
    is two cells' names, "broer Enzo<TAB>Bas" is Enzo and, in the next column, a member.
    A mention is split at each tab, each piece with its own initials; a piece after the
    first stays a name only inside a person column ("Vlaanderen Peter<TAB>Uitbergen": the
    town in the next column stays). The caller judges each piece (a member's stays).
    `columns`: `name_spans(text)` when the caller has it already; made here when needed."""
    split = []
    for m in mentions:
        if "\t" not in text[m.name_start:m.end]:
            split.append(m)
            continue
        pos = m.name_start
        for piece in regex.finditer(r"[^\t]+", text[m.name_start:m.end]):
            start, end = m.name_start + piece.start(), m.name_start + piece.end()
            name = " ".join(text[start:end].split())
            if name and pos != m.name_start:
                columns = name_spans(text) if columns is None else columns
                if not any(a < end and start < b for a, b in columns):
                    pos = end
                    continue
            if name:
                stripped = len(text[start:end]) - len(text[start:end].lstrip())
                split.append(dataclasses.replace(
                    m, start=m.start if pos == m.name_start else start + stripped, name_start=start + stripped,
                    end=start + len(text[start:end].rstrip()), name=name, replacement=nm.initials(name)))
                pos = end
    return split


def name_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every name the layout marks: table cells, caps rows, rota keys."""
    return sorted({*_table_names(text), *capitals_first(text), *_rota_names(text), *_timed_names(text),
                   *_form_names(text), *_surname_initials(text)})


def _lines(text: str) -> list[tuple[int, str]]:
    pos, lines = 0, []
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    return lines


def _cells(start: int, line: str, sep: str) -> list[tuple[int, int]] | None:
    """The (start, end) of each cell of `line` split by `sep` ("  " = two or more spaces)."""
    if sep == "  ":
        bounds = [0, *[p for m in _SPACES.finditer(line.strip("\n")) for p in m.span()], len(line)]
        if len(bounds) < 4:
            return None
        spans = list(zip(bounds[::2], bounds[1::2]))
    else:
        if sep not in line:
            return None
        spans, pos = [], 0
        for cell in line.split(sep):
            spans.append((pos, pos + len(cell)))
            pos += len(cell) + 1
        if sep == "|" and line.strip().startswith("|"):
            spans = spans[1:]
        if sep == "|" and line.strip().endswith("|"):
            spans = spans[:-1]
    return [(start + a, start + b) for a, b in spans] if len(spans) >= 2 else None


def _blocks(text: str) -> Iterator[tuple[str, list[list[tuple[int, int]]]]]:
    """Runs of consecutive lines split the same way: (separator, rows of cell spans)."""
    lines, i = _lines(text), 0
    while i < len(lines):
        for sep in (*_SEPARATORS, "  "):
            rows: list[list[tuple[int, int]]] = []
            j = i
            while j < len(lines):
                start, line = lines[j]
                if _RULE_ROW.match(line) and rows:
                    j += 1
                    continue
                cells = _cells(start, line, sep) if line.strip() else None
                if not cells:
                    break
                rows.append(cells)
                j += 1
            if len(rows) > MIN_DATA_ROWS or (len(rows) == MIN_DATA_ROWS and sep != "  "):
                yield sep, rows
                i = j
                break
        else:
            i += 1


def _words(text: str, span: tuple[int, int]) -> list[str]:
    return [nm.fold(w.strip(".")) for w in _CELL_WORD.findall(text[span[0]:span[1]])]


def _header_columns(text: str, header: list[tuple[int, int]]) -> list[int]:
    """The person columns a header row names; a cell of more than HEADER_WORDS words is a
    timeline's prose ("12-09  Melding ...: kinderen Noa (9), ..."), no header."""
    found = []
    for i, cell in enumerate(header):
        words = set(_words(text, cell))
        if len(_words(text, cell)) > HEADER_WORDS:
            continue
        if words & PERSON_HEADERS and not words & OTHER_HEADERS:
            found.append(i)
    return found


@functools.lru_cache(maxsize=64)
def header_labels(text: str) -> frozenset[str]:
    """The words of a table's header row (one that names a column of persons or of something
    else: "naam<TAB>uren<TAB>verantw. daar<TAB>opm."), folded, less given names and surnames:
    labels, never names, also where a line reuses one ("opm Tom:" under the table)."""
    labels: set[str] = set()
    for _, rows in _blocks(text):
        header = rows[0]
        cells = [set(_words(text, cell)) for cell in header]
        if any(len(_words(text, cell)) > HEADER_WORDS for cell in header) or regex.search(
                r"\d", text[header[0][0]:header[-1][1]]) or not any(
                c & (PERSON_HEADERS | OTHER_HEADERS) for c in cells):
            continue
        labels |= {w for c in cells for w in c if len(w) > 1 and not lx.is_known_name(w)}
    return frozenset(labels)


def _given_name_cell(text: str, span: tuple[int, int]) -> bool:
    """A cell that reads as a person: 1-4 words, no digits, one of them a common given name, and
    no lower-case word that is common Dutch and no particle or surname ("Ingrid gaf medicatie",
    "Koen had dienst" are remarks: round ten's privacy probe found such a column read as names
    and its members' cells replaced whole)."""
    cell = text[span[0]:span[1]]
    words = _CELL_WORD.findall(cell)
    return (0 < len(words) <= 4 and not regex.search(r"\d", cell) and
            any(lx.first_name_frequency(w.strip(".")) >= GIVEN_NAME_FREQUENCY and not lx.is_place(w) for w in words)
            and not any(w.islower() and not nm.is_particle(w) and not lx.is_surname(w) and lx.zipf(w) >= FILLER_ZIPF
                        for w in words))


def _table_names(text: str) -> list[tuple[int, int]]:
    spans = []
    for _, rows in _blocks(text):
        columns = _header_columns(text, rows[0])
        data = rows[1:] if columns else rows
        if not columns:
            width = max(len(r) for r in rows)
            for i in range(width):
                cells = [r[i] for r in rows if i < len(r) and text[r[i][0]:r[i][1]].strip()]
                if len(cells) > MIN_DATA_ROWS and sum(_given_name_cell(text, c) for c in cells) >= NAME_COLUMN_SHARE * len(cells):
                    columns.append(i)
        for row in data:
            for i in columns:
                if i < len(row):
                    spans += _cell_names(text, *row[i])
    return spans


def _cell_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The names in one person cell: "Ploum, Frans", "De Haas / Vrijdag", "VOS", "mevr. Janssens";
    a remark in brackets, digits, cue words and what follows an arrow are no part of them."""
    cell = text[start:end]
    cut = regex.search(r"[(\[\d\"“→⇒]|[-–—][ \t]|[-=]>", cell)  # "Omar → ISK Groningen": where he goes
    cell_end = start + (cut.start() if cut else len(cell))
    spans, pos = [], start
    for sep in [*_PART_SPLIT.finditer(text, start, cell_end), None]:
        part_end = sep.start() if sep else cell_end
        words = [w for w in _CELL_WORD.finditer(text, pos, part_end) if not _no_name_word(w.group())]
        verb = next((i for i, w in enumerate(words) if _remark_word(w.group())), None)
        if verb is not None:  # round eleven: "Youssef helpt", "door naar Thijs" in a "wie / actie" cell
            spans += [span for i in range(2) for span in _cell_names_of(
                words[:verb] if i == 0 else [w for w in words[verb + 1:] if not _remark_word(w.group())])
                if nm.plausible(text, *span) and not lx.is_place(text[span[0]:span[1]])
                and not lx.is_organisation(text[span[0]:span[1]])
                and (span[1] <= words[verb].start() or _known_name(text[span[0]:span[1]]))]
            pos = sep.end() if sep else cell_end
            continue
        while words and words[0].group().isupper() and len(words) > 1 and lx.is_dutch_word(words[0].group()) \
                and not nm.is_particle(words[0].group()) and not _caps_surname_given(words):
            words.pop(0)  # "NIEUW De Haas"
        words = _before_a_locative(words)
        while words and nm.is_particle(words[-1].group()):
            words.pop()
        if words and all(_filler(w.group()) for w in words) and (len(words) == 1 or words[0].group().islower()):
            words = []  # "LEEG", "reserve"
        if words:
            spans.append((words[0].start(), words[-1].end() - (1 if words[-1].group().endswith(".") and len(words[-1].group()) > 2 else 0)))
        pos = sep.end() if sep else cell_end
    return spans


# Round twelve: "in", "uit", "te", "vanuit", "nabij" before a capitalised word (maybe after a
# capitalised article) say where: "vader Marco in Roermond", "opa Herman uit Maaseik", "logeerde
# in De Kolibrie". They are particles too ("In 't Veld", "Uit den Bogaard"), so a person cell's
# name ran on through them and a column's spread took the place for a name.
_LOCATIVES = frozenset("in te uit vanuit vanaf nabij richting".split())
_LOCATIVE_BEFORE = regex.compile(r"(?<![\p{L}\p{N}'’-])(?:[Ii]n|te|[Uu]it|[Vv]anuit|[Vv]anaf|nabij|richting)[ \t]+"
                                 r"(?:(?:De|Den|Het|'t)[ \t]+)?\Z")


_POSSESSIVE_AFTER = regex.compile(r"[ \t]+(?:zijn|haar|z'n|d'r|hun|z’n|d’r)(?![\p{L}'’])")


def after_a_locative(text: str, start: int) -> bool:
    """A name-shaped word right after "in", "uit", "te", "vanuit", "nabij" or "richting" (and
    maybe a capitalised article) on the same line: where, not who ("in Roermond", "uit De Panne")."""
    return bool(_LOCATIVE_BEFORE.search(text, max(0, start - 30), start))


def _before_a_locative(words: list) -> list:
    """A person cell's words up to a lower-case locative that a capitalised word follows
    ("Marco in Roermond" -> "Marco"); "in 't Veld", "uit de Bogaard" stay a surname's particles."""
    for i, w in enumerate(words[1:-1], 1):
        if w.group() in _LOCATIVES and regex.match(nm.NAME_WORD + "$", words[i + 1].group()) \
                and words[i + 1].group() not in ("De", "Den", "Het"):
            return words[:i]
        if (w.group() in _LOCATIVES and words[i + 1].group() in ("De", "Den", "Het") and i + 2 < len(words)
                and words[i + 2].group()[:1].isupper()):
            return words[:i]
    return words


def _remark_word(word: str) -> bool:
    """Round eleven: a lower-case word Dutch uses often that is no particle, given name or
    surname ("helpt", "door", "naar", "samen"): a remark beside the name in a person cell (a
    table's "wie / actie" column: "Nicole, door naar Thijs"), never part of it."""
    return (word.islower() and not nm.is_particle(word) and lx.zipf(word) >= 4.0 and lx.is_dutch_word(word)
            and not lx.is_known_name(word))


def _known_name(name: str) -> bool:
    """Every word a listed given name or surname (or a particle): after a remark word in a person
    cell only such a name counts ("door naar Thijs"; not "naar Baanbrekers")."""
    return all(nm.is_particle(w) or lx.is_known_name(w) for w in name.split())


def _cell_names_of(words: list) -> list[tuple[int, int]]:
    """The name-shaped words on one side of a remark word in a person cell: capitalised runs."""
    runs: list[list[regex.Match]] = []
    run: list[regex.Match] = []
    for w in words:
        if w.group()[:1].isupper() or (run and nm.is_particle(w.group())):
            run.append(w)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return [(r[0].start(), r[-1].end()) for r in runs if not all(nm.is_particle(w.group()) for w in r)]


def _caps_surname_given(words: list) -> bool:
    """"MOL Albert", "KOK Maurice": a surname in capitals that lists know, then one given
    name; unlike "NIEUW De Haas" the capitals are the surname, not a remark."""
    return len(words) == 2 and lx.is_surname(words[0].group().title()) \
        and lx.first_name_frequency(words[1].group()) >= GIVEN_NAME_FREQUENCY


def _no_name_word(word: str) -> bool:
    """A word in a person cell that is no part of the name: a cue ("mw", "dhr."), an
    initial ("H.J.", "A."; already anonymous), a role word."""
    bare = word.rstrip(".")
    if nm.is_particle(bare):
        return False
    return nm.fold(word) in nm.CUE_WORDS or nm.fold(bare) in nm.CUE_WORDS or bool(_INITIALS.fullmatch(word)) \
        or nm.role_word(bare)


def _filler(word: str) -> bool:
    """A very common Dutch word alone in a person cell ("LEEG", "reserve", "niemand"); a
    calendar word stays a name there ("Vrijdag", "April": surnames)."""
    if word.islower() and lx.first_name_frequency(word) < GIVEN_NAME_FREQUENCY:
        return lx.zipf(word) >= lx.RARE_ZIPF  # "kids", "onbekend"; "lowie" stays a name
    threshold = TITLE_FILLER_ZIPF if word.istitle() else FILLER_ZIPF
    return nm.fold(word) not in nm.NOT_NAMES and lx.zipf(word.casefold()) >= threshold


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
        common_given = lx.first_name_frequency(given) >= GIVEN_NAME_FREQUENCY  # "Fons": a place too
        if (lx.is_place(given) and not common_given) or ((nm.is_not_name(given) or lx.is_dutch_word(given.lower()))
                                                         and not lx.first_name_frequency(given)):
            continue
        found += [match.span("surname"), match.span("given")]
    return found


def _common_caps(word: str) -> bool:
    lower = word.lower()
    return (nm.is_not_name(lower) or lower in lx.CLOSED or lx.is_organisation(word) or lx.is_place(lower.title())
            or (lx.is_dutch_word(lower) and not lx.is_surname(lower.title())) or len(word) < 3)


def _rota_names(text: str) -> list[tuple[int, int]]:
    """"ma-wo: Iqbal (Ayesha), Marktmeesterstraat 14": the first field after a day key is who
    (unless it is lower case only, "reserve / partus", or a place or organisation)."""
    spans = []
    for m in _ROTA.finditer(text):
        for start, end in _cell_names(text, *m.span("field")):
            words = [w for w in _CELL_WORD.finditer(text, start, end)]
            led = bool(words) and words[0].group()[:1].islower()
            while words and words[0].group()[:1].islower():  # "intake Priya Raghunathan", "uitstap Herkenrode"
                words.pop(0)
            if led and not any(lx.first_name_frequency(w.group()) >= GIVEN_NAME_FREQUENCY for w in words):
                continue
            if words and all(w.group()[:1].isupper() or nm.is_particle(w.group()) for w in words) \
                    and not any(nm.STREET.fullmatch(w.group()) or nm.organisation_word(w.group()) for w in words):
                spans.append((words[0].start(), end))
    return spans


def _timed_names(text: str) -> list[tuple[int, int]]:
    """"08:05 Batalova Zarema (unit C12) –", "13:15 Umarov Ramzan:": the first field of a
    telephone or triage log line keyed by a time, when every word of it is name-shaped (no
    Dutch word, place or organisation: "10:00 Teamoverleg –" stays); a leading lower-case
    role word ("bewoner Al-Jubouri", "school De Wereldwijzer") leaves the line to the other
    rules, and a comma does not close the field ("21:00 Sloterplas, de bankjes:")."""
    spans = []
    for m in _TIMED.finditer(text):
        words = list(_CELL_WORD.finditer(text, *m.span("field")))
        real = [w.group() for w in words if not nm.is_particle(w.group())]
        if words and len(words) <= TIMED_WORDS and all(w.group()[:1].isupper() or nm.is_particle(w.group()) for w in words) \
                and real and all(_timed_name_word(w) for w in real):
            spans.append((words[0].start(), words[-1].end()))
    return spans


def _form_names(text: str) -> list[tuple[int, int]]:
    """"Naam bewoner: KOWALSKA, Bożena", "Cliënt: Oyelaran (geb. 1961)": the name-shaped
    words of a form field whose label names one person ("naam", "bewoner", "cliënt"),
    never one that names something else ("naam school", "adres")."""
    spans = []
    for m in _FORM.finditer(text):
        words = set(_words(text, m.span("label")))
        if words & FORM_HEADERS and not words & OTHER_HEADERS:
            start, end = m.span("value")
            cut = regex.search(r"[(\[|;\d°]|,[^,]*,", text[start:end])  # the name, not the address after it
            spans += _runs(text, start, start + cut.start() if cut else end, person_field=True)
    return spans


def _surname_initials(text: str) -> list[tuple[int, int]]:
    """"kowalska b.", "van houts c.", "vandaele r": a lower-case word of four letters or more
    that is no Dutch word, compound, place or given name-less abbreviation, then one initial:
    the surname-first shorthand of a register or a case file ("type b", "blok c" stay)."""
    spans = []
    for m in _SURNAME_INITIAL.finditer(text):
        surname = m.group("surname")
        if lx.is_dutch_word(surname) or lx.is_place(surname.title()) or nm.is_not_name(surname) \
                or nm.fold(surname) in nm.CUE_WORDS or nm.role_word(surname) or lx.is_organisation(surname) \
                or (not lx.is_surname(surname.title()) and (lx.is_compound(surname) or lx.looks_dutch(surname))):
            continue
        end = m.end() if text[m.end() - 1:m.end()] != "." else m.end() - 1
        spans.append((m.start("name"), end))
    return spans


def _timed_name_word(word: str) -> bool:
    """A word of a time-keyed field that can be a name: name-shaped, no street, organisation
    or Dutch compound ("Teamoverleg", "Hoornbeekplas") that no list knows as a name."""
    known = lx.is_known_name(word)
    return _name_shaped(word) and not nm.STREET.fullmatch(word) and not nm.organisation_word(word) \
        and (known or not (lx.is_compound(word) or lx.looks_dutch(word)))


def spread_items(text: str, named: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"Kapanadze x4 / Umarov R. / Ghebremedhin / Jaf Karwan + Jaf Shilan": a line of ITEM_MIN
    or more items split by spaced slashes (a whiteboard or screening list), two of them
    holding a found name: the name-shaped words of the others are names too, as in a column."""
    found: list[tuple[int, int]] = []
    for start, line in _lines(text):
        bounds = [0, *[p for m in _ITEM_SPLIT.finditer(line) for p in m.span()], len(line)]
        items = [(start + a, start + b) for a, b in zip(bounds[::2], bounds[1::2])]
        if len(items) < ITEM_MIN:
            continue
        hits = sum(1 for s, e in items if any(s <= a < e for a, _ in named))
        if hits >= NAME_COLUMN_MIN:
            for s, e in items:
                found += _runs(text, s, e)
    return found


def spread_columns(text: str, named: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Name-shaped runs of words in the cells of columns that hold at least NAME_COLUMN_MIN
    cells with a found name (`named`: spans of names found by other means): a surname that is
    also a word ("Roos", "Berg", "Zomer") has no cue, but its column has."""
    found: list[tuple[int, int]] = []
    for sep, rows in _blocks(text):
        if sep == "  " or len(rows) < SPREAD_ROWS or len({len(row) for row in rows}) > 1:
            continue  # prose with a semicolon or aligned by spaces is no table to spread a name in
        columns: dict[int, list[tuple[int, int]]] = {}
        for cells in rows:
            for index, cell in enumerate(cells):
                columns.setdefault(index, []).append(cell)
        for cells in columns.values():
            hits = sum(1 for s, e in cells if any(s <= a < e for a, _ in named))
            # a column of remarks too ("met Ortega ruzie", "vraagt via Lindqvist"): round nine
            # left remarks columns (cells of more than four words) out of the spread to keep
            # unlisted organisations ("kwam via Dimence"), and no list tells those from a client
            remarks = _remarks(text, cells)
            if hits >= NAME_COLUMN_MIN and hits * 2 >= len(cells) - 1:
                for start, end in cells:  # a header row may name the column
                    found += [(a, b) for a, b in _runs(text, start, end) if not remarks or not _a_venue(text, a, b, named=True)]
            elif remarks:
                found += [(a, b) for start, end in cells for a, b in _runs(text, start, end) if _remark_name(text, a, b)]
    return found


# Round nineteen: the header of a column of places ("wijk", "gemeente", "woont"): its cells name
# neighbourhoods, villages and addresses ("Huizum", "Camminghaburen", "Ter Reede, Vlissingen"),
# which no list holds all of and which look like names; only a name a cue marks is a person's there.
PLACE_HEADERS = frozenset("""
wijk wijken buurt woonwijk woonplaats plaats gemeente deelgemeente dorp stad woont regio locatie adres
school scholen werkgever
""".split())


def place_cells(text: str) -> list[tuple[int, int]]:
    """The data cells of every table column whose header cell (of at most HEADER_WORDS words) has
    a word of PLACE_HEADERS and none of PERSON_HEADERS ("naam + woonplaats" is no place column)."""
    found: list[tuple[int, int]] = []
    for _, rows in _blocks(text):
        header = rows[0]
        for index, cell in enumerate(header):
            words = set(_words(text, cell))
            if not words & PLACE_HEADERS or words & PERSON_HEADERS or len(words) > HEADER_WORDS:
                continue
            found += [row[index] for row in rows[1:] if index < len(row) and len(row) == len(header)]
    return found


# Round ten: the header of a column of remarks about the people in the other columns.
REMARK_HEADERS = frozenset("""
opmerking opmerkingen opm bijzonderheden bijz notitie notities toelichting verloop observatie
observaties rapportage commentaar aantekening aantekeningen aandachtspunten remarks notes
""".split())
REMARK_WORDS = 4  # words a column's cells average, past its header, before it is a column of remarks


# Where a remark names a venue or a sender as often as a person ("brieven van Woonmeij", "kwam
# via Dimence"): a column of remarks with fewer than two found names is not spread there.
_SENDER_WORDS = frozenset("van via".split())


def _remark_name(text: str, start: int, end: int) -> bool:
    """A name-shaped run in a column of remarks that holds fewer than two found names: one that
    nothing marks as a place, organisation or compound (`nm.plausible`, a place-shaped word, a
    Dutch compound, "Sint-", "-ziekenhuis"), not right after "van" or "via", nor after a title."""
    return nm.plausible(text, start, end) and not _a_venue(text, start, end)


def _a_venue(text: str, start: int, end: int, named: bool = False) -> bool:
    """A run in a column of remarks that its words or the word before it mark as a venue, an
    organisation or a sender. Round twenty-two (`named`): its words also in a column of remarks
    that holds two or more found names, where every name-shaped run was spread ("dement, dochter
    Marlies regelt alles, Zorggroep Rivierenland", "zoon Ravi (14) bij Jeugdhulp Capelle", "via
    Welzijnsschakel Kessel-Lo", "werkgever Flexpower weg"); there neither "van" or "via" before it
    nor a compound that a list holds as a name ("Jansen") says so: such a column names a client
    that way as often ("kreeg een kaart van Azoulay", "vraagt via Lindqvist", "in Jansen zijn
    kamer": tests/ingest/test_round9.py)."""
    from ingest import _informal as informal

    before = text[max(0, start - 20):start].split()
    if (not named and before and nm.fold(before[-1]) in _SENDER_WORDS) or informal.after_title(text, start):
        return True  # "brieven van Woonmeij", "attest dr. Vranken": a sender, a professional
    return any(informal.place_shaped(w) or (lx.is_compound(w) and not (named and lx.is_known_name(w)))
               or nm.ORGANISATION.match(w) or nm.business_compound(w)
               or w.split("-")[0].casefold() in nm.PLACE_PREFIXES for w in text[start:end].split())


def _remarks(text: str, cells: list[tuple[int, int]]) -> bool:
    """Round ten: a column of remarks, by its header ("opmerking", "bijzonderheden") or by its
    cells (more than four words on average): once two of its cells held a found name it was
    spread, but with fewer a client only a remark names stayed ("| 3/12 | ging met Deprez naar de
    markt |"; round nine's privacy probe). Such a column is now spread whatever it holds, less
    what `_remark_name` marks as a venue: no list tells "brieven van Deprez" from "brieven van
    Woonmeij", so those stay where fewer than two names were found."""
    header = set(_words(text, cells[0]))
    if header & REMARK_HEADERS and len(_words(text, cells[0])) <= HEADER_WORDS:
        return True
    data = cells[1:]
    return bool(data) and sum(len(_words(text, c)) for c in data) > REMARK_WORDS * len(data)


def _runs(text: str, start: int, end: int, person_field: bool = False) -> list[tuple[int, int]]:
    """The name-shaped words of a cell, cut at what is no name ("Van Gent, Koen + Els",
    "De Winter Marc/Vanessa"): capitalised words and particles, never a place, an
    organisation or a word Dutch uses that no list knows as a surname or given name.
    `person_field`: a form's field whose label names a person ("Leerling: De Panne, Jonas"):
    there a capitalised word after a capitalised particle is a surname, also where the two
    name a place or the word is a Dutch one (round ten)."""
    found: list[tuple[int, int]] = []
    run: tuple[int, int] | None = None
    organisation = False
    particle: tuple[int, int] | None = None
    for word in regex.finditer(r"[\p{L}'’]+(?:-[\p{L}'’]+)*", text[start:end]):
        value, a, b = word.group(), start + word.start(), start + word.end()
        if organisation and not regex.search(r"[,;/+&(]", text[start:a][-3:] or ""):
            continue  # "WZC Ter Wilgen", "AZ Sint-Lucas": the rest of an organisation's name
        organisation = _opens_organisation(value)
        after_particle = particle if particle and text[particle[1]:a] in (" ", "\t") else None
        particle = (a, b) if nm.is_particle(value) and value[:1].isupper() else None
        if person_field and after_particle and _surname_after_article(value, text[after_particle[0]:after_particle[1]]):
            run = (run[0] if run else after_particle[0], b)
            if found and found[-1][0] == run[0]:
                found[-1] = run
            else:
                found.append(run)
        elif _name_shaped(value):
            run = (run[0], b) if run and not regex.search(r"[,/+&(\"“”]", text[run[1]:a]) else (a, b)
            if found and found[-1][0] == run[0]:
                found[-1] = run
            else:
                found.append(run)
        elif not (nm.is_particle(value) and value[:1].isupper()):
            run = None
    # round twelve: "in Roermond" is where; "in Jansen zijn kamer" whose (round nine's probe)
    return [(a, b) for a, b in found if not after_a_locative(text, a) or _POSSESSIVE_AFTER.match(text, b)]


def _surname_after_article(word: str, article: str) -> bool:
    from ingest import _informal  # _informal imports modules that import this one

    if _informal.institution_after_article(article, word):
        return False  # "Kind: De Regenboog, groep 3": a school, not a surname
    return (bool(regex.fullmatch(nm.NAME_WORD, word)) and not nm.is_not_name(word) and nm.fold(word) not in nm.CUE_WORDS
            and not lx.is_organisation(word) and nm.fold(word) not in nm.ORGANISATION_LEADS and not nm.role_word(word))


def _opens_organisation(word: str) -> bool:
    return (word.isupper() and len(word) <= 4) or nm.fold(word) in nm.ORGANISATION_LEADS or lx.is_organisation(word)


def _name_shaped(word: str) -> bool:
    if not regex.fullmatch(_RUN_WORD, word) or nm.is_not_name(word) or nm.fold(word) in nm.CUE_WORDS:
        return False
    if word.isupper() and len(word) <= 4:  # "OCMW", "AZ", "CM": an acronym
        return False
    if lx.is_place(word) or lx.is_organisation(word) or nm.fold(word) in nm.ORGANISATION_LEADS or nm.role_word(word):
        return False
    if nm.STREET.match(word) and not lx.is_known_name(word):
        return False  # round twenty-two: "Lingestraat, weer gevallen" in a cell is where
    return lx.is_known_name(word) or not lx.is_dutch_word(word.lower())
