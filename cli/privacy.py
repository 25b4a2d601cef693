"""Commands about clients' privacy: preview the pseudonymisation that ingest applies,
measure it on an evaluation set, and build deduce's lookup cache at install time."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cli._common import (
    LazyEmbedder,
    add_data_options,
    add_themes_option,
    known_community,
    print_tagged,
    reads_deployment,
    runtime,
    tag_themes,
)

if TYPE_CHECKING:  # ingest loads spaCy and deduce: imported only by the commands that use it
    from ingest import Pseudonymised

DEFAULT_EVAL_SET = Path("demo/eval-pseudo")



def register(commands) -> None:
    p = commands.add_parser("pseudonymise", help="show a text with client names replaced, as ingest stores it")
    p.add_argument("file", help="a text file, or - for standard input")
    p.add_argument("--community", help="also spare this community's members and replace its known client names, as ingest does")
    p.add_argument("--members", default="", help='names that stay, comma-separated: "Griet Van Hecke, Marc"')
    p.add_argument("--clients", default="", help="known client names, comma-separated")
    p.add_argument("--keep", default="", help='places, organisations, projects that stay, comma-separated')
    p.add_argument("--public", action="store_true",
                   help="a programme, presentation or publication: named professionals keep their names")
    p.add_argument("--no-model", action="store_true", help="rules and lists only, without deduce")
    p.add_argument("--show-names", action="store_true",
                   help="list the names found (Jansen -> J.) and kept also when standard error is not a terminal"
                        " (on a terminal they are listed anyway); otherwise only what replaced them")
    add_data_options(p)
    p.set_defaults(handler=cmd_pseudonymise)

    p = commands.add_parser("eval-pseudonymisation", help="measure client-name replacement on a labelled set")
    p.add_argument("folder", nargs="?", type=Path, default=DEFAULT_EVAL_SET,
                   help=f"folder with cases.jsonl (default {DEFAULT_EVAL_SET}), or one case file")
    p.add_argument("--cases", action="append",
                   help="a case file in the folder, repeatable: one report each (default cases.jsonl;"
                        " holdout.jsonl, demo/eval-notes heldout.jsonl: never used to tune the rules)")
    p.add_argument("--summary", action="store_true",
                   help="one line of totals per case file, no case-by-case table (for a held-out half)")
    p.add_argument("--all", action="store_true",
                   help=f"every half of {_all_sets_named()}, totals only,"
                        " with each file's role (tuning, held-out, seen)")
    p.add_argument("--tuning", action="store_true",
                   help="with --all: every file rules may be chosen on (tuning halves, and held-out"
                        " halves reported before and used for tuning since); never a held-out half")
    p.add_argument("--no-model", action="store_true", help="rules only, without deduce")
    p.add_argument("--verbose", "-v", action="store_true", help="list missed and wrongly replaced names")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=cmd_eval_pseudonymisation)

    clients = commands.add_parser("clients", help="a community's known client names, always replaced at ingest"
                                  ).add_subparsers(dest="action", required=True)
    p = clients.add_parser("add", help="add names (arguments, or one per line on stdin) and pseudonymise"
                                       " again the community's documents that hold them")
    p.add_argument("names", nargs="*")
    p.add_argument("--community", required=True)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--yes", action="store_true",
                   help="list a name that is also (part of) an author's or listed member's name of the community"
                        " without asking 'Is dit wel een cliënt?'")
    add_themes_option(p)
    add_data_options(p)
    p.set_defaults(handler=cmd_clients_add)
    p = clients.add_parser("list", help="how many known client names a community has (not the names)")
    p.add_argument("--community", required=True)
    add_data_options(p)
    reads_deployment(p)   # a mistyped --data-dir answered '0 known client names' and made a data dir there
    p.set_defaults(handler=cmd_clients_list)

    for command, kind, what in (("members", "member", "members whose names stay (people without an account)"),
                                ("keep", "keep", "places, organisations and projects whose names stay")):
        group = commands.add_parser(command, help=f"a community's list of {what}, applied at ingest"
                                    ).add_subparsers(dest="action", required=True)
        p = group.add_parser("add", help="add names (arguments, or one per line on stdin)")
        p.add_argument("names", nargs="*")
        p.add_argument("--community", required=True)
        add_data_options(p)
        p.set_defaults(handler=cmd_names_add, kind=kind)
        p = group.add_parser("remove", help="remove names from the list")
        p.add_argument("names", nargs="+")
        p.add_argument("--community", required=True)
        add_data_options(p)
        p.set_defaults(handler=cmd_names_remove, kind=kind)
        p = group.add_parser("list", help="list the names")
        p.add_argument("--community", required=True)
        add_data_options(p)
        reads_deployment(p)
        p.set_defaults(handler=cmd_names_list, kind=kind)

    p = commands.add_parser("prepare-pseudonymisation",
                            help="build deduce's name lists once (install time, about 3 minutes)")
    p.set_defaults(handler=cmd_prepare)


def cmd_pseudonymise(args: argparse.Namespace) -> int:
    """A file is read as ingest reads it (front matter, formats) and its authors are
    spared; standard input is taken as plain text. A name given both as a member and as
    a client is a client, as at ingest: the member list cannot hold a listed client
    (ingest.clients_win, the rule of `members add`), and what is left of the given
    clients is replaced last, as ingest replaces the listed ones (ingest.replace_given)."""
    import ingest

    members, clients, keep = _split(args.members), _split(args.clients), _split(args.keep)
    if args.community:
        policy = _community_policy(args)
        members, clients = members + list(policy.members), clients + list(policy.clients)
        keep += list(policy.keep)
    members, both = ingest.clients_win(members, clients)
    use_model = not args.no_model
    results: list[tuple[str | None, Pseudonymised]]
    if args.file == "-":
        results = [(None, ingest.pseudonymise(sys.stdin.read(), members, clients, use_model, keep, args.public))]
    else:
        try:
            previews = ingest.preview(Path(args.file), members, clients, use_model, keep, args.public)
        except ingest.IngestError as error:
            print(f"error: {args.file}: {error.detail}", file=sys.stderr)
            return 1
        results = [(title, result) for _, title, result in previews]
    results = [ingest.replace_given(clients, title, result) for title, result in results]
    if args.community:
        results = _with_listed(args, results)
    show = args.show_names or on_terminal()   # a preview on a terminal; never into a log unasked
    for title, result in results:
        _print_preview(title, result, show)
    _print_both(both, show)
    return 0


def _print_both(both: list[str], show_names: bool) -> None:
    """The members that were given as clients too, said on stderr (named as the preview
    names: only when `show_names`)."""
    if not both:
        return
    if show_names:
        for name in both:
            print(f"  {name}: listed as member and as client; replaced (a client is never a member, as at ingest)",
                  file=sys.stderr)
    else:
        print(f"  {len(both)} name(s) listed as member and as client: replaced, as at ingest"
              " (--show-names lists them)", file=sys.stderr)


def _with_listed(args: argparse.Namespace, results: list[tuple[str | None, Pseudonymised]]
                 ) -> list[tuple[str | None, Pseudonymised]]:
    """The community's known client names replaced too, as ingest does last (the
    list is kept as hashes, so it is matched against each text here)."""
    import ingest
    from store import open_store

    settings = args.settings
    if not Path(settings.data_dir).exists():
        return results
    store = open_store(settings)
    try:
        return [ingest.replace_listed(store, args.community, title, result) for title, result in results]
    finally:
        store.close()


def on_terminal() -> bool:
    """Whether the preview's notes (standard error) go to a person at a terminal."""
    return sys.stderr.isatty()


