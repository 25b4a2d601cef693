"""bench.tuning.tune_people scores dumped hits with each weighing, as bench.people would."""
import json

from bench.tuning import tune_people
from search import Weighing


def _row(qid: str, wanted: list[str], hits: list[tuple[float, list[tuple[str, str]], str]]) -> dict:
    return {"id": qid, "people": wanted, "weaker": [],
            "hits": [{"doc_id": f"d{i}.md", "type": "sessieverslag", "score": score,
                      "authors": [[name, None, role, None] for name, role in authors],
                      "passages": [[f"d{i}#0", 0, text, None, score]]} for i, (score, authors, text) in enumerate(hits)]}


def _dump(tmp_path, name: str, rows: list[dict]) -> None:
    folder = tmp_path / "cache" / tune_people.CACHE
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps(rows), "utf-8")


def test_recall_counts_the_people_a_panel_of_five_names(tmp_path):
    crowd = [(f"Deelnemer {i}", "deelnemer") for i in range(6)]
    row = _row("q1", ["Wanda Spreekt"], [(1.0, [("Alma Inbreng", "inbreng"), *crowd, ("Wanda Spreekt", "deelnemer")],
                                           "Wanda vertelde hoe het gesprek met de huisbaas ging.")])
    _dump(tmp_path, "setje", [row])
    data = tune_people.load(tmp_path, ["setje"])
    assert tune_people.recall(data["setje"], Weighing(mentioned=0.0)) == 0.0   # a silent participant, last by name
    assert tune_people.recall(data["setje"], Weighing(mentioned=0.25)) == 1.0


def test_score_reports_today_and_each_set_held_back(tmp_path, capsys):
    row = _row("q1", ["Alma Inbreng"], [(1.0, [("Alma Inbreng", "inbreng")], "Een casus.")])
    for name in ("een", "twee"):
        _dump(tmp_path, name, [row])
    report = tune_people.score(tmp_path, ["een", "twee"], show=1)
    assert report["before"] == {"een": 1.0, "twee": 1.0} == report["now"]
    assert set(report["loso"]) == {"een", "twee"}
    assert "leave-one-set-out macro 1.0000" in capsys.readouterr().out
