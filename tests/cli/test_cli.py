"""The praktijkgeheugen command, end to end in-process, with the fake embedder."""
import json

import pytest

from dutch_docs import write_docs

DEBTS = "wt-zuid/2023-2024/casus-schulden.md"


@pytest.fixture
def docs(tmp_path):
    return str(write_docs(tmp_path / "docs"))


def test_ingest_report_then_unchanged(cli, docs):
    code, out, _ = cli("ingest", docs, "--create-communities")
    assert code == 0 and f"ingested  {DEBTS}" in out and "3 ingested" in out
    code, out, _ = cli("ingest", docs, "--create-communities", "--json")
    assert json.loads(out)["counts"]["unchanged"] == 3


def test_ingest_failure_exit_code_and_reason(cli, tmp_path, docs):
    (tmp_path / "docs" / "leeg.md").write_text("")
    code, out, _ = cli("ingest", docs, "--create-communities")
    assert code == 1 and "failed    leeg.md: the file is empty" in out


def test_search_json_and_filters(cli, docs):
    cli("ingest", docs, "--create-communities")
    code, out, _ = cli("search", "huurachterstand woningcorporatie", "--json", "-k", "2")
    results = json.loads(out)["results"]
    assert code == 0 and results[0]["doc_id"] == DEBTS and results[0]["chunk_id"]
    code, out, _ = cli("search", "huurachterstand", "--json", "--community", "PG Noord", "--mode", "lexical")
    assert json.loads(out)["results"] == []


def test_search_plain_output_names_the_source(cli, docs):
    cli("ingest", docs, "--create-communities")
    code, out, _ = cli("search", "huurachterstand woningcorporatie", "-k", "1")
    assert "Fatima El Amrani (Wijkteam Zuid)" in out and DEBTS in out


def test_batch_search_and_who(cli, docs, tmp_path):
    cli("ingest", docs, "--create-communities")
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "a", "text": "huurachterstand"}\n{"id": "b", "text": "dementie bakker"}\n')
    code, out, _ = cli("search", "--queries", str(queries), "--json", "-k", "3")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["query_id"] for line in lines] == ["a", "b"]
    assert {"doc_id", "chunk_id", "score"} <= set(lines[0]["results"][0])
    code, out, _ = cli("search", "--queries", str(queries), "--json", "--who")
    first = json.loads(out.splitlines()[0])
    assert first["query_id"] == "a" and first["people"][0]["name"] == "Fatima El Amrani"
    code, out, _ = cli("search", "huurachterstand", "--who")
    assert code == 0 and out.startswith("Fatima El Amrani") and f"{DEBTS} (inbreng)" in out


def test_delete_and_documents_listing(cli, docs):
    cli("ingest", docs, "--create-communities")
    assert cli("delete", DEBTS)[1].strip() == f"deleted: {DEBTS}"
    code, out, _ = cli("delete", DEBTS)
    assert code == 1 and "not found" in out
    assert DEBTS not in cli("documents")[1]


def test_clear_errors(cli, docs, tmp_path):
    code, _, err = cli("ingest", str(tmp_path / "nope"))
    assert code == 2 and "does not exist" in err
    code, _, err = cli("search")
    assert code == 2 and "either a query or --queries" in err
    cli("ingest", docs, "--create-communities")
    code, _, err = cli("search", "x", "--model", "een-ander-model")
    assert code == 2 and "reindex --model een-ander-model" in err


def test_reindex_rebuilds_indexes(cli, docs):
    cli("ingest", docs, "--create-communities")
    code, out, _ = cli("reindex")
    assert code == 0 and "reindexed 3 documents" in out
    assert json.loads(cli("search", "huurachterstand", "--json")[1])["results"][0]["doc_id"] == DEBTS


def test_bench_finds_the_demo_corpus_by_default():
    """`praktijkgeheugen bench` defaults to the repo's demo/ (a path relative to the CLI package)."""
    from cli.benchmark import DEMO

    assert (DEMO / "corpus").is_dir() and (DEMO / "eval" / "queries.jsonl").is_file()


def test_the_type_option_names_every_type_and_watch_says_another_community_is_refused(capsys):
    """The help said 'sessieverslag, casus, reflectie or other' (programma, presentatie and
    publicatie were missing), and watch's --community 'unless a document names another',
    while such a file is refused (other_community; docs/map-bewaken.md)."""
    from cli import build_parser
    from store import DOCUMENT_TYPES

    for command in ("ingest", "watch"):
        with pytest.raises(SystemExit):
            build_parser().parse_args([command, "--help"])
        shown = " ".join(capsys.readouterr().out.split())
        assert [t for t in DOCUMENT_TYPES if f" {t}" not in shown] == [], command
    assert "whose front matter names another is refused" in shown and "unless" not in shown
