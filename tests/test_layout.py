"""The package layout a newcomer relies on, checked over the source with `ast` (no imports run).

Product code (everything but bench/ and tests/) never imports bench/, the measuring code:
only the CLI's measuring commands do, inside the command, so that `import cli` and a
running server never load benchmark code or its optional dependencies.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("cli", "ingest", "models", "search", "store", "web")


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
