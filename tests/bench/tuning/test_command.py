"""The floor rounds' shared command line (bench.tuning.command.floor_round)."""
from pathlib import Path

from bench.tuning import command


def _round(monkeypatch, argv):
    calls = []
    monkeypatch.setattr(command, "set_names", lambda paths: [p.name for p in paths])
    code = command.floor_round(
        argv, "help", "floor-x",
        {"dump": lambda sets, data, out: calls.append(("dump", out)),
         "symmetric": lambda sets, data, out: calls.append(("symmetric", out))},
        {"fusion": lambda sets, data: calls.append(("fusion", data))},
        lambda args, names: calls.append(("score", tuple(names), tuple(args.keep), tuple(args.only))))
    assert code == 0
    return calls


def test_a_dump_stage_writes_under_the_rounds_cache_and_stops(monkeypatch):
    with monkeypatch.context() as m:
        assert _round(m, ["a", "b", "--data-dir", "D", "--stage", "symmetric"]) == [
            ("symmetric", Path("D/cache/floor-x"))]


def test_all_dumps_in_order_then_scores_and_score_is_the_default(monkeypatch):
    with monkeypatch.context() as m:
        assert _round(m, ["a", "b", "--data-dir", "D", "--stage", "all", "--keep", "0.95"]) == [
            ("dump", Path("D/cache/floor-x")), ("symmetric", Path("D/cache/floor-x")),
            ("score", ("a", "b"), (0.95,), ())]
        assert _round(m, ["a", "--data-dir", "D", "--only", "dom_"]) == [("score", ("a",), (0.975,), ("dom_",))]


def test_another_stage_runs_alone(monkeypatch):
    with monkeypatch.context() as m:
        assert _round(m, ["a", "--data-dir", "D", "--stage", "fusion"]) == [("fusion", Path("D"))]
