"""`praktijkgeheugen themes ...`: tag, trace, quote, discover, export, evaluate."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import search.themes as themes
from cli._common import EXIT_ERROR, add_data_options, nearest, runtime, write_out
from cli._parser import results
from cli.query import add_filter_options, filters_from


def register(commands) -> None:
    actions = commands.add_parser("themes", help="themes across sessions and cycles").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    # every passage, always: it took --community and the other filters and ignored them
    _add(actions, "retag", "recompute every passage's themes (after a vocabulary change)", cmd_retag, filters=False)
    p = _add(actions, "matrix", "theme x cycle (or session) counts with trends, per community", cmd_matrix)
    p.add_argument("--by", choices=("cycle", "session"), default="cycle")
    _add_network(p)
    p.add_argument("--json", action="store_true")
    p = _add(actions, "quotes", "the most representative passages of a theme", cmd_quotes)
    p.add_argument("theme")
    p.add_argument("-k", type=results, default=5)
    p.add_argument("--period", help="only this cycle (or session, e.g. \"2023-2024 #03\")")
    p = _add(actions, "discover", "clusters of passages, marking those outside the vocabulary", cmd_discover)
    p.add_argument("--json", action="store_true")
    p = _add(actions, "export", "export the matrix or the tagged passages", cmd_export)
    p.add_argument("--format", choices=themes.FORMATS, default="csv",
                   help="csv (UTF-8 with BOM), xlsx (needs -o) or json")
    p.add_argument("--sep", choices=(",", ";"), default=",",
                   help="CSV separator: ';' opens in columns in Dutch and Flemish Excel")
    p.add_argument("--what", choices=("matrix", "passages"), default="matrix")
    p.add_argument("--by", choices=("cycle", "session"), default="cycle")
    _add_network(p)
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")
    p = _add(actions, "eval", "tagging precision and recall on a labelled passages.jsonl", cmd_eval, filters=False)
    p.add_argument("passages", type=Path)
    p.add_argument("--json", action="store_true")


def _add_network(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--netwerk", action="store_true",
                        help="one matrix of every community in view pooled (default: one per community,"
                             " as the web's themes page; --community C narrows to C)")


def _add(actions, name: str, help_text: str, handler, filters: bool = True) -> argparse.ArgumentParser:
    parser = actions.add_parser(name, help=help_text)
    if filters:
        add_filter_options(parser)
    add_data_options(parser)
    parser.set_defaults(handler=_vocabulary_errors(handler))
    return parser


def _vocabulary_errors(handler):
    """A broken themes.yaml is a clear one-line error, like the other domain errors."""
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except themes.VocabularyError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_ERROR
    return run


def _tagged(args: argparse.Namespace):
    """The runtime, the filters and the vocabulary, every passage tagged for it. The
    filters are checked first: a mistyped one is refused before a tagging that may take
    minutes."""
    rt = runtime(args)
    filters = filters_from(args, rt.store)
    return rt, filters, themes.tagged(rt.store, rt.embedder, rt.settings.data_dir, rt.settings.cache_dir)


def cmd_retag(args: argparse.Namespace) -> int:
    rt = runtime(args)
    vocabulary = themes.load_vocabulary(rt.settings.data_dir)
    with rt.store.writer():
        count = themes.retag(rt.store, rt.embedder, vocabulary, rt.settings.cache_dir)
    print(f"tagged {count} passages with {len(vocabulary.themes)} themes")
    return 0


def cmd_matrix(args: argparse.Namespace) -> int:
    """The web's rule: per community by default, running cycles marked *lopend* (and
    left out of the trend), each count followed by its share of the period's documents."""
    rt, filters, _ = _tagged(args)
    matrices = themes.trends(rt.store, filters, args.by, args.netwerk)
    if args.json:
        print(json.dumps(themes.trends_dict(matrices, args.netwerk), ensure_ascii=False, indent=2))
        return 0
    for n, matrix in enumerate(m for m in matrices if m.rows):
        _print_matrix(matrix, "network (every community pooled)" if args.netwerk else matrix.community, n)
    return 0


