"""The theme x period chart, drawn on the server by matplotlib (Agg) as SVG: a
heat map whose colour is the number of documents, with the count in each cell
and the trend next to each theme. No JavaScript is involved.

Theme names and cycles come from uploads, and matplotlib reads text between two
`$` as mathtext (TeX): a theme named `$\\foo$` made drawing fail for everyone
(500). The chart is drawn with math parsing and usetex off, so every label is
plain text, whatever it holds."""
from __future__ import annotations

import io

import numpy as np

from search.themes import Matrix

MAX_THEMES = 20   # a readable chart; the table below it has every row


PLAIN_TEXT = {"text.parse_math": False, "text.usetex": False}


def matrix_svg(matrix: Matrix) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    with matplotlib.rc_context(PLAIN_TEXT):
        return _draw(matrix)


def _draw(matrix: Matrix) -> bytes:
    from matplotlib.figure import Figure

    rows = matrix.rows[:MAX_THEMES]
    periods = matrix.periods or ["-"]
    figure = Figure(figsize=(3.2 + 1.1 * len(periods), 0.9 + 0.38 * max(len(rows), 1)), layout="constrained")
    axes = figure.subplots()
    if not rows:
        axes.axis("off")
        axes.text(0.5, 0.5, "Nog geen getagde passages", ha="center", va="center")
        return _svg(figure)
    counts = np.array([[row.cells.get(p, 0) for p in periods] for row in rows])
    axes.imshow(counts, cmap="Blues", aspect="auto", vmin=0, vmax=max(int(counts.max()), 1) * 1.25)
    for (r, c), value in np.ndenumerate(counts):
        axes.text(c, r, str(value), ha="center", va="center", fontsize=9,
                  color="white" if value > counts.max() * 0.6 else "#1a1a1a")
    axes.set_xticks(range(len(periods)), [period_label(p) for p in periods], fontsize=9)
    axes.set_yticks(range(len(rows)), [f"{row.theme} ({row.trend})" if row.trend else row.theme for row in rows],
                    fontsize=9)
    axes.xaxis.tick_top()
    axes.tick_params(length=0)
    axes.set_frame_on(False)
    return _svg(figure)


def period_label(period: str) -> str:
    """'2023-2024 #03' -> 'sessie 3' (sessions are shown within one cycle); a cycle stays as it is."""
    return f"sessie {int(period.rsplit('#', 1)[1])}" if "#" in period else period


def _svg(figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
