"""Commands that read: search (single or batch, documents or people) and related."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import ingest
import search
from cli._common import add_data_options, known_community, nearest, runtime, write_out
from cli._parser import results
from errors import PraktijkgeheugenError
from store import DOCUMENT_TYPES, Filters


def register(commands) -> None:
    p = commands.add_parser("search", help="search the documents (or, with --who, the people)")
    p.add_argument("query", nargs="?", help="the question or situation, in your own words")
    p.add_argument("--queries", type=Path, help="batch: a JSONL file of {\"id\", \"text\"} lines")
    p.add_argument("-k", type=results, default=10, help="number of results (default 10)")
    p.add_argument("--mode", choices=search.MODES, default="hybrid")
    p.add_argument("--who", action="store_true", help="list the people who wrote about it")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--export", type=Path, metavar="FILE",
                   help="write the results to FILE.xlsx or FILE.csv (Dutch columns; one row per passage)")
    p.add_argument("--sep", choices=search.SEPARATORS, default=",",
                   help="CSV separator for --export: ';' opens in columns in Dutch and Flemish Excel")
    add_filter_options(p)
    p.add_argument("--theme", action="append", dest="theme_filter",
                   help="only documents with a passage tagged with this theme (repeatable), e.g. mantelzorg")
    add_data_options(p)
    p.set_defaults(handler=cmd_search)

    p = commands.add_parser("related", help="documents related to a document; the filters choose the related"
                                             " ones (--community another group), not the document")
    p.add_argument("doc_id")
    p.add_argument("-k", type=results, default=5, help="number of related documents (default 5)")
    p.add_argument("--other-communities", action="store_true", help="only other communities")
    p.add_argument("--json", action="store_true")
    add_filter_options(p)
    add_data_options(p)
    p.set_defaults(handler=cmd_related)


def add_filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--community", action="append", help="only this community (repeatable)")
    p.add_argument("--cycle", action="append", help="only this cycle, e.g. 2023-2024 (repeatable)")
    p.add_argument("--type", action="append", help="only this type (repeatable)")
    p.add_argument("--author", action="append", help="only documents by this author (repeatable)")
    p.add_argument("--from", dest="date_from", help="from this date (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", help="up to this date (YYYY-MM-DD)")


class FilterError(PraktijkgeheugenError):
    """A filter option that names nothing there is, or is no date: refused, not ignored."""


def filters_from(args: argparse.Namespace, store) -> Filters:
    """The filter options as the store compares them, refused when one cannot mean what
    was typed. `--from 14-11-2023` went to the store as written and was compared as text
    with ISO dates (every document is 'after' it, none 'before'), `--from 2023-13-01` was
    no filter at all, and `--community Gent` or `--type casussen` answered 'no results' as
    if the question had none: a researcher read an empty or unfiltered list as the answer.
    A date is read by ingest's rule (2023-11-14, 14-11-2023, 14/11/2023) as on the web's
    filters; a type by ingest's names and aliases; a community must exist (the CLI is the
    server owner's, who may know every community's name), with the nearest named."""
    communities = tuple(known_community(store, name, "--community: ") for name in args.community or ())
    date_from, date_to = _date(args.date_from, "--from"), _date(args.date_to, "--to")
    if date_from and date_to and date_from > date_to:
        raise FilterError(f"--from {date_from} is after --to {date_to}: no document can fall between them;"
                          " swap the two dates (de periode is omgedraaid)")
    return Filters(
        communities=communities or None,
        cycles=tuple(args.cycle or ()), types=tuple(_type(t) for t in args.type or ()),
        authors=tuple(args.author or ()), date_from=date_from, date_to=date_to,
        themes=tuple(getattr(args, "theme_filter", None) or ()),   # `themes quotes THEME` names its own
    )


def _type(value: str) -> str:
    try:
        return ingest.check_field("type", value) or value
    except ingest.IngestError:
        kinds = [t for t in DOCUMENT_TYPES if t != "other"]
        raise FilterError(f"--type: unknown type '{value}' (onbekende soort){nearest(value.lower(), kinds)};"
                          f" one of: {', '.join(DOCUMENT_TYPES)}") from None


def _date(value: str | None, option: str) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return ingest.check_field("date", value)
    except ingest.IngestError:
        raise FilterError(f"{option} '{value}' is not a date: write it as year-month-day, e.g. 2023-11-14"
                          " (or 14-11-2023) (geen geldige datum)") from None


def cmd_search(args: argparse.Namespace) -> int:
    if bool(args.query) == bool(args.queries):
        print("error: give either a query or --queries FILE", file=sys.stderr)
        return 2
    rt = runtime(args)
    filters = filters_from(args, rt.store)
    if filters.themes:   # every passage tagged first (an ingest with --no-themes left them to the next reader)
        import search.themes as themes

        themes.tagged(rt.store, rt.embedder, rt.settings.data_dir, rt.settings.cache_dir)
    if args.queries:
        return _batch(rt, args, filters)
    if args.export:
        return _export(rt, args, filters)
    answer = _answer(rt, args, filters, args.query)
    if args.json:
        print(json.dumps(answer, ensure_ascii=False, indent=2))
    else:
        _print_people(answer["people"]) if args.who else _print_results(answer["results"])
    return 0


def _export(rt, args, filters: Filters) -> int:
    fmt = args.export.suffix.lower().lstrip(".")
    if fmt not in search.TABLE_FORMATS or args.who:
        print("error: --export writes documents to a .xlsx or .csv file", file=sys.stderr)
        return 2
    result = search.search(rt.store, rt.embedder, args.query, args.k, filters, args.mode, snippets=False)
    write_out(search.table_bytes(search.results_table(result), fmt, args.sep), args.export)
    print(f"{len(result.hits)} results written to {args.export}")
    return 0


def _answer(rt, args, filters: Filters, text: str) -> dict:
    if args.who:
        people = search.who_else(rt.store, rt.embedder, text, filters, args.k, args.mode)
        return {"people": [p.as_dict() for p in people]}
    return search.search(rt.store, rt.embedder, text, args.k, filters, args.mode,
                         snippets=not args.queries).as_dict()


def _batch(rt, args, filters: Filters) -> int:
    for number, line in enumerate(args.queries.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        if "id" not in record or "text" not in record:
            print(f"error: line {number} of {args.queries} needs 'id' and 'text'", file=sys.stderr)
            return 2
        answer = _answer(rt, args, filters, record["text"])
        print(json.dumps({"query_id": record["id"], **answer}, ensure_ascii=False))
    return 0


BOLD, RESET = "\033[1m", "\033[0m"


def shown(snippet: dict, tty: bool) -> str:
    """A snippet's text as it is; on a terminal its matches in bold (in a pipe or a
    file, escape codes would only be noise)."""
    text = snippet["text"]
    if not tty:
        return text
    for start, end in sorted(snippet["spans"], reverse=True):
        text = text[:start] + BOLD + text[start:end] + RESET + text[end:]
    return text


def _print_results(results: list[dict]) -> None:
    tty = sys.stdout.isatty()
    if not results:
        print("no results")
    for rank, hit in enumerate(results, start=1):
        authors = ", ".join(f"{a['name']} ({a['organisation']})" if a["organisation"] else a["name"]
                            for a in hit["authors"]) or "unknown author"
        where = " / ".join(str(v) for v in (hit["community"], hit["cycle"], hit["session"] and
                                            f"session {hit['session']}") if v)
        print(f"{rank}. {hit['title']}  [{hit['type'] or 'unknown type'}]  score {hit['score']:.3f}")
        print(f"   {authors}; {where or 'community unknown'}; {hit['doc_id']}")
        print(f"   {shown(hit['passages'][0]['snippet'], tty)}\n")


def _print_people(people: list[dict]) -> None:
    if not people:
        print("nobody found")
    for person in people:
        org = f" ({person['organisation']})" if person["organisation"] else ""
        why = ", ".join(f"{r['doc_id']} ({r['role'] or 'author'})" for r in person["reasons"])
        print(f"{person['name']}{org}  score {person['score']:.2f}: {why}")


def cmd_related(args: argparse.Namespace) -> int:
    rt = runtime(args)
    filters = filters_from(args, rt.store)
    try:
        hits = search.related(rt.store, args.doc_id, filters, args.k, args.other_communities)
    except search.DocumentNotFound:   # it said only 'error: ID'
        print(f"error: there is no document '{args.doc_id}' (geen document met dit id);"
              " `praktijkgeheugen documents` lists the ids", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=2))
    else:
        for hit in hits:
            print(f"{hit.score:.3f}  {hit.doc_id}  {hit.title}  ({hit.community or '-'}, {hit.cycle or '-'})")
    return 0