def _print_matrix(matrix: themes.Matrix, title: str | None, n: int) -> None:
    print(("\n" if n else "") + f"== {title or 'no community'} ==")
    print("theme".ljust(34) + "".join((p + (" lopend" if p in matrix.running else "")).ljust(18)
                                      for p in matrix.periods) + "trend")
    for row in matrix.rows:
        cells = (f"{row.cells.get(p, 0)} ({round(100 * matrix.share(row, p))}%)" for p in matrix.periods)
        print(row.theme.ljust(34) + "".join(cell.ljust(18) for cell in cells) + row.trend)
    print(_basis(matrix))


def _basis(matrix: themes.Matrix) -> str:
    """What the trends rest on, as the web page says it under each table."""
    basis, units = matrix.basis, "sessions" if matrix.by == "session" else "cycles"
    if basis.judged:
        line = f"trend over the complete {units} {', '.join(basis.periods)}"
        line += f" of {', '.join(c or 'no community' for c in basis.communities)}"
        if basis.left_out:
            line += "; not counted (no before and after): " + ", ".join(
                f"{c or 'no community'} (only {', '.join(ps)})" for c, ps in basis.left_out.items())
    elif len(basis.periods) < 2:
        line = f"no trend: {len(basis.periods)} complete {units[:-1] if len(basis.periods) == 1 else units}"
    else:
        line = f"no trend: no community has documents in the latest complete {units[:-1]} and an earlier one"
    return line + (f"; running, not counted: {', '.join(matrix.running)}" if matrix.running else "")


def cmd_quotes(args: argparse.Namespace) -> int:
    rt, filters, vocabulary = _tagged(args)
    if args.theme not in vocabulary.labels:   # it printed nothing, as for a theme nobody wrote about
        print(f"error: unknown theme '{args.theme}' (onbekend thema){nearest(args.theme, vocabulary.labels)};"
              f" the themes: {', '.join(vocabulary.labels)}", file=sys.stderr)
        return EXIT_ERROR
    for hit in themes.quotes(rt.store, filters, args.theme, args.period, args.k):
        authors = ", ".join(a.name for a in hit.authors) or "unknown author"
        print(f"- \"{hit.passages[0].text.strip()}\"\n  ({authors}; {hit.community}; {hit.cycle}; {hit.doc_id})\n")
    return 0


def cmd_discover(args: argparse.Namespace) -> int:
    rt, filters, _ = _tagged(args)
    clusters = themes.discover(rt.store, filters)
    if args.json:
        print(json.dumps([c.as_dict() for c in clusters], ensure_ascii=False, indent=2))
        return 0
    for cluster in clusters:
        mark = f"~ {cluster.top_theme}" if cluster.in_vocabulary else "NEW (not in the vocabulary)"
        print(f"{cluster.size:>4}  {', '.join(cluster.label)}  [{mark}]")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.format == "xlsx" and not args.output:
        print("error: an .xlsx file is binary; write it with -o FILE.xlsx", file=sys.stderr)
        return EXIT_ERROR
    rt, filters, vocabulary = _tagged(args)
    write_out(themes.export(rt.store, filters, vocabulary, args.what, args.format, args.by, args.sep,
                            args.netwerk), args.output)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from bench.themes import evaluate_tagging

    rt = runtime(args)
    report = evaluate_tagging(args.passages, themes.load_vocabulary(rt.settings.data_dir), rt.embedder,
                              rt.settings.cache_dir)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"{report.passages} passages; micro precision {report.precision:.3f}, recall {report.recall:.3f},"
          f" F1 {report.f1:.3f} (threshold {report.threshold})")
    for label, scores in report.per_theme.items():
        print(f"  {label:34} P {scores['precision']:.2f}  R {scores['recall']:.2f}  F1 {scores['f1']:.2f}")
    return 0
