"""Exports for researchers' own analysis: the matrix and the tagged passages as
tables with Dutch column names (written as .xlsx or CSV by search._table, which
also keeps spreadsheet formulas out of the cells)."""
from __future__ import annotations

from search._table import Table, authors_cell, date_cell
from search._types import Hit
from search.themes._trace import Matrix

NETWORK, NO_COMMUNITY = "alle groepen samen", "zonder groep"   # the Groep cell of the pooled view, of no group


def matrix_table(matrices: list[Matrix], network: bool = False) -> Table:
    """The trends as the themes page shows them: one row per group and theme with its
    trend, what the trend rests on (the complete periods compared and the groups whose
    documents were compared; both empty when there is no trend: fewer than two complete
    periods, or no group with a before and an after) and its group's running (*lopend*)
    cycle, then per period the documents it
    occurs in, their share of all the period's documents in that group (a whole
    percentage: a decimal point misreads in Dutch Excel), those documents, and the
    passages. Periods are those of every matrix; a group without documents in a period has 0
    documents and passages there and an empty share (not 0 %: 0 of 0 is no share, and an
    average over the column would count it)."""
    periods = sorted({p for matrix in matrices for p in matrix.periods})
    columns = ["Groep", "Thema", "Verloop", "Verloop over", "Verloop van groepen", "Lopende cyclus",
               *(f"{p} (documenten)" for p in periods),
               *(f"{p} (aandeel %)" for p in periods), *(f"{p} (alle documenten)" for p in periods),
               *(f"{p} (passages)" for p in periods)]
    rows = []
    for matrix in matrices:
        group = NETWORK if network else matrix.community or NO_COMMUNITY
        running, basis = ", ".join(matrix.running), matrix.basis
        compared = ", ".join(basis.periods) if basis.judged else ""
        whose = ", ".join(c or NO_COMMUNITY for c in basis.communities) if basis.judged else ""
        rows += [[group, row.theme, row.trend, compared, whose, running, *(row.cells.get(p, 0) for p in periods),
                  *(round(100 * matrix.share(row, p)) if matrix.sizes.get(p) else None for p in periods),
                  *(matrix.sizes.get(p, 0) for p in periods),
                  *(row.passages.get(p, 0) for p in periods)] for row in matrix.rows]
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
