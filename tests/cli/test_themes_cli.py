"""`praktijkgeheugen themes ...` end to end in-process, with the fake embedder."""
import json

import pytest

from theme_docs import DOCS, HEAT, NEW, NEW_THEME, OLD, write


@pytest.fixture
def themed(cli, tmp_path):
    """The command over a data dir with the theme documents and heat reports."""
    assert cli("ingest", str(write(tmp_path / "docs", {**DOCS, **HEAT})), "--create-communities")[0] == 0
    return cli


def test_retag_matrix_and_quotes(themed):
    code, out, _ = themed("themes", "retag")
    assert code == 0 and out.startswith("tagged ") and "with 14 themes" in out
    code, out, _ = themed("themes", "matrix", "--json")
    matrix = json.loads(out)
    assert code == 0 and matrix["by"] == "cycle" and matrix["periods"] == [OLD, NEW]
    assert {"theme", "trend", "documents", "passages"} <= set(matrix["themes"][0])
    code, out, _ = themed("themes", "matrix", "--by", "session", "--cycle", NEW)
    assert code == 0 and out.startswith("theme") and f"{NEW} #01" in out
    code, out, _ = themed("themes", "quotes", NEW_THEME, "--period", NEW)
    assert code == 0 and "noord/2023-2024/digitaal.md" in out and "Tom Wouters" in out


def test_export_csv_to_a_file_and_json_to_stdout(themed, tmp_path):
    target = tmp_path / "matrix.csv"
    assert themed("themes", "export", "--format", "csv", "-o", str(target))[0] == 0
    assert target.read_text("utf-8-sig").splitlines()[0].startswith(f"Thema,Verloop,{OLD} (documenten)")
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
    assert semi.read_bytes().startswith(b"\xef\xbb\xbfThema;Verloop;")
