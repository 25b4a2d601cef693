"""Operations on a data dir: its status, check (and repair) the indexes, back up, restore."""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import ingest
from cli._common import EXIT_ERROR, NoSuchFolder, add_data_options, folder_of, reads_deployment, runtime
from errors import DISK_FULL, backup_storage_message, storage_problem
from store import (
    BackupError,
    CheckReport,
    Settings,
    StatusReport,
    deletions,
    erasure_source,
    listed_clients,
    migrate_from_sqlite,
    pseudonymising,
    read_manifest,
    recorrections,
    remade,
    removals,
    restore_backup,
    source_shown,
    write_backup,
)
from web.runtime import Runtime

# What each kind of difference means, in the order `check` lists them.
KINDS = {
    "leftovers": "document versions left pending or half-deleted by an interrupted run",
    "missing_lexical": "chunks of ready documents without a lexical index row",
    "orphan_lexical": "lexical index rows without a chunk",
    "missing_vectors": "chunks of ready documents without a vector",
    "orphan_vectors": "vectors without a chunk",
    "abandoned_collections": "vector collections left behind by an interrupted rebuild",
    "stray_files": "uploaded files that no document keeps as its original (refused or left behind)",
    "foreign_paths": "documents keeping the path of a file ingested where it lies (older versions)",
    "staging_copies": "copies of a backup an interrupted restore left in the data dir",
    "misplaced": "documents whose id lies under another community's name (older versions; not repaired: see below)",
    "erase_pending": "deleted material still to be erased from the index files",
}


def register(commands) -> None:
    p = commands.add_parser("status", help="version, schema, model, counts per community, last runs, disk use"
                            " and a fresh consistency check (exit 1 when it finds problems)")
    p.add_argument("--json", action="store_true", help="the same facts as /api/status")
    add_data_options(p)
    p.set_defaults(handler=cmd_status)
    reads_deployment(p)   # a mistyped --data-dir must not make an empty one (_common.run says so)

    p = commands.add_parser("check", help="compare the database with the indexes (and repair them)")
    p.add_argument("--repair", action="store_true", help="fix every difference found")
    p.add_argument("--json", action="store_true")
    add_data_options(p)
    p.set_defaults(handler=cmd_check)
    reads_deployment(p)

    p = commands.add_parser("backup", help="write a consistent backup of the data dir, or with --database-url"
                            " of the PostgreSQL database (also while serving)")
    p.add_argument("file", type=Path, help="the backup file to write, e.g. backup.tar.gz")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists (refused otherwise)")
    add_data_options(p)
    p.set_defaults(handler=cmd_backup)

    p = commands.add_parser("restore", help="restore a backup into the data dir, or with --database-url into an"
                            " empty PostgreSQL database (stop the server first)")
    p.add_argument("file", type=Path)
    p.add_argument("--force", action="store_true", help="replace the documents already in the data dir")
    p.add_argument("--erasures-from", metavar="DATA_DIR|postgresql://...",
                   help="the newer copy whose erasure list is applied: what its audit log says was deleted after"
                        " the backup was made is deleted again, and its known client names are replaced again;"
                        " a SQLite data dir or a PostgreSQL database (e.g. the one being replaced); with --force"
                        " a SQLite data dir being replaced is read by itself")
    add_data_options(p)
    p.set_defaults(handler=cmd_restore)

    p = commands.add_parser("migrate", help="move a data dir's SQLite database into an empty PostgreSQL database"
                            " (--database-url), keeping its vectors (stop the server first)")
    p.add_argument("--from-sqlite", type=Path, required=True, metavar="DATA_DIR",
                   help="the data dir whose SQLite database is copied")
    add_data_options(p)
    p.set_defaults(handler=cmd_migrate)


