"""bench/tuning's README indexes every tuning script, and each imports and has a command line."""
import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TUNING = ROOT / "bench" / "tuning"
LIBRARIES = {"tune_floor.py", "tune_ideas.py"}  # run through tune.py --stage floor-loso / ideas


def test_every_tuning_script_is_indexed_and_runnable():
    readme = (TUNING / "README.md").read_text(encoding="utf-8")
    scripts = sorted(p.name for p in TUNING.glob("tune*.py"))
    assert len(scripts) >= 14
    assert [name for name in scripts if f"`{name}`" not in readme] == []
    for name in scripts:
        module = importlib.import_module(f"bench.tuning.{name[:-3]}")
        assert callable(getattr(module, "main", None)) or name in LIBRARIES, name


def test_nothing_is_left_beside_the_bench_modules():
    assert sorted(p.name for p in (ROOT / "bench").glob("tune*.py")) == []
    assert (TUNING / "data" / "floor_null_questions_nl.txt").exists()
