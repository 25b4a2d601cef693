"""Commands that change the data: ingest, delete, reindex, and listing documents."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tqdm import tqdm

import ingest
from cli._common import (
    TYPE_HELP,
    add_data_options,
    add_themes_option,
    print_tagged,
    reads_deployment,
    runtime,
    tag_themes,
)

_ACTOR = "cli"  # the audit log's name for the data dir's owner at the command line


def register(commands) -> None:
    p = commands.add_parser("ingest", help="ingest files and folders (txt, md, docx, pdf, html, pptx, odt, eml, jsonl)")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--community", help="community for documents that do not name one")
    p.add_argument("--cycle", help="cycle (e.g. 2023-2024) for documents that do not name one")
    p.add_argument("--type", help=TYPE_HELP)
    p.add_argument("--session", help="session number (0-999) for documents that do not name one")
    p.add_argument("--date", help="date (2023-11-14 or 14-11-2023) for documents that do not name one")
    p.add_argument("--author", action="append", default=[], metavar="'NAME (ORGANISATION), ROLE'",
                   help="a person for documents that name none (repeatable); the organisation and the"
                        " role (inbreng, reflectie, presentatie, deelnemer, verslag) are optional")
    p.add_argument("--create-communities", action="store_true",
                   help="create the communities the files or --community name that do not exist yet"
                        " (shared, pseudonymised: see `communities set`); without it they are refused")
    p.add_argument("--move", action="store_true",
                   help="let a file replace the document of the same id in another community (it moves there,"
                        " and stays closed if it was); without it such a file is refused, so that two groups'"
                        " files of one name never erase each other")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--show-names", action="store_true",
                   help="also print the client names found and what replaced them (Jansen -> J.), and the"
                        " names kept; without it the report (and --json) holds their number and the"
                        " replacements only, so that a log of a scheduled run names no client")
    p.add_argument("--if-empty", action="store_true",
                   help="ingest only into a data dir that never held documents (`make run` loads the demo"
                        " this way, so a deleted demo document does not come back at the next start)")
    add_themes_option(p)
    add_data_options(p)
    p.set_defaults(handler=cmd_ingest)

    p = commands.add_parser("delete", help="delete documents completely (text, chunks, vectors)")
    p.add_argument("doc_ids", nargs="+")
    add_data_options(p)
    p.set_defaults(handler=cmd_delete)

    p = commands.add_parser("reindex", help="rebuild the lexical and vector indexes from the database")
    add_data_options(p)
    p.set_defaults(handler=cmd_reindex)

    p = commands.add_parser("documents", help="list the documents in the data dir")
    p.add_argument("--json", action="store_true")
    add_data_options(p)
    p.set_defaults(handler=cmd_documents)
    reads_deployment(p)


def _progress(total: int):
    bar = tqdm(total=total, unit="file", file=sys.stderr, disable=total < 2, leave=False)
    return bar.update


def cmd_ingest(args: argparse.Namespace) -> int:
    rt = runtime(args)
    for path in args.paths:
        if not path.exists():
            print(f"error: {path} does not exist", file=sys.stderr)
            return 2
    if args.if_empty and _ever_held_documents(rt.store):
        print(f"skipped: {rt.settings.data_dir} already holds documents (or did); --if-empty ingests only"
              " into a data dir that never held any")
        return 0
    # Checked before anything is read, by the rules front matter and the upload form
    # meet: a bad flag is one clear error, not a failure for every file.
    overrides = ingest.checked_overrides(community=args.community, cycle=args.cycle, type=args.type,
                                         session=args.session, date=args.date, authors=args.author)
    scope = ingest.Scope(create=args.create_communities, move=args.move)
    report = ingest.ingest_paths(rt.store, rt.embedder, args.paths, overrides, _progress, scope)
    tagged = tag_themes(rt, args)
    if args.json:
        shown = report.as_dict() if args.show_names else ingest.without_names(report)
        print(json.dumps(shown | {"themes_tagged": tagged}, ensure_ascii=False, indent=2))
    else:
        _print_report(report, args.show_names)
        print_tagged(tagged)
    return 1 if report.failed else 0


def _ever_held_documents(store) -> bool:
    """Documents now, or an index that an earlier ingest built (its model is recorded
    at the first ingest and stays when every document is deleted)."""
    return store.vectors.embedding_model is not None or bool(store.catalogue.list_documents())


def _print_report(report: ingest.IngestReport, show_names: bool = False) -> None:
    for outcome in report.outcomes:
        if outcome.status != ingest.UNCHANGED:
            detail = f": {outcome.reason}" if outcome.reason else f" ({outcome.chunks} chunks, {_names(outcome)})"
            print(f"{outcome.status:<9} {outcome.doc_id or outcome.source}{detail}")
            if show_names:
                _print_names(outcome.names)
    counts = ", ".join(f"{n} {status}" for status, n in report.counts().items())
    rate = report.chunks / report.seconds if report.seconds else 0.0
    print(f"{counts}; {report.chunks} chunks in {report.seconds:.1f} s ({rate:.1f} chunks/s,"
          f" embedding {report.embed_seconds:.1f} s); {report.replacements} client names replaced")


def _print_names(names: ingest.NameReport | None) -> None:
    """The names replaced and kept, as the preview shows them (--show-names: shown, never stored)."""
    if names and names.replaced:
        print("          replaced: " + ", ".join(f"{a} -> {b}" for a, b in names.replaced))
    if names and names.kept:
        print("          kept: " + ", ".join(f"{name} ({why})" for name, why in names.kept))


def _names(outcome: ingest.Outcome) -> str:
    """"3 client names replaced: J., M. V.; 2 names kept": the replacements, never the names."""
    if outcome.replacements is None:
        return "not pseudonymised: switched off for its community"
    told = f"{outcome.replacements} client name{'' if outcome.replacements == 1 else 's'} replaced"
    names = outcome.names
    if names and names.replaced:
        told += ": " + ", ".join(ingest.replacements(names))
    if names and names.kept:
        told += f"; {len(names.kept)} name{'' if len(names.kept) == 1 else 's'} kept"
    return told


def cmd_delete(args: argparse.Namespace) -> int:
    rt = runtime(args)
    missing = [doc_id for doc_id in args.doc_ids if not ingest.delete_document(rt.store, doc_id, actor=_ACTOR)]
    for doc_id in args.doc_ids:
        print(f"{'not found' if doc_id in missing else 'deleted'}: {doc_id}")
    return 1 if missing else 0


def cmd_reindex(args: argparse.Namespace) -> int:
    rt = runtime(args)
    total = len(rt.store.catalogue.list_documents())
    chunks = ingest.reindex(rt.store, rt.embedder, _progress(total))
    print(f"reindexed {total} documents, {chunks} chunks, with model {rt.embedder.name}")
    return 0


def cmd_documents(args: argparse.Namespace) -> int:
    documents = runtime(args).store.catalogue.list_documents()
    for document in documents:
        meta = document.meta
        row = {"doc_id": document.doc_id, "title": meta.title, "type": meta.type,
               "community": meta.community, "cycle": meta.cycle, "session": meta.session}
        print(json.dumps(row, ensure_ascii=False) if args.json else
              f"{document.doc_id}\t{meta.type or '-'}\t{meta.community or '-'}\t{meta.cycle or '-'}\t{meta.title}")
    return 0
