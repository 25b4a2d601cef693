"""Admin commands: communities and users (scriptable: no prompts without a terminal)."""
from __future__ import annotations

import argparse
import json
import sys

from cli._common import (
    LazyEmbedder,
    add_data_options,
    add_themes_option,
    known_community,
    nearest,
    print_tagged,
    reads_deployment,
    runtime,
    tag_themes,
)
from cli._passwords import ask_new_password
from store import OWNER_SHOWN, PASSWORD_SET, ROLES, AccountError, check_user_name

_ACTOR = "cli"  # the audit log's name for the data dir's owner at the command line
# Its changes of who may read a group, and the passwords it sets, are in the audit log as
# the web admin's are: a group's moderators read them under "Wie er toegang kreeg"
# (/groep/namen), an account's owner on /account, both as "de eigenaar van de server
# (opdrachtregel)" (tenancy round 28; before, `users grant`, `revoke`, `delete` and
# `passwd` were silent). `users add`, `token`, `unlock` and `set` write one too (tenancy
# round 29), which the web admin reads at /beheer/audit; each change and its line are
# written under one hold of the writer lock (`accounts.changing()`); a role given or taken and an
# account's deletion write theirs in the change's own transaction (`actor`), so a crash leaves both
# or neither (tests/security/test_account_lines_crash.py).


def register(commands) -> None:
    communities = commands.add_parser("communities", help="manage communities").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    p = communities.add_parser("add", help="create a community (an existing one is refused, never changed)")
    p.add_argument("name")
    _settings(p, "other communities may find its material (default)", "do not pseudonymise client names")
    _data(p, cmd_community_add)
    p = communities.add_parser("set", help="change a community's settings (says what changed)")
    p.add_argument("name")
    _settings(p, "other communities may find its material", "stop pseudonymising client names")
    add_themes_option(p)
    _data(p, cmd_community_set)
    _reading(communities.add_parser("list", help="list communities"), cmd_community_list)
    p = communities.add_parser("delete", help="delete a community and every trace of it: its documents (as"
                               " `delete` does), roles, name lists, packs (asks first; --yes does not)")
    p.add_argument("name")
    p.add_argument("--yes", action="store_true", help="do not ask (needed without a terminal)")
    _data(p, cmd_community_delete)
    _register_users(commands)
    p = commands.add_parser("audit", help="the audit log, newest first: who did what, when, to whom (as /beheer/audit)")
    p.add_argument("--limit", type=_positive, default=200, help="how many lines (default 200)")
    p.add_argument("--json", action="store_true", help="as /api/beheer/audit's entries")
    _reading(p, cmd_audit)


def _register_users(commands) -> None:
    users = commands.add_parser("users", help="manage users").add_subparsers(
        dest="action", required=True, metavar="ACTION")
    p = users.add_parser("add", help="add a user")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.add_argument("--admin", action="store_true", help="beheerder: manages users and communities")
    _data(p, cmd_user_add)
    p = users.add_parser("grant", help="give a user a role in a community")
    p.add_argument("name")
    p.add_argument("--community", required=True)
    p.add_argument("--role", required=True, choices=ROLES)
    _data(p, cmd_user_grant)
    p = users.add_parser("revoke", help="take a user's role in a community away")
    p.add_argument("name")
    p.add_argument("--community", required=True)
    _data(p, cmd_user_revoke)
    _reading(users.add_parser("list", help="list users and their roles"), cmd_user_list)
    p = users.add_parser("passwd", help="set a new password (ends the user's web sessions and API tokens)")
    p.add_argument("name")
    p.add_argument("--password-stdin", action="store_true")
    p.add_argument("--keep-tokens", action="store_true", help="keep the user's API tokens valid")
    _data(p, cmd_user_passwd)
    p = users.add_parser("delete", help="delete a user account")
    p.add_argument("name")
    p.add_argument("--remove-authorship", action="store_true",
                   help="also remove the person's name from the documents of their communities")
    _data(p, cmd_user_delete)
    p = users.add_parser("set", help="set a user's e-mail address and whether others may contact them")
    p.add_argument("name")
    p.add_argument("--email", help="the address ('' removes it)")
    contact = p.add_mutually_exclusive_group()
    contact.add_argument("--contact", dest="contact", action="store_const", const=True,
                         help="agrees: person pages show the address")
    contact.add_argument("--no-contact", dest="contact", action="store_const", const=False,
                         help="does not agree (the default): person pages point to the moderators")
    _data(p, cmd_user_set)
    p = users.add_parser("unlock", help="let a user log in again after too many failed logins")
    p.add_argument("name")
    _data(p, cmd_user_unlock)
    p = users.add_parser("token", help="print a new personal API token for a user")
    p.add_argument("name")
    p.add_argument("--revoke", action="store_true", help="instead end all of the user's API tokens")
    p.add_argument("--days", type=int, help="the token stops working after this many days")
    p.add_argument("--label", help="a name the user's token list at /account shows (e.g. 'nightly export')")
    _data(p, cmd_user_token)


