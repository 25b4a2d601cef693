"""Tables for researchers' own analysis (search results, the themes matrix, tagged
passages), written as .xlsx or as CSV that opens right in Dutch and Flemish Excel.

Excel reads a CSV without a byte-order mark as the local code page (accents
break) and splits it on the locale's list separator, which is `;` in nl-NL and
nl-BE: so CSV always starts with a UTF-8 BOM and `;` is offered besides `,`. An
.xlsx (openpyxl) needs neither guess and keeps numbers and dates typed.

Every text cell comes from someone's upload (titles, authors, passages), and a
spreadsheet runs a cell starting with =, +, -, @ (or a tab or carriage return
before one) as a formula: `=HYPERLINK(...)` in a title would send data elsewhere.
In CSV such cells get a leading apostrophe (OWASP's advice for CSV injection);
in .xlsx every text cell is written as a string, which Excel never evaluates.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

FORMATS = ("csv", "xlsx")
SEPARATORS = (",", ";")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CELL_CHARS = 32_767  # Excel's limit for one cell; a passage is ~1,500
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEDIA = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_MEDIA, "json": "application/json"}
_WIDTHS = (8, 60)  # characters: the narrowest and widest column in the .xlsx


@dataclass
class Table:
    """Rows under Dutch column names; cells are str, int, float, dt.date or None."""

    sheet: str  # the .xlsx sheet's name (at most 31 characters)
    columns: list[str]
    rows: list[list] = field(default_factory=list)


def inert(value):
    """A CSV cell a spreadsheet shows as text, never runs (numbers stay numbers)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def table_bytes(table: Table, fmt: str, separator: str = ",") -> bytes:
    """The table as a file: `fmt` "csv" (UTF-8 with BOM, `separator` "," or ";") or "xlsx"."""
    if fmt == "xlsx":
        return _xlsx(table)
    if separator not in SEPARATORS:
        raise ValueError(f"separator must be one of {SEPARATORS}, not {separator!r}")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator)
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow([inert(_plain(value)) for value in row])
    return out.getvalue().encode("utf-8-sig")


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def _xlsx(table: Table) -> bytes:
    """A write-only workbook (rows streamed, not held as cell objects): a bold, frozen
    header with filters, text as strings, dates as dates."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.sheet[:31])
    for index, width in enumerate(_widths(table), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(table.columns), 1))}{len(table.rows) + 1}"
    bold = Font(bold=True)
    sheet.append([_cell(sheet, WriteOnlyCell, name, bold) for name in table.columns])
    for row in table.rows:
        sheet.append([_cell(sheet, WriteOnlyCell, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet, cell_type, value, font=None):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell = cell_type(sheet, value=text[:XLSX_CELL_CHARS])
        cell.data_type = "s"  # never a formula, whatever the text starts with
    else:
        cell = cell_type(sheet, value=value)
        if isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
    if font is not None:
        cell.font = font
    return cell


def _widths(table: Table) -> list[int]:
    sample = table.rows[:200]
    widths = []
    for index, name in enumerate(table.columns):
        longest = max([len(str(_plain(row[index]) or "")) for row in sample if index < len(row)] + [len(name)])
        widths.append(min(max(longest + 2, _WIDTHS[0]), _WIDTHS[1]))
    return widths


def authors_cell(authors) -> str:
    return "; ".join(f"{a.name} ({a.organisation})" if a.organisation else a.name for a in authors)


def date_cell(value: str | None):
    """A stored ISO date as a date (typed in .xlsx), anything else as it is."""
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return value


def results_table(result) -> Table:
    """A search's confident results, one row per shown passage, best document first."""
    table = Table("Zoekresultaten", ["Zoekvraag", "Rang", "Score", "Titel", "Soort", "Groep", "Cyclus", "Sessie",
                                     "Datum", "Auteurs", "Passage", "Kop", "Tekst", "Document-id"])
    for rank, hit in enumerate(result.hits, start=1):
        for passage in hit.passages:
            table.rows.append([result.query, rank, hit.score, hit.title, hit.type, hit.community, hit.cycle,
                               hit.session, date_cell(hit.date), authors_cell(hit.authors), passage.ordinal + 1,
                               passage.heading, passage.text.strip(), hit.doc_id])
    return table
