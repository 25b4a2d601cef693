"""Admin CLI: scriptable, no prompts when stdin is not a terminal. The `store` fixture
is on the CLI's own settings: what the commands wrote, on either backend."""

import pytest


def test_admin_sets_up_communities_and_users(cli, store):
    assert cli("communities", "add", "PG Noord", "--closed")[0] == 0
    assert cli("communities", "add", "Wijkteam Zuid")[0] == 0
    assert cli("users", "add", "an", "--password-stdin", stdin="een lang wachtwoord\n")[0] == 0
    assert cli("users", "add", "beheer", "--admin", stdin="nog een lang wachtwoord\n")[0] == 0
    assert cli("users", "grant", "an", "--community", "PG Noord", "--role", "moderator")[0] == 0
    out = cli("users", "list")[1]
    assert "an\tmoderator in PG Noord" in out and "beheer (admin)" in out
    listing = cli("communities", "list")[1]
    assert "PG Noord\tclosed" in listing and "Wijkteam Zuid\tshared" in listing
    token = cli("users", "token", "an")[1].strip()
    assert token.startswith("pg_") and store.accounts.user_for_token(token).name == "an"
    assert store.accounts.verify_password("an", "een lang wachtwoord").roles == {"PG Noord": "moderator"}


def test_password_change_revoke_and_delete(cli, store):
    cli("communities", "add", "PG Noord")
    cli("users", "add", "an", stdin="een lang wachtwoord\n")
    cli("users", "grant", "an", "--community", "PG Noord", "--role", "lid")
    assert cli("users", "passwd", "an", stdin="een nieuw wachtwoord\n")[0] == 0
    assert store.accounts.verify_password("an", "een lang wachtwoord") is None
    assert store.accounts.verify_password("an", "een nieuw wachtwoord") is not None
    assert cli("users", "revoke", "an", "--community", "PG Noord")[0] == 0
    assert cli("users", "revoke", "an", "--community", "PG Noord")[0] == 1
    assert cli("users", "delete", "an")[0] == 0
    assert store.accounts.users() == []


@pytest.mark.parametrize("args, stdin, message", [
    (("users", "add", "an"), "kort\n", "at least 10 characters"),
    (("users", "grant", "niemand", "--community", "X", "--role", "lid"), "", "unknown user"),
    (("users", "token", "niemand"), "", "unknown user"),
    (("users", "passwd", "niemand"), "", "unknown user"),   # said before the (empty) password
])
def test_clear_errors(cli, args, stdin, message):
    code, _, err = cli(*args, stdin=stdin)
    assert code == 2 and message in err


def test_duplicate_user_and_unknown_community(cli):
    cli("users", "add", "an", stdin="een lang wachtwoord\n")
    assert "already exists" in cli("users", "add", "an", stdin="een lang wachtwoord\n")[2]
    code, _, err = cli("users", "grant", "an", "--community", "Bestaat Niet", "--role", "lid")
    assert code == 2 and "unknown community" in err


def test_tokens_can_be_revoked(cli, store):
    cli("users", "add", "an", stdin="een lang wachtwoord\n")
    first, second = cli("users", "token", "an")[1].strip(), cli("users", "token", "an")[1].strip()
    assert store.accounts.user_for_token(first).name == store.accounts.user_for_token(second).name == "an"
    code, out, _ = cli("users", "token", "an", "--revoke")
    assert code == 0 and "2 token(s)" in out
    assert store.accounts.user_for_token(first) is None and store.accounts.user_for_token(second) is None


def test_a_token_made_at_the_command_line_carries_its_label_to_the_account_page(cli, store):
    cli("users", "add", "an", stdin="een lang wachtwoord\n")
    token = cli("users", "token", "an", "--label", "nachtelijke export", "--days", "30")[1].strip()
    listed = store.profiles.tokens("an")
    assert [t.label for t in listed] == ["nachtelijke export"] and listed[0].expires_at
    assert store.accounts.user_for_token(token).name == "an"
    assert cli("users", "token", "an", "--label", "x" * 101)[0] == 2   # refused, with a message
    assert len(store.profiles.tokens("an")) == 1