def cmd_check(args: argparse.Namespace) -> int:
    rt = runtime(args)
    report = ingest.repair(rt.store, lambda: rt.embedder) if args.repair else rt.store.maintenance.check()
    after = rt.store.maintenance.check() if args.repair else report
    rt.store.health.record("check", after.ok, after.counts())   # the status page shows the last result
    if args.json:
        print(json.dumps({"found": report.counts(), "repaired": args.repair, "ok": after.ok,
                          "misplaced": [{"doc_id": doc_id, "community": own, "under": under}
                                        for doc_id, own, under in rt.store.maintenance.misplaced()],
                          **rt.store.catalogue.stats()}, indent=2, ensure_ascii=False))
    else:
        _print_check(rt, report, args.repair, after)
    return 0 if after.ok else 1


def _print_check(rt: Runtime, report: CheckReport, repaired: bool, after: CheckReport) -> None:
    stats = rt.store.catalogue.stats()
    print(f"{stats['documents']} documents, {stats['chunks']} chunks, {stats['vectors']} vectors")
    for kind, count in report.counts().items():
        if count:
            print(f"{'fixed' if repaired and kind != 'misplaced' else 'found'}  {count:>5} {KINDS[kind]}")
    if after.misplaced:
        _print_misplaced(rt)
    if after.ok:
        print("ok: the database and both indexes agree")
    elif any(count for kind, count in after.counts().items() if kind != "misplaced"):
        print("differences remain: run `praktijkgeheugen check --repair`" if not repaired else
              "differences remain after the repair; see the log above")


def _print_misplaced(rt: Runtime) -> None:
    """Each document stored under another community's name, and how to move it: an
    upload of that file name by that community is refused (ingest.Scope.check_place)."""
    for doc_id, own, under in rt.store.maintenance.misplaced():
        print(f"  {doc_id}: a document of {f'community {own!r}' if own else 'no community'},"
              f" under the name of community {under!r}")
    print("  Each one blocks that community's uploads of its file name. If it is that community's, ingest its"
          " file again with --move from the folder its id is relative to, so that the id stays and its first"
          " folder names the community (praktijkgeheugen ingest FOLDER --move; front matter naming the"
          " community does the same); if it is its own community's, delete it (praktijkgeheugen delete ID)"
          " and ingest its file from a folder not named after another community. Then run check again.")


def cmd_backup(args: argparse.Namespace) -> int:
    settings = args.settings
    started = time.perf_counter()
    if args.file.is_dir():   # it said "[Errno 21] Is a directory: '/tmp/.praktijkgeheugen-backup-.../x.part' -> 'x'"
        example = args.file / f"praktijkgeheugen-{time.strftime('%Y-%m-%d')}.tar.gz"
        _record_backup(args, False, {"error": "a folder was given"})
        print(f"error: {args.file} is a folder; give the backup's file name, e.g. {example}"
              f" (dit is een map: geef een bestandsnaam)", file=sys.stderr)
        return EXIT_ERROR
    try:
        folder_of(args.file)
    except NoSuchFolder as refused:
        _record_backup(args, False, {"error": "no such folder"})
        print(f"error: {refused}", file=sys.stderr)
        return EXIT_ERROR
    if (args.file.exists() or args.file.is_symlink()) and not args.force:
        # it replaced the file without a word: last night's backup, the only one from before
        # a mistake, gone under a name typed again (`backup /backups/pg.tar.gz` twice)
        _record_backup(args, False, {"error": "the file exists"})
        print(f"error: {args.file} exists already; give a new file name, e.g. with the date in it, or add --force"
              f" to replace it (dit bestand bestaat al: kies een nieuwe naam, of vervang het met --force)",
              file=sys.stderr)
        return EXIT_ERROR
    try:
        manifest = write_backup(settings, args.file.resolve())
    except BackupError as exc:
        _record_backup(args, False, {"error": type(exc).__name__})
        return _fail(exc)
    except Exception as exc:   # an OSError writing the archive, SQLite's copy of the database
        problem = storage_problem(exc, args.file.resolve().parent)
        if problem is None:
            raise
        # the backup writes only beside its file: that disk is full, not the data dir's
        _record_backup(args, False, {"error": f"disk {problem}"})
        print(f"error: {backup_storage_message(problem, args.file.resolve().parent)}", file=sys.stderr)
        return EXIT_ERROR
    unrecorded = _record_backup(args, True, {"file": str(args.file.resolve()), "bytes": args.file.stat().st_size,
                                             "documents": manifest["documents"]})
    size = args.file.stat().st_size / 1e6
    print(f"backup {args.file}: {manifest['documents']} documents, {manifest['chunks']} chunks,"
          f" {size:.1f} MB in {time.perf_counter() - started:.1f} s")
    if unrecorded:
        english, dutch = ("full", "vol") if unrecorded == DISK_FULL else ("read-only", "alleen-lezen")
        print(f"warning: the backup is written, but the data dir {settings.data_dir} is {english}: the status"
              f" page does not show it as the last backup.\nwaarschuwing: de back-up is geschreven, maar de"
              f" gegevensmap {settings.data_dir} is {dutch}: de statuspagina toont hem niet als laatste"
              " back-up.", file=sys.stderr)
    return 0


