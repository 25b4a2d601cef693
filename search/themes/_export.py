"""Exports for researchers' own analysis: the matrix and the tagged passages as
tables with Dutch column names (written as .xlsx or CSV by search._table, which
also keeps spreadsheet formulas out of the cells)."""
from __future__ import annotations

from search._table import Table, authors_cell, date_cell
from search._types import Hit
from search.themes._trace import Matrix


def matrix_table(matrix: Matrix) -> Table:
    """Per theme its trend, then per period the documents and the passages it occurs in."""
    columns = ["Thema", "Verloop", *(f"{p} (documenten)" for p in matrix.periods),
               *(f"{p} (passages)" for p in matrix.periods)]
    rows = [[row.theme, row.trend, *(row.cells.get(p, 0) for p in matrix.periods),
             *(row.passages.get(p, 0) for p in matrix.periods)] for row in matrix.rows]
    return Table("Thema's", columns, rows)


def passages_table(passages: dict[str, list[Hit]]) -> Table:
    """One row per (theme, passage) with its linked source."""
    table = Table("Passages", ["Thema", "Score", "Document-id", "Passage-id", "Titel", "Soort", "Groep", "Cyclus",
                               "Sessie", "Datum", "Auteurs", "Tekst"])
    for theme, hits in passages.items():
        for hit in hits:
            passage = hit.passages[0]
            table.rows.append([theme, passage.score, hit.doc_id, passage.chunk_id, hit.title, hit.type,
                               hit.community, hit.cycle, hit.session, date_cell(hit.date), authors_cell(hit.authors),
                               passage.text])
    return table