def _settings(p: argparse.ArgumentParser, shared_help: str, off_help: str) -> None:
    sharing = p.add_mutually_exclusive_group()
    sharing.add_argument("--shared", dest="sharing", action="store_const", const="shared", help=shared_help)
    sharing.add_argument("--closed", dest="sharing", action="store_const", const="closed",
                         help="only its own members see its material")
    names = p.add_mutually_exclusive_group()
    names.add_argument("--pseudonymise", dest="pseudonymise", action="store_const", const=True,
                       help="replace client names by initials (default)")
    names.add_argument("--no-pseudonymise", dest="pseudonymise", action="store_const", const=False, help=off_help)


def _data(parser: argparse.ArgumentParser, handler) -> None:
    add_data_options(parser)
    parser.set_defaults(handler=handler)


def _reading(parser: argparse.ArgumentParser, handler) -> None:
    """A command that only reads: a data dir without a database is said, not made."""
    _data(parser, handler)
    reads_deployment(parser)


def _password(args: argparse.Namespace, nothing_done: str) -> str:
    """From stdin as it is (the store refuses a short one, saying why); on a terminal
    asked until it is long enough and typed twice alike (cli._passwords)."""
    if args.password_stdin or not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    password = ask_new_password(nothing_done)
    if password is None:
        raise AccountError("no password given (the reason is above)")
    return password


def cmd_community_add(args: argparse.Namespace) -> int:
    store = runtime(args).store
    sharing, pseudonymise = args.sharing or "shared", args.pseudonymise is not False
    store.accounts.add_community(args.name, sharing, pseudonymise)
    store.accounts.audit(_ACTOR, f"groep aangemaakt: {sharing}, {'pseudonimiseren' if pseudonymise else 'niet pseudonimiseren'}",
                args.name)
    print(f"community '{args.name}' created: {sharing}, {'' if pseudonymise else 'not '}pseudonymised")
    return 0


def cmd_community_set(args: argparse.Namespace) -> int:
    if args.sharing is None and args.pseudonymise is None:
        raise AccountError("say what to change: --closed, --shared, --pseudonymise or --no-pseudonymise")
    rt = runtime(args)
    store = rt.store
    name = known_community(store, args.name)
    changes = store.accounts.set_community(name, args.sharing, args.pseudonymise, _ACTOR)   # each with its line
    print(f"community '{args.name}': " + ("; ".join(changes) if changes else "nothing changed"))
    if any(change.startswith("pseudonymise:") for change in changes) and args.pseudonymise:
        # what was stored while it was off is pseudonymised now, not only what comes after
        import ingest

        report = ingest.pseudonymise_again(store, LazyEmbedder(rt), args.name)
        store.accounts.audit(_ACTOR, f"opnieuw gepseudonimiseerd: {len(report.documents)} document(en)", args.name)
        print(f"{len(report.documents)} documents pseudonymised again, {report.mentions} client names replaced,"
              f" {len(report.renamed)} renamed (a name hidden in the id), {report.pack_texts} pack texts")
        print_tagged(tag_themes(rt, args) if report.documents else None)
    return 0


