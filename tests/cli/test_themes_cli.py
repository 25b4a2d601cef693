"""`praktijkgeheugen themes ...` end to end in-process, with the fake embedder."""
import csv
import datetime as dt
import io
import json

import pytest

from theme_docs import DOCS, HEAT, NEW, NEW_THEME, NORTH, OLD, RECURRING_THEME, SOUTH, _doc, write


@pytest.fixture
def themed(cli, tmp_path):
    """The command over a data dir with the theme documents and heat reports."""
    assert cli("ingest", str(write(tmp_path / "docs", {**DOCS, **HEAT})), "--create-communities")[0] == 0
    return cli


def test_retag_matrix_and_quotes(themed):
    code, out, _ = themed("themes", "retag")
    assert code == 0 and out.startswith("tagged ") and "with 14 themes" in out
    code, out, _ = themed("themes", "matrix", "--json")
    answer = json.loads(out)
    assert code == 0 and answer["scope"] == "groep"
    assert [(m["community"], m["by"], m["periods"]) for m in answer["matrices"]] == [
        (NORTH, "cycle", [OLD, NEW]), (SOUTH, "cycle", [NEW])]
    assert {"theme", "trend", "documents", "passages", "share"} <= set(answer["matrices"][0]["themes"][0])
    code, out, _ = themed("themes", "matrix", "--json", "--netwerk")
    network = json.loads(out)
    assert network["scope"] == "netwerk" and [(m["community"], m["periods"]) for m in network["matrices"]] == [
        (None, [OLD, NEW])]
    code, out, _ = themed("themes", "matrix", "--by", "session", "--cycle", NEW)
    assert code == 0 and out.startswith(f"== {NORTH} ==") and f"{NEW} #01" in out
    code, out, _ = themed("themes", "quotes", NEW_THEME, "--period", NEW)
    assert code == 0 and "noord/2023-2024/digitaal.md" in out and "Tom Wouters" in out


def test_export_csv_to_a_file_and_json_to_stdout(themed, tmp_path):
    target = tmp_path / "matrix.csv"
    assert themed("themes", "export", "--format", "csv", "-o", str(target))[0] == 0
    assert target.read_text("utf-8-sig").splitlines()[0].startswith(
        f"Groep,Thema,Verloop,Verloop over,Verloop van groepen,Lopende cyclus,{OLD} (documenten),{NEW} (documenten),"
        f"{OLD} (aandeel %)")
    code, out, _ = themed("themes", "export", "--what", "passages", "--format", "json", "--community", "Wijkteam Zuid")
    passages = json.loads(out)
    assert code == 0 and {hit["community"] for hits in passages.values() for hit in hits} == {"Wijkteam Zuid"}
    code, out, _ = themed("themes", "export", "--what", "passages")
    assert out.lstrip("\ufeff").splitlines()[0].startswith("Thema,Score,Document-id,Passage-id,Titel")


def test_discover_and_eval(themed, tmp_path):
    code, out, _ = themed("themes", "discover", "--json")
    assert code == 0 and all(c["label"] and c["size"] for c in json.loads(out))
    labelled = tmp_path / "labelled.jsonl"
    labelled.write_text("\n".join(json.dumps({"text": t, "themes": th}, ensure_ascii=False) for t, th in [
        ("Sinds de bank sloot, moet alles via een app en itsme.", ["digitale inclusie"]),
        ("De zaal is geboekt van twee tot vier.", []),
    ]), "utf-8")
    code, out, _ = themed("themes", "eval", str(labelled), "--json")
    report = json.loads(out)
    assert code == 0 and report["passages"] == 2 and 0 <= report["precision"] <= 1 and report["per_theme"]


def test_a_broken_vocabulary_is_a_one_line_error(themed, tmp_path):
    (tmp_path / "data" / "themes.yaml").write_text("themes: [: kapot", "utf-8")
    code, _, err = themed("themes", "matrix")
    assert code == 2 and err.startswith("error: ") and "not valid YAML" in err


def test_export_xlsx_and_csv_for_dutch_excel(themed, tmp_path):
    import openpyxl

    target = tmp_path / "passages.xlsx"
    assert themed("themes", "export", "--what", "passages", "--format", "xlsx", "-o", str(target))[0] == 0
    sheet = openpyxl.load_workbook(target).worksheets[0]
    assert [cell.value for cell in sheet[1]][:5] == ["Thema", "Score", "Document-id", "Passage-id", "Titel"]
    assert sheet.max_row > 1 and sheet.title == "Passages"
    code, _, err = themed("themes", "export", "--format", "xlsx")
    assert code != 0 and "-o FILE.xlsx" in err
    semi = tmp_path / "matrix.csv"
    assert themed("themes", "export", "--sep", ";", "-o", str(semi))[0] == 0
    assert semi.read_bytes().startswith(b"\xef\xbb\xbfGroep;Thema;Verloop;")