def _print_preview(title: str | None, result: Pseudonymised, show_names: bool) -> None:
    """The text on stdout; the title and what was replaced on stderr: the names found
    and kept only when `show_names` (a terminal, or --show-names), else what replaced
    them, so that output sent to a file names no client beyond what the text keeps."""
    if title:
        print(f"title: {title}", file=sys.stderr)
    sys.stdout.write(result.text)
    if show_names:
        for original, replacement in result.replacements:
            print(f"  {original} -> {replacement}", file=sys.stderr)
        for name, why in result.kept:
            print(f"  {name} kept ({why})", file=sys.stderr)
    elif result.replacements:
        print("  replaced with: " + ", ".join(dict.fromkeys(r for _, r in result.replacements))
              + " (--show-names lists the names)", file=sys.stderr)
    print(f"{result.count} replacements ({len(result.replacements)} distinct); {len(result.kept)} names kept",
          file=sys.stderr)


def cmd_eval_pseudonymisation(args: argparse.Namespace) -> int:
    """Case by case, or with --summary/--all totals only, so a held-out half is
    measured without its cases being read."""
    from bench.pseudonymisation import evaluate_pseudonymisation, format_report, format_summary

    if args.all:
        runs = [(folder, name) for folder, name, role in ALL_SETS
                if not (args.tuning and role == "held-out") and (folder / name).is_file()]
    else:
        folder, files = _eval_files(args.folder, args.cases)
        runs = [(folder, name) for name in files if (folder / name).is_file()]
    if not runs:
        print("error: no case files found; run it from the repository or name a folder", file=sys.stderr)
        return 1
    if args.summary or args.all:
        totals = [(folder / name, evaluate_pseudonymisation(folder, not args.no_model, name)) for folder, name in runs]
        roles = {folder / name: role for folder, name, role in ALL_SETS} if args.all else {}
        print(json.dumps({str(path): r.totals() | ({"role": roles[path]} if path in roles else {})
                          for path, r in totals}, ensure_ascii=False, indent=2)
              if args.json else format_summary(totals, roles))
        return 1 if any(r.members_replaced for _, r in totals) else 0
    folder, files = runs[0][0], [name for _, name in runs]
    reports = {name: evaluate_pseudonymisation(folder, use_model=not args.no_model, cases_file=name)
               for name in files}
    if args.json:
        dicts = {name: r.as_dict() for name, r in reports.items()}
        print(json.dumps(dicts if len(dicts) > 1 else dicts[files[0]], ensure_ascii=False, indent=2))
    else:
        print("\n\n".join((f"== {folder / name}\n" if len(reports) > 1 else "")
                          + format_report(r, args.verbose) for name, r in reports.items()))
    return 1 if any(r.members_replaced for r in reports.values()) else 0