def _record_backup(args: argparse.Namespace, ok: bool, detail: dict) -> str | None:
    """The backup as the status page shows it (only when the data dir has a database:
    a backup of nothing must not make one; a PostgreSQL database is there already). On a
    data dir whose disk is full or turned read-only the backup is the rescue, and it was
    written: the note is left out and its storage problem returned, where the error it
    raised made `backup` say "nothing could be written" (exit 2) after writing it whole."""
    if not (args.settings.database_url or args.settings.db_path.exists()):
        return None
    try:
        runtime(args).store.health.record("backup", ok, detail)
    except Exception as exc:
        problem = storage_problem(exc, args.settings.data_dir)
        if problem is None:
            raise
        return problem
    return None


def cmd_status(args: argparse.Namespace) -> int:
    """The facts of /status, with a fresh check; exit 1 when it finds problems (for monitoring)."""
    report = runtime(args).store.health.report(run_check=True)
    if args.json:
        print(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        print("\n".join(status_lines(report)))
    return 0 if report.ok else 1


def status_lines(report: StatusReport) -> list[str]:
    model, disk = report.model, report.disk
    lines = [f"version      {report.version} (schema {report.schema['data_dir']}, this version knows"
             f" {report.schema['code']})",
             f"model        {model['configured']}" + ("" if model["matches"] else
                                                     f" (index built with {model['index']}: run reindex)"),
             f"documents    {report.totals['documents']} ({report.totals['chunks']} chunks,"
             f" {report.totals['vectors']} vectors)"]
    lines += [f"  {c.name or '(no community)'}: {c.documents} documents, {c.chunks} chunks"
              + (f" [{c.sharing}]" if c.sharing else "") for c in report.communities]
    for kind, run in report.runs.items():
        lines.append(f"last {kind:<8} " + ("never" if run is None else
                                           f"{run.at} {'ok' if run.ok else 'FAILED'} {_detail(run.detail)}"))
    lines += [f"watched      {w['folder']}: last pass " + (f"{w['last_pass']}" if w["last_pass"] else "never")
              + ("" if w["ok"] else " FAILED") for w in report.watched]
    if report.upgrade_backup:
        lines.append(f"upgrade backup {report.upgrade_backup['file']} ({report.upgrade_backup['at']})")
    free = "" if disk["free_bytes"] is None else f", {disk['free_bytes'] / 1e9:.1f} GB free"
    lines.append(f"disk         {disk['bytes'] / 1e6:.1f} MB in {disk['data_dir']}{free}")
    check = report.check or {}
    found = {k: v for k, v in check.get("found", {}).items() if v}
    lines.append("check        ok: the database and both indexes agree" if report.ok else
                 f"check        PROBLEMS: {_detail(found)}; run `praktijkgeheugen check"
                 + (" --repair`" if set(found) - {"misplaced"} else "` (it says how to move them)"))
    return lines


def _detail(detail: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in detail.items())


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore, rebuild the vectors, do again what was erased after the backup was made
    (the erasure list of the data dir being replaced and of --erasures-from), then check."""
    try:
        manifest = read_manifest(args.file)
        # The vectors are rebuilt with the model the backup's index was built with.
        settings = dataclasses.replace(args.settings, model=args.model or manifest["embedding_model"])
        sources = [erasure_source(args.erasures_from)] if args.erasures_from else []
        if args.force and not settings.database_url and settings.db_path.is_file():
            sources.append(settings.db_path)   # PostgreSQL restores only into an empty database
        erased = [entry for source in sources for entry in deletions(source)]
        removed = [removals(source) for source in sources]
        listed = [listed_clients(source) for source in sources]
        switched = [pseudonymising(source) for source in sources]
        corrected = [recorrections(source) for source in sources]
        made_again = [remade(source) for source in sources]
        restore_backup(args.file, settings, force=args.force)
    except BackupError as exc:
        return _fail(exc)
    rt, started = runtime(args, settings), time.perf_counter()
    chunks = ingest.restore_vectors(rt.store, rt.embedder)
    print(f"restored {len(rt.store.catalogue.list_documents())} documents from {args.file} (backup of"
          f" {manifest['created']}); {chunks} vectors rebuilt with {rt.embedder.name}"
          f" in {time.perf_counter() - started:.1f} s")
    _erase_again(rt, sources, erased, listed, manifest["created"], switched, removed, corrected, made_again)
    report = rt.store.maintenance.check()   # the restored database against both indexes
    rt.store.health.record("check", report.ok, report.counts())
    _print_check(rt, report, False, report)
    return 0 if report.ok else 1


def _erase_again(rt: Runtime, sources: list, erased: list[tuple[str, str]],
                 listed: list[tuple[str | None, dict]], created: str, switched: list[set[str]],
                 removed: Sequence[list[tuple[str, str, str]]] = (),
                 corrected: Sequence[list[tuple[str, str]]] = (),
                 made_again: Sequence[dict[str, tuple[str, bool]]] = ()) -> None:
    """The newer copies' erasure list applied to the restored store, and said: the
    deletions, the client names listed since (and what names them pseudonymised again),
    the communities that switched pseudonymisation on since (and what they stored while it
    was off pseudonymised again), then the deletions once more (a document a correction
    renamed, 'verslag-B..md', was deleted under its new id); the metadata corrections since
    that pseudonymised a document (a publication retyped, an author taken away) are made again
    (privacy attack 39); the communities, packs and pack
    items deleted since are deleted again from this deployment's list only (communities are
    known by name, not by a keyed digest). A restore without a list, or
    with another deployment's, says that what was erased after the backup was made is back."""
    if not sources:
        print(f"warning: no erasure list was read, so documents deleted (and client names listed) after"
              f" {created} are back as they were then; give the data dir or database this backup was"
              " taken of with --erasures-from (DATA_DIR or postgresql://...)", file=sys.stderr)
        return
    for source, (key, _) in zip(sources, listed):
        if key is not None and not rt.store.clients.keyed_alike(key):
            print(f"warning: nothing erased again from {source_shown(source)}: it is another deployment (its"
                  " secret key differs), whose digests match nothing here", file=sys.stderr)
    again = ingest.erase_again(rt.store, erased, created)
    # Communities are known by their names, not by keyed digests: only this deployment's list counts.
    ours = [entry for (key, _), entries in zip(listed, removed)
            if key is not None and rt.store.clients.keyed_alike(key) for entry in entries]
    # a group made again under a deleted one's name: as the newer copies have it (the first that has it)
    again_made: dict[str, tuple[str, bool]] = {}
    for (key, _), communities in zip(listed, made_again):
        if key is not None and rt.store.clients.keyed_alike(key):
            again_made = {**communities, **again_made}
    groups, packs = ingest.remove_again(rt.store, ours, created, again_made)
    relisted = [c for key, names in listed for c in ingest.list_again(rt.store, rt.embedder, key, names)]
    switched_on = _switched_on_again(rt, [on for (key, _), on in zip(listed, switched)
                                          if key is None or rt.store.clients.keyed_alike(key)])
    # metadata corrections that pseudonymised a document (under keyed digests: this deployment's only)
    recorrected = ingest.correct_again(rt.store, rt.embedder, [entry for (key, _), entries in zip(listed, corrected)
                                                               if key is not None and rt.store.clients.keyed_alike(key)
                                                               for entry in entries], created)
    if relisted or switched_on or recorrected:
        again += ingest.erase_again(rt.store, erased, created)
    print(f"deleted again {again} documents that were deleted after the backup was made ({len(erased)}"
          f" deletions in the audit log of {' and '.join(source_shown(s) for s in sources)} read)")
    print(f"deleted again {groups} communities and {packs} packs that were deleted after the backup was made"
          f" ({len(ours)} deletions of communities and packs read)")
    print(f"corrected again {recorrected} documents whose type or authors a moderator corrected after the backup"
          f" was made, pseudonymised again ({sum(len(entries) for entries in corrected)} such corrections read)")
    if relisted:
        print(f"pseudonymised again {sum(len(c.documents) for c in relisted)} documents and"
              f" {sum(c.pack_texts for c in relisted)} pack texts: {sum(c.new_names for c in relisted)} client"
              f" names listed after the backup was made ({', '.join(c.community for c in relisted)})")
    if switched_on:
        print(f"pseudonymised again {sum(len(c.documents) for c in switched_on)} documents and"
              f" {sum(c.pack_texts for c in switched_on)} pack texts of communities that switched"
              f" pseudonymisation on after the backup was made ({', '.join(c.community for c in switched_on)})")