def _rows(out: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))


def test_trends_per_community_as_on_the_web_with_running_cycles_and_shares(themed, tmp_path):
    """The CLI follows the themes page's rule: one matrix per community (--netwerk
    pools them), a new group's just-started cycle marked lopend for that group only,
    and each count with its share of the period's documents, in the text, the JSON
    and the export alike."""
    recent = (dt.date.today() - dt.timedelta(days=10)).isoformat()
    started = {f"nieuw/2024-2025/sessie-{n}.md": _doc(
        f"Sessie {n}: kennismaking", "PG Nieuw", "2024-2025", n, recent, "Sara Claes", [RECURRING_THEME],
        "We stelden ons voor: eenzaamheid bij ouderen in de wijk kwam meteen ter sprake.") for n in (1, 2)}
    assert themed("ingest", str(write(tmp_path / "nieuw", started)), "--create-communities")[0] == 0
    code, out, _ = themed("themes", "matrix")
    sections = {block.split(" ==")[0]: block for block in out.split("== ")[1:]}
    assert code == 0 and set(sections) == {NORTH, SOUTH, "PG Nieuw"}
    assert "2024-2025 lopend" in sections["PG Nieuw"] and "lopend" not in sections[NORTH] + sections[SOUTH]
    assert f"{RECURRING_THEME}" in sections["PG Nieuw"] and "2 (100%)" in sections["PG Nieuw"]
    # what the trends rest on, as the page says it under each table
    assert "no trend: 0 complete cycles; running, not counted: 2024-2025" in sections["PG Nieuw"]
    assert "no trend: 1 complete cycle" in sections[SOUTH]
    assert f"trend over the complete cycles {OLD}, {NEW} of {NORTH}" in sections[NORTH]
    code, out, _ = themed("themes", "matrix", "--json", "--community", "PG Nieuw")
    [matrix] = json.loads(out)["matrices"]
    assert matrix["running"] == ["2024-2025"] and matrix["period_documents"] == {"2024-2025": 2}
    code, out, _ = themed("themes", "export")
    rows = _rows(out)
    assert {r["Groep"] for r in rows} == {NORTH, SOUTH, "PG Nieuw"}
    assert {r["Lopende cyclus"] for r in rows if r["Groep"] == "PG Nieuw"} == {"2024-2025"}
    assert {r["Lopende cyclus"] for r in rows if r["Groep"] != "PG Nieuw"} == {""}
    for row in rows:
        for period in (OLD, NEW, "2024-2025"):
            documents, everything = int(row[f"{period} (documenten)"]), int(row[f"{period} (alle documenten)"])
            assert documents <= everything
            assert row[f"{period} (aandeel %)"] == (str(round(100 * documents / everything)) if everything else "")
    north = next(r for r in rows if r["Groep"] == NORTH and r["Thema"] == RECURRING_THEME)
    assert north[f"{OLD} (documenten)"] == "1" and north["2024-2025 (alle documenten)"] == "0"
    assert north["2024-2025 (aandeel %)"] == ""   # no documents that cycle: no share, not 0 %
    code, out, _ = themed("themes", "export", "--netwerk", "--sep", ";")
    pooled = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff")), delimiter=";"))
    assert {r["Groep"] for r in pooled} == {"alle groepen samen"}
    assert {r["Lopende cyclus"] for r in pooled} == {"2024-2025"}
    assert {(r["Verloop over"], r["Verloop van groepen"]) for r in pooled} == {(f"{OLD}, {NEW}", NORTH)}
    recurring = next(r for r in pooled if r["Thema"] == RECURRING_THEME)
    assert int(recurring[f"{NEW} (alle documenten)"]) == len([d for d in {**DOCS, **HEAT} if NEW in d])


def test_retag_takes_no_filters_it_would_ignore(capsys):
    """`themes retag --community C` retagged every community's passages: the filters
    were accepted and ignored. Now they are refused, as any unknown option."""
    from cli import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["themes", "retag", "--community", NORTH])
    assert build_parser().parse_args(["themes", "retag"]).action == "retag"