# `--all`: the case texts the first rules were written with, and the informal notes of
# issue #16. Each file has a role: "tuning" (rules may be chosen on it), "held-out" (never
# read while tuning; the figures that are reported) or "seen": a held-out half that was
# reported once and then used as tuning data (sets 1-4 from the morning of 5 December, sets 5
# and 6 after their report at 086f7d3, set 7 after its report at f4a155a, set 8 after its
# report at 3ba3f73, set 9 after its report at 8ec2d00, set 10 after its report at 31eb183,
# set 11 after its report at 525e9d0, set 12 after its report at abef1a8, set 13 after its
# report at daa38ff, set 14 after its report at ad7f21d, set 15 after its report at 32deb10,
# set 16 after its report at e539314, set 17 after its report at ae19ea4e, set 18 after its
# report at ade21c6, set 19 after its report at 3640ca5, set 20 after its report at b365080,
# set 21 after its report at d9ec984, set 22 after its report at 04e828e, set 23 after its
# report at 1da0d3c, set 24 after its report at b60f1c0; the old figures stay in docs/history/pseudonymisation-rounds.md, but
# those halves can no longer judge the rules: the next round needs a fresh set first).
# `--tuning` runs every file that is not "held-out".
ALL_SETS: list[tuple[Path, str, str]] = [
    (Path("demo/eval-pseudo"), "cases.jsonl", "tuning"),
    (Path("demo/eval-pseudo"), "holdout.jsonl", "seen"),
    (Path("demo/eval-notes"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-2"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-2"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-3"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-3"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-4"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-4"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-5"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-5"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-6"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-6"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-7"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-7"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-8"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-8"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-9"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-9"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-10"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-10"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-11"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-11"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-12"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-12"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-13"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-13"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-14"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-14"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-15"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-15"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-16"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-16"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-17"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-17"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-18"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-18"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-19"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-19"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-20"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-20"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-21"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-21"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-22"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-22"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-23"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-23"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-24"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-24"), "heldout.jsonl", "seen"),
    (Path("demo/eval-notes-25"), "tune.jsonl", "tuning"),
    (Path("demo/eval-notes-25"), "heldout.jsonl", "seen"),
]