def cmd_community_list(args: argparse.Namespace) -> int:
    for c in runtime(args).store.accounts.communities():
        print(f"{c.name}\t{c.sharing}\t{'pseudonymised' if c.pseudonymise else 'not pseudonymised'}"
              f"\t{c.documents} documents")
    return 0


def cmd_community_delete(args: argparse.Namespace) -> int:
    rt = runtime(args)
    communities = rt.store.accounts.communities()
    community = next((c for c in communities if c.name == args.name), None)
    if community is None:
        raise AccountError(f"unknown community '{args.name}' (onbekende groep)"
                           f"{nearest(args.name, [c.name for c in communities])}; nothing deleted")
    if not args.yes:
        if not _terminal():
            raise AccountError(f"deleting '{args.name}' cannot be undone: add --yes (nothing deleted)")
        print(f"This deletes community '{args.name}', its {community.documents} documents, its roles, name lists"
              " and packs, for good.", file=sys.stderr)
        if input("Type its name to confirm: ").strip() != args.name:
            raise AccountError("not confirmed; nothing deleted")
    import ingest

    with rt.store.accounts.changing():   # the deletion and its line (written with the row) under one hold
        deleted = ingest.delete_community(rt.store, args.name, actor=_ACTOR)
    print(f"community '{args.name}' deleted, with {deleted} document(s), its roles, name lists and packs")
    return 0


def _terminal() -> bool:
    return sys.stdin.isatty()


def cmd_user_add(args: argparse.Namespace) -> int:
    accounts = runtime(args).store.accounts
    check_user_name(args.name)   # before the password is asked: a refused name wastes no typing
    password = _password(args, "er is niemand toegevoegd")
    with accounts.changing():
        accounts.add_user(args.name, password, args.admin)
        accounts.audit(_ACTOR, "gebruiker aangemaakt" + (" (beheerder)" if args.admin else ""), args.name)
    print(f"user '{args.name}' added{' (admin)' if args.admin else ''}")
    return 0


def cmd_user_grant(args: argparse.Namespace) -> int:
    store = runtime(args).store
    accounts = store.accounts
    accounts.user(args.name)   # an unknown user is said first, as before
    accounts.grant(args.name, known_community(store, args.community), args.role, _ACTOR)   # the role and its line in one transaction
    print(f"{args.name}: {args.role} in '{args.community}'")
    return 0


def cmd_user_revoke(args: argparse.Namespace) -> int:
    store = runtime(args).store
    accounts = store.accounts
    accounts.user(args.name)   # an unknown user is said first, as before
    revoked = accounts.revoke(args.name, known_community(store, args.community), _ACTOR)   # with its line, in one transaction
    print(f"{args.name}: {'no longer' if revoked else 'was not'} in '{args.community}'")
    return 0 if revoked else 1


def cmd_user_list(args: argparse.Namespace) -> int:
    for user in runtime(args).store.accounts.users():
        roles = ", ".join(f"{role} in {community}" for community, role in user.roles.items()) or "no roles"
        print(f"{user.name}{' (admin)' if user.is_admin else ''}\t{roles}")
    return 0


def cmd_user_passwd(args: argparse.Namespace) -> int:
    """The user is looked up before the password is read: `users passwd niemand` with an
    empty stdin said the password was too short, never that the user is unknown (QA,
    session of 7 December 2026)."""
    accounts = runtime(args).store.accounts
    accounts.user(args.name)   # AccountError "unknown user" first
    password = _password(args, "er is niets gewijzigd")
    with accounts.changing():
        ended = accounts.set_password(args.name, password, args.keep_tokens)
        # whoever set it can log in as the account: its owner is told at login, as of a reset link
        accounts.audit(_ACTOR, PASSWORD_SET, args.name)
    kept = "API tokens kept" if args.keep_tokens else f"{ended} API token(s) ended"
    print(f"password of '{args.name}' changed; web sessions ended, {kept}")
    return 0


