"""The package layout a newcomer relies on, checked over the source with `ast` (no imports run).

A package is reached through its facade (`__init__.py`): no product module imports
another package's private `_module`. Tests may, to test a part. bench/ goes through the
facades too, except the tuning bench, which replays fusion, the relevance floor and BM25
over cached rankings (parameters no facade should offer): `BENCH_MEASURES` lists what it
may import, so a new private import in bench/ is a decision, not a habit.
No import cycles, between packages or between modules: every import (lazy ones inside a
function too) is an edge of a graph built from the source, and its strongly connected
components must be single modules. Written with `ast` and Tarjan's algorithm (40 lines)
rather than a library (import-linter, grimp): those need contracts in a config file and
a new dependency for what this test states directly.

Product code (everything but bench/ and tests/) never imports bench/, the measuring code:
only the CLI's measuring commands do, inside the command, so that `import cli` and a
running server never load benchmark code or its optional dependencies.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("cli", "errors", "ingest", "models", "search", "settings", "store", "text", "web")


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


# The internals bench/tuning/tune.py, bench/tuning/tune_ideas.py, bench/tuning/tune_documents.py and bench/tuning/tune_third.py tune:
# the fusion's legs and weights, the floor's term coverage, the product's fusion setting, BM25 postings
# and the whole-document BM25 constants; bench/tuning/tune_seventeenth_floor.py runs the encoder's int8 graph
# with its token states as a second output (the floor's seventeenth round: the question and its passage read together).
BENCH_MEASURES = {"search._floor", "search._fusion", "search._retrieve", "store._bm25", "store._bm25_documents",
                  "models._encoders"}


def test_bench_imports_only_the_private_modules_it_measures():
    found = {hit.split(" imports ")[1] for path in _sources("bench")
             for hit in _private_imports_of_other_packages(path, "bench")}
    assert found <= BENCH_MEASURES, sorted(found - BENCH_MEASURES)


def test_the_private_import_check_sees_one(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from store._analyzer import fold\nfrom search._fusion import fuse\nfrom text import fold\n")
    assert _private_imports_of_other_packages(bad, "search") == ["bad.py:1 imports store._analyzer"]


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _targets(node: ast.AST, here: str, is_package: bool, known: set[str]) -> list[str]:
    """The modules one import statement names (`from pkg import sub` names pkg.sub only)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:  # relative: from the package this module is in (or is)
        base = here.split(".") if is_package else here.split(".")[:-1]
        base = base[: len(base) - node.level + 1]
        module = ".".join(base + ([node.module] if node.module else []))
    else:
        module = node.module or ""
    subs = [f"{module}.{alias.name}" for alias in node.names]
    return [t for t in subs if t in known] + ([module] if any(t not in known for t in subs) else [])


def import_graph(root: Path, packages=PRODUCT) -> dict[str, set[str]]:
    """module -> the project modules it imports anywhere in its source."""
    paths = {_module_name(p, root): p for package in packages for p in sorted((root / package).rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        edges = graph.setdefault(name, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            for target in _targets(node, name, path.name == "__init__.py", set(paths)):
                parts = target.split(".")
                while parts and ".".join(parts) not in paths:  # an attribute of a module
                    parts.pop()
                if parts and ".".join(parts) != name:
                    edges.add(".".join(parts))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycle_between_modules():
    assert cycles(import_graph(ROOT)) == []


def test_no_import_cycle_between_packages():
    graph = import_graph(ROOT)
    packages: dict[str, set[str]] = {}
    for module, targets in graph.items():
        top = module.split(".")[0]
        packages.setdefault(top, set()).update(t.split(".")[0] for t in targets if t.split(".")[0] != top)
    assert cycles(packages) == []


def test_the_cycle_check_finds_a_lazy_cycle_and_ignores_a_facade_import(tmp_path):
    """A cycle through an import inside a function counts (`ingest/_document` <->
    `ingest/_forget` was one); `from pkg import _sub` inside pkg is an edge to the
    submodule, not to the package's facade."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("from pkg._a import a\n")
    (package / "_a.py").write_text("from pkg import _b\n\ndef a():\n    return _b\n")
    (package / "_b.py").write_text("def b():\n    from pkg._c import c\n")
    (package / "_c.py").write_text("from ._b import b\n")
    (package / "_d.py").write_text("from . import _a\n")
    graph = import_graph(tmp_path, packages=("pkg",))
    assert graph["pkg._a"] == {"pkg._b"} and graph["pkg._d"] == {"pkg._a"}
    assert cycles(graph) == [["pkg._b", "pkg._c"]]


def _requirement_name(requirement: str) -> str:
    return re.split(r"[\s<>=!\[;~(]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def _runtime_distributions() -> set[str]:
    """pyproject.toml's [project] dependencies (what `pip install` of the wheel brings) and
    everything they require in turn, as this environment has them installed."""
    import tomllib
    from importlib import metadata

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    found: set[str] = set()
    todo = [_requirement_name(requirement) for requirement in declared]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        try:
            requirements = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        todo += [_requirement_name(r) for r in requirements if "extra ==" not in r or 'extra == "binary"' in r]
    return found


def _third_party_imports(packages, runtime: set[str]) -> list[str]:
    import sys
    from importlib import metadata

    providers = metadata.packages_distributions()
    missing = []
    for package in packages:
        for path in _sources(package):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                for name in _imported(node):
                    top = name.split(".")[0]
                    if top in PRODUCT or top == "bench" or top in sys.stdlib_module_names:
                        continue
                    if not {d.lower().replace("_", "-") for d in providers.get(top, [])} & runtime:
                        missing.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {top}")
    return missing


def test_every_module_the_product_imports_comes_with_the_wheel():
    """Found in the coordinator walkthrough: PyStemmer was only in the test extra, so every
    search of a server installed from the wheel answered 500 (No module named 'Stemmer').
    The wheel-install test takes its packages from the test environment and did not see it."""
    assert _third_party_imports(PRODUCT, _runtime_distributions()) == []


def test_the_dependency_check_sees_a_module_that_only_the_test_extra_brings():
    runtime = _runtime_distributions()
    assert "pystemmer" in runtime and "deduce" in runtime and "numpy" in runtime
    assert _third_party_imports(("text",), runtime - {"pystemmer"}) != []
