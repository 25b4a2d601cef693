"""Commands about clients' privacy: preview the pseudonymisation that ingest applies,
measure it on an evaluation set, and build deduce's lookup cache at install time."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from web.cli._common import add_data_options, runtime

DEFAULT_EVAL_SET = Path("demo/eval-pseudo")


def register(commands) -> None:
    p = commands.add_parser("pseudonymise", help="show a text with client names replaced, as ingest stores it")
    p.add_argument("file", help="a text file, or - for standard input")
    p.add_argument("--community", help="also spare this community's members and replace its known client names, as ingest does")
    p.add_argument("--members", default="", help='names that stay, comma-separated: "Griet Van Hecke, Marc"')
    p.add_argument("--clients", default="", help="known client names, comma-separated")
    p.add_argument("--no-model", action="store_true", help="rules and lists only, without deduce")
    add_data_options(p)
    p.set_defaults(handler=cmd_pseudonymise)

    p = commands.add_parser("eval-pseudonymisation", help="measure client-name replacement on a labelled set")
    p.add_argument("folder", nargs="?", type=Path, default=DEFAULT_EVAL_SET,
                   help=f"folder with cases.jsonl (default {DEFAULT_EVAL_SET}), or one case file")
    p.add_argument("--cases", action="append",
                   help="a case file in the folder, repeatable: one report each (default cases.jsonl;"
                        " holdout.jsonl, demo/eval-notes heldout.jsonl: never used to tune the rules)")
    p.add_argument("--no-model", action="store_true", help="rules only, without deduce")
    p.add_argument("--verbose", "-v", action="store_true", help="list missed and wrongly replaced names")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=cmd_eval_pseudonymisation)

    clients = commands.add_parser("clients", help="a community's known client names, always replaced at ingest"
                                  ).add_subparsers(dest="action", required=True)
    p = clients.add_parser("add", help="add names (arguments, or one per line on stdin)")
    p.add_argument("names", nargs="*")
    p.add_argument("--community", required=True)
    add_data_options(p)
    p.set_defaults(handler=cmd_clients_add)
    p = clients.add_parser("list", help="list a community's known client names")
    p.add_argument("--community", required=True)
    add_data_options(p)
    p.set_defaults(handler=cmd_clients_list)

    p = commands.add_parser("prepare-pseudonymisation",
                            help="build deduce's name lists once (install time, about 3 minutes)")
    p.set_defaults(handler=cmd_prepare)


def cmd_pseudonymise(args: argparse.Namespace) -> int:
    """A file is read as ingest reads it (front matter, formats) and its authors are
    spared; standard input is taken as plain text."""
    import ingest

    members, clients = _split(args.members), _split(args.clients)
    if args.community:
        policy = _community_policy(args)
        members, clients = members + list(policy.members), clients + list(policy.clients)
    use_model = not args.no_model
    if args.file == "-":
        results = [(None, ingest.pseudonymise(sys.stdin.read(), members, clients, use_model))]
    else:
        try:
            previews = ingest.preview(Path(args.file), members, clients, use_model)
        except ingest.IngestError as error:
            print(f"error: {args.file}: {error.detail}", file=sys.stderr)
            return 1
        results = [(title, result) for _, title, result in previews]
    for title, result in results:
        _print_preview(title, result)
    return 0


def _print_preview(title: str | None, result) -> None:
    """The text on stdout; the title and what was replaced on stderr."""
    if title:
        print(f"title: {title}", file=sys.stderr)
    sys.stdout.write(result.text)
    for original, replacement in result.replacements:
        print(f"  {original} -> {replacement}", file=sys.stderr)
    print(f"{result.count} replacements ({len(result.replacements)} distinct)", file=sys.stderr)


def cmd_eval_pseudonymisation(args: argparse.Namespace) -> int:
    from bench.pseudonymisation import evaluate_pseudonymisation, format_report

    folder, files = _eval_files(args.folder, args.cases)
    reports = {name: evaluate_pseudonymisation(folder, use_model=not args.no_model, cases_file=name)
               for name in files}
    if args.json:
        dicts = {name: r.as_dict() for name, r in reports.items()}
        print(json.dumps(dicts if len(dicts) > 1 else dicts[files[0]], ensure_ascii=False, indent=2))
    else:
        print("\n\n".join((f"== {folder / name}\n" if len(reports) > 1 else "")
                          + format_report(r, args.verbose) for name, r in reports.items()))
    return 1 if any(r.members_replaced for r in reports.values()) else 0


def _eval_files(path: Path, cases: list[str] | None) -> tuple[Path, list[str]]:
    """The folder and case files to score: a file given as the path; else the --cases files;
    else cases.jsonl; else every .jsonl in the folder (demo/eval-notes: heldout and tune)."""
    if path.is_file():
        return path.parent, [path.name]
    if cases:
        return path, cases
    if (path / "cases.jsonl").is_file() or not path.is_dir():
        return path, ["cases.jsonl"]
    return path, sorted(p.name for p in path.glob("*.jsonl")) or ["cases.jsonl"]


def cmd_clients_add(args: argparse.Namespace) -> int:
    names = args.names or [line.strip() for line in sys.stdin if line.strip()]
    runtime(args).store.add_client_names(args.community, names)
    print(f"{len(names)} names added to the known clients of {args.community}; documents ingested"
          " from now on (or ingested again) have them replaced")
    return 0


def cmd_clients_list(args: argparse.Namespace) -> int:
    for name in runtime(args).store.client_names(args.community):
        print(name)
    return 0


def cmd_prepare(args: argparse.Namespace) -> int:
    import models

    seconds = models.prepare_deidentifier()
    print(f"deduce ready in {seconds:.1f} s (cache: {models._deidentify.deidentifier_cache_dir()})")
    return 0


def _split(names: str) -> list[str]:
    return [n.strip() for n in names.split(",") if n.strip()]


def _community_policy(args: argparse.Namespace):
    """What ingest gives the pseudonymiser for this community: its members (users with
    a role in it, authors of its documents) and its known client names."""
    from ingest import Policy, community_policy
    from store import Settings, open_store

    settings = Settings.load(args.data_dir, args.model, args.chroma_url)
    if not Path(settings.data_dir).exists():
        print(f"note: no data dir {settings.data_dir}, so no members of {args.community}", file=sys.stderr)
        return Policy(True, (), ())
    store = open_store(settings)
    try:
        policy = community_policy(store, args.community)
    finally:
        store.close()
    if not policy.enabled:
        print(f"note: pseudonymisation is switched off for {args.community}; ingest stores the text"
              " unchanged", file=sys.stderr)
    return policy
