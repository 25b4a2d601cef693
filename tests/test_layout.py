"""The package layout a newcomer relies on, checked over the source with `ast` (no imports run).

A package is reached through its facade (`__init__.py`): no product module imports
another package's private `_module` (tests and bench/ may, to test or measure a part).
Product code (everything but bench/ and tests/) never imports bench/, the measuring code:
only the CLI's measuring commands do, inside the command, so that `import cli` and a
running server never load benchmark code or its optional dependencies.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("cli", "ingest", "models", "search", "store", "text", "web")


def _sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    return []


def _bench_imports(path: Path, *, top_level_only: bool) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    return [f"{path.name}:{node.lineno} imports {name}"
            for node in nodes for name in _imported(node)
            if name == "bench" or name.startswith("bench.")]


def test_product_packages_never_import_bench():
    found = [hit for package in PRODUCT if package != "cli"
             for path in _sources(package) for hit in _bench_imports(path, top_level_only=False)]
    assert found == []


def test_the_cli_imports_bench_only_inside_a_command():
    found = [hit for path in _sources("cli") for hit in _bench_imports(path, top_level_only=True)]
    assert found == []


def test_the_check_sees_a_top_level_bench_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom bench.speed import run_bench\n\ndef f():\n    import bench\n")
    assert _bench_imports(bad, top_level_only=True) == ["bad.py:2 imports bench.speed"]
    assert _bench_imports(bad, top_level_only=False) == ["bad.py:2 imports bench.speed", "bad.py:5 imports bench"]


def _private_imports_of_other_packages(path: Path, package: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [f"{path.name}:{node.lineno} imports {name}"
            for node in ast.walk(tree) for name in _imported(node)
            if name.split(".")[0] in PRODUCT and name.split(".")[0] != package
            and any(part.startswith("_") for part in name.split("."))]


def test_no_product_module_imports_another_packages_private_module():
    found = [hit for package in PRODUCT
             for path in _sources(package) for hit in _private_imports_of_other_packages(path, package)]
    assert found == []


def test_the_private_import_check_sees_one(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from store._analyzer import fold\nfrom search._fusion import fuse\nfrom text import fold\n")
    assert _private_imports_of_other_packages(bad, "search") == ["bad.py:1 imports store._analyzer"]