def _all_sets_named() -> str:
    """The folders `--all` runs, as its help names them: derived from ALL_SETS, since a
    written count went stale (the help said -2 to -21 after set 22 was registered)."""
    notes = sorted(int(folder.name.rpartition("-")[2]) for folder in {f for f, _, _ in ALL_SETS}
                   if folder.name.startswith("eval-notes-"))
    others = sorted({f.as_posix() for f, _, _ in ALL_SETS if not f.name.startswith("eval-notes-")})
    return f"{', '.join(others)} and demo/eval-notes-{notes[0]} to -{notes[-1]}"


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
    """List missed client names and pseudonymise again the community's stored
    documents that hold them; the report counts mentions, never prints a name."""
    import ingest

    rt = runtime(args)
    known_community(rt.store, args.community)   # before names are typed on stdin
    names = args.names or [line.strip() for line in sys.stdin if line.strip()]
    try:
        if not args.yes and not _confirmed_clients(rt.store, args, names):
            return 2
        # the owner may list a nickname that is also a word ("Snor"), which the web refuses
        report = ingest.correct_names(rt.store, LazyEmbedder(rt), args.community, names, words_ok=True)
    except ingest.NameProblem as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    rt.store.accounts.audit("opdrachtregel", f"cliëntnamen toegevoegd: {report.names} (nieuw: {report.new_names})", args.community)
    # the new versions' passages; without one nothing is tagged (and no model loads)
    tagged = tag_themes(rt, args) if report.documents else None
    if args.json:
        print(json.dumps(report.as_dict() | {"themes_tagged": tagged}, ensure_ascii=False, indent=2))
        return 0
    print(f"{report.names} names listed as known clients of {args.community} ({report.new_names} new);"
          f" {len(report.documents)} documents pseudonymised again, {report.mentions} mentions replaced")
    for doc_id, mentions in report.documents.items():
        print(f"  {doc_id}: {mentions} {'mention' if mentions == 1 else 'mentions'}")
    print_tagged(tagged)
    return 0


def _confirmed_clients(store, args: argparse.Namespace, names: list[str]) -> bool:
    """Whether the names may be listed: none is a whole word of the name of an author or
    listed member of the community (ingest.members_named), or the owner says yes at the
    terminal. `clients add --community 'PG Noord' Griet` turned the moderator Griet Van Hecke
    into 'G.' in every document of the group, at once and for good, where the web's forms ask
    'Is dit wel een cliënt?' first (workflow round 41). Names read from standard input, or
    no terminal (a script): refused, nothing listed, with --yes to say what to add."""
    import ingest

    named, people = ingest.members_named(store, args.community, ingest.clean_names(names, words_ok=True))
    if not people:
        return True
    quoted = ", ".join(f"'{n}'" for n in named)
    print(f"{quoted} is also (part of) the name of an author or listed member of {args.community}:"
          f" {', '.join(people)}. As a client name it becomes initials in every document of the community,"
          f" the authors' names too, and that cannot be undone.\n{quoted} staat ook in de naam van een auteur"
          f" of lid van {args.community}: {', '.join(people)}. Is dit wel een cliënt?", file=sys.stderr)
    if args.names and _terminal():
        if input("Toch als cliëntnaam vervangen? [j/N] ").strip().casefold() in ("j", "ja", "y", "yes"):
            return True
        print("not confirmed; nothing listed (niet bevestigd: er is niets bewaard)", file=sys.stderr)
        return False
    print("error: nothing listed; if it is a client all the same, run the command again with --yes"
          " (er is niets bewaard; is het toch een cliënt, voeg dan --yes toe)", file=sys.stderr)
    return False