def _switched_on_again(rt: Runtime, switched: list[set[str]]) -> list:
    """The restored communities that had pseudonymisation off and the newer copy has it on
    (of the same deployment): switched on, and what they stored pseudonymised again."""
    done = []
    for community in sorted({c.name for c in rt.store.accounts.communities() if not c.pseudonymise}
                            & set().union(*switched)):
        rt.store.accounts.set_community(community, pseudonymise=True, actor="restore")   # with its line
        done.append(ingest.pseudonymise_again(rt.store, rt.embedder, community))
    return done


def cmd_migrate(args: argparse.Namespace) -> int:
    """Copy every table, keep the vector collection, then check (and fill any vector the
    target's Chroma lacks, from the embedding cache) with the database's own model."""
    settings = args.settings
    if not settings.database_url:
        return _fail(BackupError("migrate needs --database-url postgresql://... (the empty target database)."))
    try:
        copied = migrate_from_sqlite(Settings(data_dir=args.from_sqlite.resolve(), model=settings.model),
                                     settings.database_url)
    except BackupError as exc:
        return _fail(exc)
    print(f"copied {sum(copied.values())} rows of {len(copied)} tables from {args.from_sqlite}"
          f" ({copied.get('documents', 0)} document versions, {copied.get('chunks', 0)} chunks)")
    rt = runtime(args, settings)
    report = rt.store.maintenance.check()
    repaired = not report.ok   # e.g. a new Chroma server: its vectors come from the embedding cache
    if repaired:
        report = ingest.repair(rt.store, lambda: rt.embedder)
    after = rt.store.maintenance.check() if repaired else report
    rt.store.health.record("check", after.ok, after.counts())
    _print_check(rt, report, repaired, after)
    return 0 if after.ok else 1


def _fail(exc: Exception) -> int:
    print(f"error: {exc}", file=sys.stderr)
    return EXIT_ERROR
