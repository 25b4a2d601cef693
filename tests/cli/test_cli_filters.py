"""A researcher's filter options at the command line (search, related, themes): a date
in the Dutch order, a mistyped date, community, type or theme. Each was taken as typed:
`--to 04-10-2023` was compared as text with ISO dates (a document of 3 October fell out),
`--from 2023-13-01` filtered nothing, `--community Gent` and `--type casussen` answered
'no results' and `themes quotes mantelzorgers` printed nothing, as if the question had no
answer. Now a date is read as on the web's filters and the rest is refused with the
nearest name, exit 2."""
from __future__ import annotations

import json

import pytest

from dutch_docs import write_docs

DEBTS = "wt-zuid/2023-2024/casus-schulden.md"   # Wijkteam Zuid, casus, 2023-10-03


@pytest.fixture
def ingested(cli, tmp_path):
    code, _, _ = cli("ingest", write_docs(tmp_path / "docs"), "--create-communities")
    assert code == 0


def _ids(cli, *options: str) -> list[str]:
    code, out, err = cli("search", "huurachterstand woningcorporatie", "--json", "--mode", "lexical", *options)
    assert code == 0, err
    return [hit["doc_id"] for hit in json.loads(out)["results"]]


def test_a_date_in_the_dutch_order_filters_as_the_date_it_is(cli, ingested):
    assert DEBTS in _ids(cli)
    assert DEBTS in _ids(cli, "--to", "04-10-2023")        # compared as text: '2023-10-03' > '04-10-2023'
    assert DEBTS not in _ids(cli, "--from", "04-10-2023")  # and '2023-10-03' >= '04-10-2023'
    assert DEBTS in _ids(cli, "--from", "3/10/2023", "--to", "2023-10-03")


@pytest.mark.parametrize(("options", "said"), [
    (("--from", "2023-13-01"), "--from '2023-13-01' is not a date"),
    (("--to", "31-02-2024"), "--to '31-02-2024' is not a date"),
    (("--from", "2024-01-01", "--to", "2023-01-01"), "--from 2024-01-01 is after --to 2023-01-01"),
    (("--community", "Wijkteam Zud"), "unknown community 'Wijkteam Zud' (onbekende groep); did you mean 'Wijkteam Zuid'?"),
    (("--community", "Zuid"), "did you mean 'Wijkteam Zuid'?"),
    (("--type", "casussen"), "unknown type 'casussen' (onbekende soort); did you mean 'casus'?"),
])
def test_a_filter_that_cannot_mean_what_was_typed_is_refused(cli, ingested, options, said):
    code, out, err = cli("search", "huurachterstand woningcorporatie", "--mode", "lexical", *options)
    assert code == 2 and out == ""
    assert said in " ".join(err.split())


def test_a_type_is_read_by_ingests_names(cli, ingested):
    assert DEBTS in _ids(cli, "--type", "Casus")
    assert DEBTS not in _ids(cli, "--type", "sessieverslag")


def test_related_says_which_document_it_does_not_know(cli, ingested):
    code, _, err = cli("related", "wt-zuid/2023-2024/casus-schuld.md")
    assert code == 2 and "there is no document 'wt-zuid/2023-2024/casus-schuld.md'" in err
    assert "praktijkgeheugen documents" in err     # it said only 'error: wt-zuid/...'
    code, _, err = cli("related", DEBTS, "--community", "Wijkteam Zud")
    assert code == 2 and "did you mean 'Wijkteam Zuid'?" in err


def test_related_cases_in_another_community_for_a_document_of_ones_own(cli, ingested):
    """Workflow round 41: `related DOC --community X` looked DOC up within X too, so a
    moderator asking what PG Noord went through for her own Wijkteam Zuid case got 'there is
    no document'. The filters choose the related documents, never the document itself."""
    code, out, err = cli("related", DEBTS, "--community", "PG Noord", "--json")
    assert code == 0, err
    related = json.loads(out)
    assert related and {hit["community"] for hit in related} == {"PG Noord"}
    code, out, err = cli("related", DEBTS, "--community", "Wijkteam Zuid", "--json")
    assert code == 0 and DEBTS not in {hit["doc_id"] for hit in json.loads(out)}   # never itself


def test_themes_refuse_a_mistyped_community_or_theme(cli, ingested):
    code, out, err = cli("themes", "matrix", "--community", "Wijkteam Zud")
    assert code == 2 and out == "" and "did you mean 'Wijkteam Zuid'?" in err
    code, out, err = cli("themes", "quotes", "mantelzorgers")
    assert code == 2 and out == ""
    assert "unknown theme 'mantelzorgers' (onbekend thema); did you mean 'mantelzorg'?" in err
    code, out, _ = cli("themes", "quotes", "mantelzorg", "--community", "Wijkteam Zuid")
    assert code == 0


@pytest.mark.parametrize("argv", [
    ("members", "list"), ("keep", "list"), ("clients", "list"), ("members", "add", "Jan Smit"),
    ("keep", "add", "De Vlasbloem"), ("members", "remove", "Jan Smit"), ("clients", "add", "Jansen"),
    ("users", "revoke", "sien"), ("users", "grant", "sien", "--role", "lid"),
])
def test_a_coordinators_mistyped_community_is_refused_with_the_nearest(cli, ingested, argv):
    """`members list --community 'Wijkteam Zud'` printed nothing with exit 0 and `clients list`
    '0 known client names in Wijkteam Zud', as if the group's lists were empty; the others said
    'unknown community' without the name meant."""
    cli("users", "add", "sien", "--password-stdin", stdin="een lang wachtwoord\n")
    code, out, err = cli(*argv, "--community", "Wijkteam Zud")
    assert code == 2 and out == ""
    assert "unknown community 'Wijkteam Zud' (onbekende groep); did you mean 'Wijkteam Zuid'?" in err


def test_communities_set_delete_and_a_preview_name_the_nearest(cli, ingested, tmp_path):
    code, _, err = cli("communities", "set", "Zuid", "--closed")
    assert code == 2 and "did you mean 'Wijkteam Zuid'?" in err
    code, _, err = cli("communities", "delete", "Wijkteam Zud", "--yes")
    assert code == 2 and "did you mean 'Wijkteam Zuid'?" in err and "nothing deleted" in err
    note = tmp_path / "notitie.txt"
    note.write_text("Mevrouw Jansen belde.", encoding="utf-8")
    # previewed without the group's members and client names, as if it had none
    code, out, err = cli("pseudonymise", note, "--community", "Wijkteam Zud", "--no-model")
    assert code == 2 and out == "" and "did you mean 'Wijkteam Zuid'?" in err