def test_a_community_is_deleted_with_yes_and_refused_without(cli, store, tmp_path, monkeypatch):
    from dutch_docs import write_docs

    assert cli("ingest", write_docs(tmp_path / "docs"), "--create-communities", "--no-themes")[0] == 0
    cli("users", "add", "an", stdin="een lang wachtwoord\n")
    cli("users", "grant", "an", "--community", "PG Noord", "--role", "moderator")
    kept = [d.doc_id for d in store.catalogue.list_documents() if d.meta.community != "PG Noord"]

    code, _, err = cli("communities", "delete", "PG Nord", "--yes")
    assert code == 2 and "unknown community 'PG Nord' (onbekende groep)" in err
    code, _, err = cli("communities", "delete", "PG Noord")   # no terminal, no --yes
    assert code == 2 and "--yes" in err and store.accounts.has_community("PG Noord")
    monkeypatch.setattr("cli.accounts._terminal", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "PG Zuid")   # asked on a terminal, answered wrong
    code, _, err = cli("communities", "delete", "PG Noord")
    assert code == 2 and "not confirmed" in err and store.accounts.has_community("PG Noord")

    code, out, _ = cli("communities", "delete", "PG Noord", "--yes")
    assert code == 0 and "community 'PG Noord' deleted, with 2 document(s)" in out
    assert not store.accounts.has_community("PG Noord") and store.accounts.user("an").roles == {}
    assert [d.doc_id for d in store.catalogue.list_documents()] == kept
    assert "PG Noord" not in cli("communities", "list")[1]


def test_the_audit_log_is_read_at_the_command_line(cli):
    """The audit log was only at /beheer/audit (the last 200 lines, at most 5,000): with the
    web down, or to keep it beside the backups, the server's owner had no way to read it."""
    import json

    cli("communities", "add", "PG Noord", "--closed")
    cli("users", "add", "an", stdin="een lang wachtwoord\n")
    cli("users", "grant", "an", "--community", "PG Noord", "--role", "lid")
    code, out, _ = cli("audit", "--json")
    entries = json.loads(out)
    assert code == 0 and [e["action"] for e in entries][:2] == ["rol gegeven: lid in PG Noord", "gebruiker aangemaakt"]
    assert entries[0] == {"at": entries[0]["at"], "actor": "cli", "by_owner": True,
                          "action": "rol gegeven: lid in PG Noord", "tekst": "rol gegeven: lid in PG Noord",
                          "target": "an", "address": None}
    code, out, _ = cli("audit", "--limit", "1")
    assert code == 0 and out.count("\n") == 1
    assert out.rstrip("\n").split("\t")[1:] == ["de eigenaar van de server (opdrachtregel)",
                                                 "rol gegeven: lid in PG Noord", "an", ""]
    # a group's settings as people read them (QA, 7 December: "groep aangemaakt: closed, ..."),
    # the stored codes kept in --json's `action`
    cli("communities", "set", "PG Noord", "--shared")
    code, out, _ = cli("audit")
    assert "groep aangemaakt: gesloten, pseudonimiseren" in out and "groep gewijzigd: van gesloten naar gedeeld" in out
    assert "closed" not in out and "shared" not in out
    entries = json.loads(cli("audit", "--json")[1])
    assert entries[0]["action"] == "groep gewijzigd: sharing: closed -> shared"


def test_deleting_the_last_admin_says_how_to_make_one(cli, store):
    """`users delete beheer` of the only admin said "user 'beheer' deleted" and nothing more:
    nobody could invite users or manage groups on the web any more, and nothing said how to
    get an admin back (`users set` has no --admin)."""
    cli("users", "add", "beheer", "--admin", stdin="een lang wachtwoord\n")
    cli("users", "add", "tweede", "--admin", stdin="een lang wachtwoord\n")
    cli("users", "add", "an", stdin="een lang wachtwoord\n")
    code, _, err = cli("users", "delete", "tweede")
    assert code == 0 and "no admin" not in err
    code, out, err = cli("users", "delete", "beheer")
    assert code == 0 and out.strip() == "user 'beheer' deleted"
    assert "warning: no admin is left" in err and "praktijkgeheugen users add NAME --admin" in err
    assert "waarschuwing: er is geen beheerder meer" in err
    code, _, err = cli("users", "delete", "an")
    assert code == 0 and "no admin" not in err   # said once, when the last one went


def test_a_user_name_with_other_marks_is_refused_before_the_password(cli, store):
    """As the invitation form: 'nieuw lid!' is refused, said in English and Dutch, before a
    password is read (typed for nothing otherwise), and no account is made."""
    code, _, err = cli("users", "add", "nieuw lid!", stdin="")
    assert code == 2 and "a user name holds letters, digits, spaces and . - _ ' @ only, not ‘!’" in err
    assert "een gebruikersnaam bevat alleen letters" in err and store.accounts.users() == []
    assert cli("users", "add", "l.peeters@ocmw.be", stdin="een lang wachtwoord\n")[0] == 0