def _terminal() -> bool:
    return sys.stdin.isatty()


def cmd_names_add(args: argparse.Namespace) -> int:
    import ingest

    store = runtime(args).store
    known_community(store, args.community)   # before names are typed on stdin
    names = args.names or [line.strip() for line in sys.stdin if line.strip()]
    if args.kind == "keep" and (number := ingest.refused_keep(store, args.community, names)):
        print(f"error: name {number} is a person's name, or holds a known client name of {args.community}:"
              " kept, it would stay in every document added from now on. The keep list is for places,"
              " organisations and projects: write them in full ('AZ Maria Middelares'); a member of the"
              " group goes on the member list (members add); a client's name never stays. Nothing was added.",
              file=sys.stderr)
        return 2
    if args.kind == "member" and (number := ingest.refused_member(store, args.community, names)):
        print(f"error: name {number} holds a known client name of {args.community}: a member's name stays in"
              " every document added from now on, a client's never. Nothing was added.", file=sys.stderr)
        return 2
    added = store.accounts.add_community_names(args.community, args.kind, names)
    what = "members" if args.kind == "member" else "names to keep"
    print(f"{added} of {len(names)} names added to the {what} of {args.community}; documents ingested"
          " from now on (or ingested again) keep them")
    return 0


def cmd_names_remove(args: argparse.Namespace) -> int:
    store = runtime(args).store
    removed = store.accounts.remove_community_names(known_community(store, args.community), args.kind, args.names)
    print(f"{removed} names removed from {args.community}")
    return 0


def cmd_names_list(args: argparse.Namespace) -> int:
    import ingest

    store = runtime(args).store
    known_community(store, args.community)   # a mistyped one printed nothing, as an empty list
    refused = set(ingest.applied_keep(store, args.community)[1]) if args.kind == "keep" else set()
    for name in store.accounts.community_names(args.community, args.kind):
        # an entry the keep list refuses now (ingest._keep) is not applied: said, so the owner removes it
        print(f"{name}\trefused: reads as a person's name or holds a client name; not applied" if name in refused
              else name)
    return 0


def cmd_clients_list(args: argparse.Namespace) -> int:
    """Only the number: the names are kept as hashes (store._clients), never as text."""
    store = runtime(args).store
    count = store.clients.client_name_count(known_community(store, args.community))
    print(f"{count} known client names in {args.community} (kept as hashes: the names themselves are"
          " not stored, so they cannot be listed)")
    return 0


def cmd_prepare(args: argparse.Namespace) -> int:
    import models

    seconds = models.prepare_deidentifier()
    print(f"deduce ready in {seconds:.1f} s (cache: {models.deidentifier_cache_dir()})")
    return 0


def _split(names: str) -> list[str]:
    return [n.strip() for n in names.split(",") if n.strip()]


def _community_policy(args: argparse.Namespace):
    """What ingest gives the pseudonymiser for this community: its members (users with
    a role in it, authors of its documents) and its known client names."""
    from ingest import Policy, community_policy
    from store import open_store

    settings = args.settings
    if not Path(settings.data_dir).exists():
        print(f"note: no data dir {settings.data_dir}, so no members of {args.community}", file=sys.stderr)
        return Policy(True, (), (), ())
    store = open_store(settings)
    try:   # a mistyped community previewed without its members and client names, as if it had none
        policy = community_policy(store, known_community(store, args.community))
    finally:
        store.close()
    if not policy.enabled:
        print(f"note: pseudonymisation is switched off for {args.community}; ingest stores the text"
              " unchanged", file=sys.stderr)
    return policy
