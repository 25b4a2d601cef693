"""`praktijkgeheugen watch FOLDER --community C`: keep a synced folder ingested."""
from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

import ingest
from cli._common import EXIT_ERROR, TYPE_HELP, add_data_options, add_themes_option, print_tagged, runtime, tag_themes
from errors import without_message
from store import serving

log = logging.getLogger(__name__)
DEFAULT_INTERVAL = 60.0  # seconds between passes when polling


def register(commands) -> None:
    p = commands.add_parser(
        "watch", help="ingest new and changed files of a (synced) folder and remove deleted ones; "
                      "polls, or one pass with --once (cron)")
    p.add_argument("folder", type=Path)
    p.add_argument("--community", required=True, help="the community of every document in the folder (a file"
                                                      " whose front matter names another is refused)")
    p.add_argument("--cycle", help="cycle (e.g. 2023-2024) for documents that do not name one")
    p.add_argument("--type", help=TYPE_HELP)
    p.add_argument("--once", action="store_true", help="one pass, then stop (for cron or a systemd timer)")
    p.add_argument("--interval", type=float, default=DEFAULT_INTERVAL,
                   help=f"seconds between passes (default {DEFAULT_INTERVAL:.0f})")
    p.add_argument("--settle", type=float, default=ingest.SETTLE_SECONDS,
                   help="a new or changed file is taken when it was last modified this many seconds ago, or"
                        f" when the next pass finds it unchanged (default {ingest.SETTLE_SECONDS:.0f})")
    add_themes_option(p)
    add_data_options(p)
    p.set_defaults(handler=cmd_watch)


def cmd_watch(args: argparse.Namespace) -> int:
    logging.getLogger("ingest").setLevel(logging.INFO)  # each file's outcome, as the status page shows it
    rt = runtime(args)
    if not rt.store.accounts.has_community(args.community):
        print(f"error: community '{args.community}' does not exist; create it first with"
              f" `praktijkgeheugen communities add \"{args.community}\"`", file=sys.stderr)
        return EXIT_ERROR
    # a bad --cycle or --type is one clear error now, not a failure for every file later
    overrides = ingest.checked_overrides(community=args.community, cycle=args.cycle, type=args.type)
    try:
        with serving(rt.settings.data_dir):   # `restore --force` refuses while this runs (store._lock)
            while True:
                if args.once:
                    return _one_pass(rt, args, overrides)
                _polled_pass(rt, args, overrides)
                time.sleep(args.interval)
    except KeyboardInterrupt:  # a pass stopped halfway is safe: each document is in or out as a whole
        return 0


def _polled_pass(rt, args: argparse.Namespace, overrides) -> None:
    """A pass that fails (the writer lock held too long, a store briefly unreadable) is
    logged and tried again at the next interval: a watch keeps running."""
    try:
        _one_pass(rt, args, overrides)
    except Exception as exc:  # a group folder's file chose the message: its kind and frames only
        log.error("watch: the pass over %s failed; trying again at the next interval: %s", _label(rt, args),
                  without_message(exc))


def _label(rt, args: argparse.Namespace) -> str:
    """The folder as the status page shows it (client names in its path hidden), for the log."""
    try:
        return ingest.watch_folder_label(rt.store, Path(args.folder).resolve(), args.community)
    except Exception:  # the store itself may be what failed
        return "the watched folder"


def _one_pass(rt, args: argparse.Namespace, overrides) -> int:
    try:
        done = ingest.watch_pass(rt.store, rt.embedder, args.folder, overrides, args.settle)
    except FileNotFoundError as exc:
        print(f"error: {exc}; nothing was changed", file=sys.stderr)
        return EXIT_ERROR
    for outcome in done.report.outcomes:
        # the document id (names hidden), never the file's name: a service's output is kept
        # in its journal; a refused file is named on the status page, read from the folder
        if outcome.status == "failed":
            print(f"{'failed':10} a file was refused ({outcome.code}); the status page /mappen names it")
        else:
            print(f"{outcome.status:10} {outcome.doc_id}")
    for doc_id in done.waiting:
        print(f"{'waiting':10} {doc_id} (still changing; taken when it is stable)")
    for doc_id in done.deleted:
        print(f"{'deleted':10} {doc_id} (its file is gone)")
    if done.kept:
        print(f"warning: {done.kept}", file=sys.stderr)
    if any(o.status in (ingest.INGESTED, ingest.REPLACED) for o in done.report.outcomes):
        print_tagged(tag_themes(rt, args))   # a quiet pass neither tags nor loads the tagger
    sys.stdout.flush()
    return 1 if done.report.failed else 0
