"""`eval-pseudonymisation` scoring: lower-case client names, members and places per kind,
per-half reports, and the informal-notes set itself (fast: rules only, no deduce)."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from bench.pseudonymisation import score_case

DEMO = Path(__file__).resolve().parents[2] / "demo"
NOTES = DEMO / "eval-notes"


def _validator():
    spec = importlib.util.spec_from_file_location("eval_validate", DEMO / "eval-pseudo" / "validate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


VALIDATE = _validator()


def _case(text, clients, keep, places=(), members=("Wendy Claus", "Ruben Aerts", "Ines Baert")):
    return {"id": "t1", "community": "Test", "members": list(members), "text": text,
            "clients": list(clients), "keep": list(keep), "places": list(places)}


def _score(case, replaced):
    spans = VALIDATE.label_spans(case["text"], case["clients"], case["keep"])
    return score_case(case, replaced, spans, VALIDATE.keep_kind)


def _at(text, word):
    start = text.index(word)
    return (start, start + len(word))


def test_a_lower_case_name_is_missed_until_its_words_are_replaced():
    text = "dhr van de velde belde, ruben nam op."
    case = _case(text, ["van de velde"], ["ruben"])
    assert _score(case, []).missed == ["van de velde"]  # not caught for free because it has no capital
    caught = _score(case, [_at(text, "velde")])          # "dhr van de V." keeps only particles
    assert (caught.mentions, caught.caught, caught.missed) == (1, 1, [])


def test_members_in_lower_case_and_places_are_counted_and_their_damage_reported():
    text = "wendy bracht mw. Goethals naar het Sociaal Huis Aalter; Ruben belde haar neef."
    case = _case(text, ["Goethals"], ["wendy", "Ruben", "Sociaal Huis Aalter"], ["Sociaal Huis Aalter"])
    score = _score(case, [_at(text, "wendy"), _at(text, "Goethals"), _at(text, "Aalter")])
    assert (score.member_mentions, score.members) == (2, ["wendy"])
    assert (score.place_mentions, score.places) == (1, ["Sociaal Huis Aalter"])
    assert score.caught == 1 and score.right == 1 and score.wrong == ["wendy", "Aalter"]


def _write_set(folder: Path, name: str, text: str) -> Path:
    case = _case(text, ["Verhelst"], ["Ines", "Lindenhof"], ["Lindenhof"])
    text_words = " ".join(["en zo verder"] * 30)
    case["text"] = f"{text} {text_words}"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(json.dumps(case, ensure_ascii=False) + "\n", "utf-8")
    return folder / name


def test_the_command_scores_a_case_file_or_every_half_of_a_folder(cli, tmp_path):
    folder = tmp_path / "set"
    one = _write_set(folder, "tune.jsonl", "Mevrouw Verhelst woont in de Lindenhof, zegt Ines.")
    _write_set(folder, "heldout.jsonl", "Ines zag Mevrouw Verhelst bij de Lindenhof.")
    code, out, _ = cli("eval-pseudonymisation", str(one), "--no-model")
    assert "==" not in out and "recall" in out
    assert "/1 mentions unchanged)" in out.split("places kept:")[1].splitlines()[0]
    assert "/1 mentions unchanged)" in out.split("members kept:")[1].splitlines()[0]
    code, out, _ = cli("eval-pseudonymisation", str(folder), "--no-model", "--json")
    report = json.loads(out)
    assert set(report) == {"tune.jsonl", "heldout.jsonl"}
    assert report["heldout.jsonl"]["kept"]["place"]["mentions"] == 1
    assert report["tune.jsonl"]["cases"][0]["mentions"] == 1


def test_the_summary_shows_totals_per_half_and_no_case(cli, tmp_path):
    """A held-out half is measured without its cases being shown: one line of totals each."""
    folder = tmp_path / "set"
    _write_set(folder, "tune.jsonl", "Mevrouw Verhelst woont in de Lindenhof, zegt Ines.")
    _write_set(folder, "heldout.jsonl", "Ines zag mevr verhelst bij de Lindenhof.")
    code, out, _ = cli("eval-pseudonymisation", str(folder), "--no-model", "--summary")
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("set/")]
    assert [r.split()[0] for r in rows] == ["set/heldout.jsonl", "set/tune.jsonl"]
    assert all("1.000 (1/1)" in r for r in rows)
    assert "t1" not in out and "missed" not in out
    code, out, _ = cli("eval-pseudonymisation", str(folder), "--no-model", "--summary", "--json")
    assert json.loads(out)[str(folder / "tune.jsonl")]["kept"]["member"] == {"kept": 1, "mentions": 1}


@pytest.mark.parametrize("half", ["tune.jsonl", "heldout.jsonl"])
def test_each_half_of_the_notes_set_is_valid_and_large_enough(half, capsys):
    assert VALIDATE.main([str(NOTES / half)]) == 0, capsys.readouterr().out
    cases = [json.loads(line) for line in (NOTES / half).read_text("utf-8").splitlines()]
    kinds = {"client": 0, "member": 0, "place": 0}
    for case in cases:
        for _, _, label, string in VALIDATE.label_spans(case["text"], case["clients"], case["keep"]):
            kind = "client" if label == "client" else VALIDATE.keep_kind(string, case)
            kinds[kind] = kinds.get(kind, 0) + 1
    assert len(cases) >= 30 and kinds["client"] >= 190
    assert kinds["member"] >= 100 and kinds["place"] >= 90


@pytest.mark.parametrize("folder", [NOTES, DEMO / "eval-notes-2", DEMO / "eval-notes-3", DEMO / "eval-notes-4",
                                    DEMO / "eval-notes-5", DEMO / "eval-notes-6", DEMO / "eval-notes-7",
                                    DEMO / "eval-notes-8", DEMO / "eval-notes-9", DEMO / "eval-notes-10",
                                    DEMO / "eval-notes-11", DEMO / "eval-notes-12",
                                    DEMO / "eval-notes-13", DEMO / "eval-notes-14",
                                    DEMO / "eval-notes-15", DEMO / "eval-notes-16",
                                    DEMO / "eval-notes-17", DEMO / "eval-notes-18",
                                    DEMO / "eval-notes-19", DEMO / "eval-notes-20",
                                    DEMO / "eval-notes-21", DEMO / "eval-notes-22",
                                    DEMO / "eval-notes-23", DEMO / "eval-notes-24",
                                    DEMO / "eval-notes-25"])
def test_the_halves_share_no_community(folder):
    communities = [{json.loads(line)["community"] for line in (folder / half).read_text("utf-8").splitlines()}
                   for half in ("tune.jsonl", "heldout.jsonl")]
    assert communities[0] and communities[1] and not communities[0] & communities[1]


NOTES_2 = DEMO / "eval-notes-2"
NOTES_3 = DEMO / "eval-notes-3"
NOTES_4 = DEMO / "eval-notes-4"
NOTES_5 = DEMO / "eval-notes-5"
NOTES_6 = DEMO / "eval-notes-6"
NOTES_7 = DEMO / "eval-notes-7"
NOTES_8 = DEMO / "eval-notes-8"
NOTES_9 = DEMO / "eval-notes-9"
NOTES_10 = DEMO / "eval-notes-10"
NOTES_11 = DEMO / "eval-notes-11"
NOTES_12 = DEMO / "eval-notes-12"
NOTES_13 = DEMO / "eval-notes-13"
NOTES_14 = DEMO / "eval-notes-14"
NOTES_15 = DEMO / "eval-notes-15"
NOTES_16 = DEMO / "eval-notes-16"
NOTES_17 = DEMO / "eval-notes-17"
NOTES_18 = DEMO / "eval-notes-18"
NOTES_19 = DEMO / "eval-notes-19"
NOTES_20 = DEMO / "eval-notes-20"
NOTES_21 = DEMO / "eval-notes-21"
NOTES_22 = DEMO / "eval-notes-22"
NOTES_23 = DEMO / "eval-notes-23"
NOTES_24 = DEMO / "eval-notes-24"
NOTES_25 = DEMO / "eval-notes-25"


def _build_module(folder: Path = NOTES_2):
    spec = importlib.util.spec_from_file_location(f"{folder.name}_build", folder / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# (set, texts, client mentions, communities) at least: eval-notes-3 and -4 were each written by
# a session that never read the rules (issue #16), 40 notes in 8 communities, 4 in each half;
# eval-notes-5 and -6 too, written after the halves of sets 1-4 had all been seen, and
# eval-notes-7 after those of 5 and 6 had been, eval-notes-8 (40 notes in 10 settings, 5 in each half)
# after those of 7 had been, eval-notes-9 (the same shape) after those of 8 had been,
# eval-notes-10 (the same shape) after those of 9 had been, eval-notes-11 (the same shape)
# after those of 10 had been, eval-notes-12 (the same shape) after those of 11 had been,
# eval-notes-13 (the same shape) after those of 12 had been, eval-notes-14 (the same shape)
# after those of 13 had been, eval-notes-15 (the same shape) after those of 14 had been,
# eval-notes-16 (the same shape) after those of 15 had been, eval-notes-17 (the same shape)
# after those of 16 had been, eval-notes-18 (the same shape) after those of 17 had been,
# eval-notes-19 (the same shape) after those of 18 had been, eval-notes-20 (the same shape)
# after those of 19 had been, eval-notes-21 (the same shape) after those of 20 had been,
# eval-notes-22 (the same shape) after those of 21 had been, eval-notes-23 (the same shape)
# after those of 22 had been, eval-notes-24 (the same shape) after those of 23 had been,
# and eval-notes-25 (the same shape) after those of 24 had been.
LABELLED_SETS = [(NOTES_2, 16, 80, 4), (NOTES_3, 20, 140, 4), (NOTES_4, 20, 240, 4), (NOTES_5, 20, 360, 4),
                 (NOTES_6, 20, 350, 4), (NOTES_7, 20, 320, 4),
                 (NOTES_8, 20, 320, 5), (NOTES_9, 20, 300, 5),
                 (NOTES_10, 20, 300, 5), (NOTES_11, 20, 350, 5),
                 (NOTES_12, 20, 280, 5), (NOTES_13, 20, 280, 5),
                 (NOTES_14, 20, 270, 5), (NOTES_15, 20, 300, 5),
                 (NOTES_16, 20, 350, 5), (NOTES_17, 20, 280, 5),
                 (NOTES_18, 20, 300, 5), (NOTES_19, 20, 220, 5),
                 (NOTES_20, 20, 290, 5), (NOTES_21, 20, 285, 5),
                 (NOTES_22, 20, 285, 5), (NOTES_23, 20, 270, 5),
                 (NOTES_24, 20, 270, 5), (NOTES_25, 20, 350, 5)]


@pytest.mark.parametrize("half", ["tune.jsonl", "heldout.jsonl"])
@pytest.mark.parametrize("folder, texts, mentions, communities", LABELLED_SETS)
def test_each_half_of_the_labelled_notes_sets_is_valid_and_built_from_its_labels(
        folder, texts, mentions, communities, half, capsys):
    """demo/eval-notes-2 to -25: the JSONL is what build.py makes of the labelled source, and
    the counting rule finds every label (and nothing else) at its place."""
    assert VALIDATE.main([str(folder / half)]) == 0, capsys.readouterr().out
    build = _build_module(folder)
    source = (folder / f"source-{half.removesuffix('.jsonl')}.txt").read_text("utf-8")
    built = build.parse(source)
    assert [build.check(case, spans, VALIDATE) for case, spans in built] == [[] for _ in built]
    stored = [json.loads(line) for line in (folder / half).read_text("utf-8").splitlines()]
    assert stored == [case for case, _ in built]
    spans = [VALIDATE.label_spans(c["text"], c["clients"], c["keep"]) for c in stored]
    assert len(stored) >= texts and sum(lab == "client" for s in spans for _, _, lab, _ in s) >= mentions
    assert len({c["community"] for c in stored}) == communities


def test_the_tuning_option_never_scores_a_held_out_half(cli, monkeypatch):
    """`--all --tuning` runs every file the rules may be chosen on (tuning halves, and held-out
    halves reported before and since used for tuning: role "seen"), never a "held-out" one; the
    role of each file is in the JSON. Which files run is the command's choice, not the
    pseudonymiser's: every case of every file is read, labelled and scored, but finds no name
    (running the rules twice over all ~700 cases took 5+ minutes of the suite; the scoring
    itself is tested above, the rules on the sets by `praktijkgeheugen eval-pseudonymisation --all`)."""
    from cli.privacy import ALL_SETS

    # Between two fresh sets every held-out half is "seen": one is made held-out here, so the
    # test can fail whether or not a fresh half is waiting to be reported.
    fresh = (Path("demo/eval-notes-21"), "heldout.jsonl")
    ALL_SETS = [(f, n, "held-out" if (f, n) == fresh else r) for f, n, r in ALL_SETS]
    monkeypatch.setattr("cli.privacy.ALL_SETS", ALL_SETS)
    monkeypatch.setattr("bench.pseudonymisation.find_mentions", lambda *args, **kwargs: [])
    monkeypatch.setattr("bench.pseudonymisation.pseudonymise", lambda *args, **kwargs: None)
    monkeypatch.chdir(DEMO.parent)
    _, out, _ = cli("eval-pseudonymisation", "--all", "--tuning", "--no-model", "--json")
    scored = json.loads(out)
    expected = {str(folder / name): role for folder, name, role in ALL_SETS if role != "held-out"}
    assert {path: totals["role"] for path, totals in scored.items()} == expected
    assert "demo/eval-notes-4/tune.jsonl" in scored and "demo/eval-notes/heldout.jsonl" in scored
    assert "demo/eval-notes-21/heldout.jsonl" not in scored and "demo/eval-notes-21/tune.jsonl" in scored
    assert all(role in {"tuning", "held-out", "seen"} for _, _, role in ALL_SETS)