def cmd_user_delete(args: argparse.Namespace) -> int:
    accounts = runtime(args).store.accounts
    was_admin = accounts.user(args.name).is_admin
    removed = accounts.delete_user(args.name, args.remove_authorship, _ACTOR)   # one line per group, with it
    names = f"; their name removed from {removed} document(s) of their communities" if args.remove_authorship else ""
    print(f"user '{args.name}' deleted{names}")
    if was_admin and not any(user.is_admin for user in accounts.users()):
        _no_admin_left()
    return 0


def _no_admin_left() -> None:
    """Said when the last admin's account goes: the web's /beheer then has nobody to invite
    users or manage groups, and the way back (a new admin at the command line; `users set`
    has no --admin) was said nowhere."""
    print("warning: no admin is left: nobody can invite users or manage communities on the web. Make one:"
          " praktijkgeheugen users add NAME --admin\n"
          "waarschuwing: er is geen beheerder meer: niemand kan op de website nog gebruikers uitnodigen of"
          " groepen beheren. Maak er een: praktijkgeheugen users add NAAM --admin", file=sys.stderr)


def cmd_user_unlock(args: argparse.Namespace) -> int:
    accounts = runtime(args).store.accounts
    with accounts.changing():
        accounts.unlock_login(args.name)
        accounts.audit(_ACTOR, "inloggen ontgrendeld", args.name)
    print(f"'{args.name}' may log in again (earlier failed logins are forgotten)")
    return 0


def cmd_user_token(args: argparse.Namespace) -> int:
    accounts = runtime(args).store.accounts
    with accounts.changing():
        if args.revoke:
            ended = accounts.revoke_tokens(args.name)
            accounts.audit(_ACTOR, f"API-tokens ingetrokken: {ended}", args.name)
        else:   # whoever ran it holds a token of the account: as `users passwd`, not silent
            token = accounts.create_token(args.name, args.days, args.label)
            accounts.audit(_ACTOR, "API-token gemaakt" + (f" ({args.days} dagen)" if args.days else ""), args.name)
    print(f"{ended} token(s) of '{args.name}' revoked" if args.revoke else token)
    return 0


def cmd_user_set(args: argparse.Namespace) -> int:
    accounts = runtime(args).store.accounts
    with accounts.changing():
        email, contact = accounts.set_contact(args.name, args.email, args.contact)
        changed = [what for what, given in (("e-mailadres", args.email is not None),
                                            ("contact " + ("toegestaan" if args.contact else "niet toegestaan"),
                                             args.contact is not None)) if given]
        if changed:   # what was set, never the address itself
            accounts.audit(_ACTOR, "contactgegevens gezet: " + ", ".join(changed), args.name)
    print(f"{args.name}: e-mail {email or 'none'}, {'may' if contact else 'may not'} be contacted")
    return 0


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of lines (1 or more)")
    return int(text)


def cmd_audit(args: argparse.Namespace) -> int:
    """The audit log at the command line: the web may be down, and a coordinator keeps it
    beside the backups (`audit --json > audit.json`). One line per entry, tab-separated:
    when (UTC), who, what, about whom or what, the web caller's address."""
    entries = runtime(args).store.accounts.audit_entries(args.limit, None)   # the server's owner reads every line whole
    if args.json:
        print(json.dumps(entries, indent=2, ensure_ascii=False))
        return 0
    for entry in entries:
        who = OWNER_SHOWN if entry["by_owner"] else entry["actor"]
        print("\t".join([entry["at"], who, entry["tekst"], entry["target"] or "", entry["address"] or ""]))
    return 0
