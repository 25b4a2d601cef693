"""`praktijkgeheugen search QUERY --export FILE` (issue 18): results as .xlsx or CSV."""
import openpyxl

from dutch_docs import WIDOWER, write_docs


def test_search_export_xlsx_and_semicolon_csv(cli, tmp_path):
    assert cli("ingest", str(write_docs(tmp_path / "docs")), "--create-communities")[0] == 0
    target = tmp_path / "resultaten.xlsx"
    code, out, _ = cli("search", "weduwnaar kaartnamiddag", "--export", str(target))
    assert code == 0 and "written to" in out
    sheet = openpyxl.load_workbook(target).worksheets[0]
    assert sheet.title == "Zoekresultaten" and sheet["A1"].value == "Zoekvraag"
    assert WIDOWER in [cell.value for cell in sheet["N"]]
    semi = tmp_path / "resultaten.csv"
    assert cli("search", "weduwnaar", "--export", str(semi), "--sep", ";", "--community", "PG Noord")[0] == 0
    assert semi.read_bytes().startswith("\ufeffZoekvraag;Rang;Score;Titel".encode("utf-8"))
    code, _, err = cli("search", "weduwnaar", "--export", str(tmp_path / "x.pdf"))
    assert code == 2 and ".xlsx or .csv" in err
