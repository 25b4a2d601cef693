"""The README and docs/ say what the product does (issue #17, for every page, not only
the two Dutch guides): every `praktijkgeheugen` command they show exists with the
sub-command and options they give it, docs/cli.md names every command, every option of
every command is shown with it somewhere, every set under demo/ is named, every relative
link and anchor leads somewhere, and every file, web address (with its query
parameters), make target and environment variable they name exists. What each command
prints is checked where a test runs it (tests/cli, tests/test_handleiding.py)."""
from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

from fastapi.routing import APIRoute

from cli import build_parser
from doc_commands import BLOCK, PAGES, ROOT, anchor, broken_links, code, commands, options

CLI_REFERENCE = ROOT / "docs" / "cli.md"


def _sub(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings}


def command_problems(page_code: list[str]) -> list[str]:
    """What is wrong with each `praktijkgeheugen` command in these lines of code: an
    unknown command, an unknown action of a command that has actions (`users add|list`),
    an option that command (one of the actions named) does not take."""
    top = _sub(build_parser())
    problems = []
    for snippet in page_code:
        for name, rest in commands(snippet):
            if name not in top:
                problems.append(f"unknown command: praktijkgeheugen {name}{rest}")
                continue
            parsers, actions = [top[name]], _sub(top[name])
            first = rest.split()[0] if rest.split() else ""
            if actions and re.fullmatch(r"[a-z][\w-]*(\|[a-z][\w-]*)*", first):
                unknown = [word for word in first.split("|") if word not in actions]
                if unknown:
                    problems.append(f"unknown action {unknown}: praktijkgeheugen {name}{rest}")
                parsers = [actions[word] for word in first.split("|") if word in actions]
            elif actions:
                parsers = list(actions.values())
            for option in options(rest):
                if not any(option in _options(parser) for parser in parsers):
                    problems.append(f"unknown option {option}: praktijkgeheugen {name}{rest}")
    return problems


def test_every_documented_command_exists_with_its_options():
    problems = {page.relative_to(ROOT).as_posix(): command_problems(code(page)) for page in PAGES}
    assert {page: found for page, found in problems.items() if found} == {}


def test_the_command_check_sees_an_unknown_command_action_and_option():
    assert command_problems(["praktijkgeheugen search QUERY --who --json -k 5"]) == []
    assert command_problems(["praktijkgeheugen members add|remove|list --community C [NAME...]"]) == []
    assert command_problems(["sudo -u praktijkgeheugen make install", "/opt/praktijkgeheugen/.venv/bin/pip"]) == []
    found = command_problems(["praktijkgeheugen serach x", "praktijkgeheugen users ad els",
                              "praktijkgeheugen watch F --community C --onse  # x",
                              "/opt/x/.venv/bin/praktijkgeheugen backup f --forse && find . -name 'x'"])
    assert [problem.split(":")[0] for problem in found] == [
        "unknown command", "unknown action ['ad']", "unknown option --onse", "unknown option --forse"]


def _documented() -> list[tuple[str, str]]:
    return [found for page in PAGES for snippet in code(page) for found in commands(snippet)]


def test_the_cli_reference_names_every_command_and_the_docs_every_action():
    """docs/cli.md has a row for every command; every action of a command with actions
    (`users add`, `themes matrix`, ...) is shown somewhere in the docs."""
    top = _sub(build_parser())
    in_reference = {name for snippet in code(CLI_REFERENCE) for name, _ in commands(snippet)}
    assert sorted(set(top) - in_reference) == []
    shown = {(name, word) for name, rest in _documented() if rest.split() for word in rest.split()[0].split("|")}
    missing = [f"{name} {action}" for name, parser in top.items() for action in _sub(parser) if (name, action) not in shown]
    assert missing == []


def test_every_link_and_anchor_in_the_docs_resolves():
    broken = {page.relative_to(ROOT).as_posix(): broken_links(page) for page in PAGES}
    assert {page: links for page, links in broken.items() if links} == {}


def test_the_link_check_sees_a_missing_page_and_a_missing_heading(tmp_path):
    (tmp_path / "other.md").write_text("# Other page\n\n## Crash safety and `check`\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text("# Page\n[a](other.md) [b](other.md#crash-safety-and-check) [c](#page) [d](https://x.org/#y)\n"
                    "[e](gone.md) [f](other.md#crash-safety) ![g](img/none.png)\n", encoding="utf-8")
    assert broken_links(page) == ["gone.md", "other.md#crash-safety", "img/none.png"]
    assert anchor("9. Meerdere servers") == "9-meerdere-servers" and anchor("Thema's (for researchers)") == "themas-for-researchers"


# `docs/searching.md, "Floor, fifth round"` in a docstring, a comment or a page: a page and a section in it.
CITATION = re.compile(r"((?:docs|bench)/[\w/-]+\.md),? +\(?[\"*]([^\"*]+)[\"*]")


def _sections(page: Path) -> list[str]:
    """A page's headings and the bold or italic words that open a paragraph or a bullet (`**Relevance floor.**`,
    `- *What a web admin can still do*`), up to the line's end."""
    text = BLOCK.sub("", page.read_text(encoding="utf-8"))
    return re.findall(r"^#{1,6} (.+?)\s*$", text, re.M) + re.findall(r"^\s*(?:- )?\*{1,2}([^*\n]+)", text, re.M)


def citation_problems(text: str, root: Path = ROOT) -> list[str]:
    """Each `docs/X.md, "Section"` in the text whose page does not exist or has no heading (or
    bold lead) that starts with the section's name (a trailing "(7 December)" aside): a round
    moved to docs/history/ left its citations pointing at a page that no longer has it."""
    flat = re.sub(r"\s*\n\s*(?:#+ )?", " ", text)
    problems = []
    for page, name in CITATION.findall(flat):
        name = re.sub(r" \([^)]*\)$", "", name.strip().rstrip(".,"))
        path = root / page
        if not path.is_file():
            problems.append(f"no page: {page}")
        elif not any(section.startswith(name) for section in _sections(path)):
            problems.append(f"no section {name!r} in {page}")
    return problems


def test_every_section_a_docstring_comment_or_page_cites_exists():
    """Code and pages cite sections by name (`docs/history/searching-rounds.md, "Floor, seventh round"`,
    `docs/pseudonymisation.md, *Members keep their names*`): each names a page and a section it has."""
    sources = [p for folder in (*PACKAGES, "tests") for p in (ROOT / folder).rglob("*.py")
               if p.resolve() != Path(__file__).resolve()] + PAGES
    cited = {p.relative_to(ROOT).as_posix(): citation_problems(p.read_text(encoding="utf-8")) for p in sources}
    assert sum(len(CITATION.findall(re.sub(r"\s*\n\s*(?:#+ )?", " ", p.read_text(encoding="utf-8")))) for p in sources) > 50
    assert {page: found for page, found in cited.items() if found} == {}


def test_the_citation_check_sees_a_moved_section_and_a_missing_page(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text("# A\n\n### Floor, fifth round (6 December)\n\n- **Relevance floor.** x\n")
    text = ('"""(docs/a.md, "Floor, fifth round"), docs/a.md "Relevance floor", (docs/a.md, "Floor,\n'
            'sixth round"), docs/b.md, "Round ten" and docs/a.md, *Members keep*"""')
    assert citation_problems(text, tmp_path) == [
        "no section 'Floor, sixth round' in docs/a.md", "no page: docs/b.md", "no section 'Members keep' in docs/a.md"]


# Folders of the repository whose files the docs name in `code`: each must exist.
SOURCE = re.compile(r"((?:tests|store|search|ingest|web|cli|bench|models|text|settings|errors|demo|docs)/[\w./-]*)")


def test_every_file_the_docs_name_exists():
    named = {SOURCE.match(span).group(1).rstrip(".") for page in PAGES for span in code(page) if SOURCE.match(span)}
    assert len(named) > 50
    assert sorted(path for path in named if not (ROOT / path).exists()) == []


# Paths on a server in the docs (not web addresses): /etc/..., /srv/..., /opt/...
NOT_ADDRESSES = {"etc", "srv", "opt", "usr", "var", "mnt", "work", "tmp", "backups", "dev"}


def _routes() -> list[APIRoute]:
    from web.app import VIEWS

    return [route for module in VIEWS for route in module.router.routes if isinstance(route, APIRoute)]


def _query_names(dependant) -> set[str]:
    return {p.alias for p in dependant.query_params} | {n for d in dependant.dependencies for n in _query_names(d)}


def address_problems(spans: list[str]) -> list[str]:
    """Each `/address` or `GET|POST /address?name=...` in these spans that no route
    answers (with that method, when one is named), or with a query parameter the route
    does not read (`<id>`, `{id}` and `...` stand for any value)."""
    routes = _routes()
    read_raw = set(re.findall(r"query_params\.get\(\"(\w+)\"\)",
                              " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "web").rglob("*.py"))))
    problems = []
    for span in spans:
        match = re.fullmatch(r"(?:(GET|POST) )?(/[^\s?]*)(?:\?(\S*))?", span.strip())
        if not match or match.group(2).split("/")[1] in NOT_ADDRESSES:
            continue
        method, path, query = match.group(1), match.group(2), match.group(3) or ""
        concrete = re.sub(r"<[^>]*>|\{[^}]*\}|\.\.\.", "x", path)
        answering = [r for r in routes if r.path_regex.match(concrete) and (method is None or method in r.methods)]
        if not answering and concrete.rstrip("/") != "/openapi.json":
            problems.append(f"no route: {span}")
            continue
        names = {part.split("=")[0].strip("[&") for part in re.split(r"&|\[&", query) if part.strip("[]&")}
        accepted = set().union(*(_query_names(r.dependant) for r in answering)) | read_raw
        problems += [f"unknown query parameter {name}: {span}" for name in sorted(names - accepted)]
    return problems


def test_every_web_address_the_docs_name_is_a_route():
    spans = [span for page in PAGES for span in code(page)]
    assert len([s for s in spans if s.startswith(("/", "GET /", "POST /"))]) > 60
    assert address_problems(spans) == []


def test_the_address_check_sees_a_missing_route_a_wrong_method_and_parameter():
    assert address_problems(["/themas?netwerk=1", "POST /api/packs/<id>/items", "/api/search?q=...&k=10",
                             "/etc/caddy/Caddyfile", "/api/themes/export?what=matrix&format=csv[&sep=;]"]) == []
    assert address_problems(["/themes", "POST /api/search", "/api/search?q=x&limit=3"]) == [
        "no route: /themes", "no route: POST /api/search", "unknown query parameter limit: /api/search?q=x&limit=3"]


def test_every_make_target_the_docs_name_exists():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, re.M))
    named = {m for page in PAGES for snippet in code(page) if "apt-get" not in snippet   # `apt-get install make git`
             for m in re.findall(r"(?:^|(?<=[\s(`]))make ([a-z][\w-]*)", snippet)}
    assert {"run", "test", "test-fast", "lint", "dist", "install"} <= named
    assert sorted(named - targets) == []


def test_every_environment_variable_the_docs_name_is_read():
    """By the settings, the Makefile or the tests (their own switches)."""
    variable = re.compile(r"\b(PRAKTIJKGEHEUGEN_[A-Z_]+|XDG_[A-Z_]+|HF_[A-Z_]+)")
    named = {v for page in PAGES for v in variable.findall(page.read_text(encoding="utf-8"))}
    sources = [ROOT / "Makefile", *(p for folder in ("settings", "tests", "web", "cli") for p in (ROOT / folder).rglob("*.py"))]
    read = " ".join(path.read_text(encoding="utf-8") for path in sources if path.resolve() != Path(__file__).resolve())
    assert len(named) >= 9
    assert sorted(v for v in named if v not in read) == []


def test_the_readme_table_of_contents_lists_every_page():
    """Every page in docs/ has a row in the README's documentation table, and every row a page."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Documentation"):].split("\n## ")[0]
    rows = re.findall(r"^\| \[docs/([\w-]+\.md)\]\(docs/\1\) \|", table, re.M)
    assert len(rows) == len(set(rows))
    assert sorted(rows) == sorted(page.name for page in PAGES if page.parent.name == "docs")


RUNTIME = {"-h", "--help", "--data-dir", "--model", "--chroma-url", "--database-url"}   # docs/cli.md's header
FILTERS = {"--community", "--cycle", "--type", "--author", "--from", "--to"}            # `[filters]`


def undocumented_options(documented: list[tuple[str, str]]) -> list[str]:
    """Every option of every command (and of each of its actions) that no documented
    `praktijkgeheugen` command of that name (and action, when the docs name actions) shows
    under any of its spellings (`-o`/`--output`); the options every command takes
    (docs/cli.md's header) and, where a command shows `[filters]`, the filters, aside."""
    missing = []
    for name, parser in _sub(build_parser()).items():
        rests = [rest for command, rest in documented if command == name]
        actions = _sub(parser)
        targets = [(name, parser, rests)]
        for action, sub in actions.items():
            named = [rest for rest in rests if rest.split() and action in rest.split()[0].split("|")
                     or rest.split()[:1] and rest.split()[0].endswith("...")]
            targets.append((f"{name} {action}", sub, named or rests))
        for label, target, shown_in in targets:
            shown = {option for rest in shown_in for option in options(rest)}
            filtered = any("[filters]" in rest for rest in shown_in)
            for action in target._actions:
                spellings = set(action.option_strings)
                if not spellings or spellings & RUNTIME or (filtered and spellings & FILTERS):
                    continue
                if not spellings & shown:
                    missing.append(f"{label} {max(spellings, key=len)}")
    return missing


def test_every_option_of_every_command_is_documented():
    """A new flag (`ingest --move`) is shown with its command somewhere in the docs:
    docs/cli.md's row, or the page it links to for a command with actions."""
    assert undocumented_options(_documented()) == []


def test_the_option_check_sees_a_missing_option_and_its_other_spelling():
    assert "themes export --output" in undocumented_options([])
    assert "eval-people --half" in undocumented_options([("eval-people", "D --corpus C --tune")])
    assert not [found for found in undocumented_options([("themes", "export -o F")]) if found.startswith("themes export --output")]


def unnamed_sets(folders: list[str], text: str) -> list[str]:
    """The folders (`demo/eval-notes-13`) the text never names by their path; a longer
    name (`demo/eval-notes-130`, `demo/eval-notes-13x`) is not theirs."""
    return [folder for folder in folders if not re.search(re.escape(folder) + r"(?![\w-])", text)]


def test_every_demo_set_is_named_in_the_docs():
    """A new evaluation set (demo/eval-cases-8, demo/eval-notes-13) is described, or at
    least named, in the README or docs/: what it is for and how it is run."""
    folders = sorted(f"demo/{path.name}" for path in (ROOT / "demo").iterdir() if path.is_dir())
    assert unnamed_sets(folders, "\n".join(page.read_text(encoding="utf-8") for page in PAGES)) == []


def test_the_set_check_sees_an_unnamed_set():
    assert unnamed_sets(["demo/eval-notes-13", "demo/eval-notes-1"], "`demo/eval-notes-13x`, demo/eval-notes-1.") == [
        "demo/eval-notes-13"]


def _help_of(words: list[str], option: str) -> str:
    parser = build_parser()
    for word in words:
        parser = _sub(parser)[word]
    return " ".join(next(a.help for a in parser._actions if option in a.option_strings).split())


def sets_named(help_text: str) -> set[str]:
    """The folders a help text names: `demo/x`, and `demo/eval-notes-2 to -22` as every one between."""
    named = set(re.findall(r"demo/[\w-]+(?![\w-]* to -)", help_text))
    for first, last in re.findall(r"demo/eval-notes-(\d+) to -(\d+)", help_text):
        named |= {f"demo/eval-notes-{n}" for n in range(int(first), int(last) + 1)}
    return named


def test_the_all_option_names_the_sets_it_runs():
    """`eval-pseudonymisation --all`'s help names exactly the folders of ALL_SETS (it said
    "demo/eval-notes(-2 to -21)" while -22 was registered): no set left out, none gone."""
    from cli.privacy import ALL_SETS

    assert sets_named(_help_of(["eval-pseudonymisation"], "--all")) == {f.as_posix() for f, _, _ in ALL_SETS}


def test_the_set_range_check_reads_a_range():
    assert sets_named("every half of demo/eval-pseudo and demo/eval-notes-2 to -4, totals") == {
        "demo/eval-pseudo", "demo/eval-notes-2", "demo/eval-notes-3", "demo/eval-notes-4"}


ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _readme_layout() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r"## Architecture\n\n```\n(.*?)```", readme, re.S).group(1)


def layout_problems(layout: str, root: Path) -> list[str]:
    """The README's layout block against the folders: every package (a top-level folder of
    Python modules, tests/ aside) named as `name/`, and no `name/` named that is not one."""
    packages = {p.name for p in root.iterdir() if p.is_dir() and p.name != "tests" and any(p.glob("*.py"))}
    named = set(re.findall(r"^(?:  -> )?(\w+)/ ", layout, re.M))
    return [f"not named: {p}/" for p in sorted(packages - named)] + [f"no package: {p}/" for p in sorted(named - packages)]


def test_the_readme_layout_names_every_package_and_no_other():
    assert layout_problems(_readme_layout(), ROOT) == []


def test_the_layout_check_sees_a_missing_and_a_gone_package(tmp_path):
    for name in ("store", "errors", "tests"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").write_text("")
    assert layout_problems("  -> store/    x\nold/   y\n", tmp_path) == ["not named: errors/", "no package: old/"]


def store_parts() -> list[str]:
    """The parts Store.__init__ makes (`self.catalogue = Catalogue(...)`), from the source."""
    tree = ast.parse((ROOT / "store" / "__init__.py").read_text(encoding="utf-8"))
    init = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "__init__"
                and any(isinstance(t, ast.Attribute) and t.attr == "catalogue"
                        for a in ast.walk(n) if isinstance(a, ast.Assign) for t in a.targets))
    return [t.attr for a in ast.walk(init) if isinstance(a, ast.Assign) for t in a.targets
            if isinstance(t, ast.Attribute) and isinstance(a.value, ast.Call) and not t.attr.startswith("_")
            and t.attr not in {"db", "lock"}]


def part_problems(parts: list[str], picture: str, table: str, readme: str) -> list[str]:
    """Each part once in docs/architecture.md's picture (`store.packs` was there twice) and
    in its table, and in the README's list of parts."""
    problems = [f"picture: store.{p} {n} times" for p in parts if (n := len(re.findall(rf"^  store\.{p} ", picture, re.M))) != 1]
    problems += [f"table: {p}" for p in parts if not re.search(rf"^\| `{p}` \|", table, re.M)]
    return problems + [f"README: {p}" for p in parts if not re.search(rf"\b{p}\b", readme)]


def test_the_architecture_page_names_every_part_of_the_store_once():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    parts = store_parts()
    assert {"catalogue", "vectors", "packs", "health"} <= set(parts)
    readme = _readme_layout().split("composed of parts:")[1].split("->")[0]
    assert part_problems(parts, text.split("```")[1], text, readme) == []


def test_the_part_check_sees_a_part_missing_and_one_twice():
    picture = "  store.a   x\n  store.b   y\n  store.b   z\n"
    assert part_problems(["a", "b"], picture, "| `a` | A |\n", "parts: a, c") == [
        "picture: store.b 2 times", "table: b", "README: b"]


def test_the_architecture_page_names_every_module_of_the_store():
    text = ARCHITECTURE.read_text(encoding="utf-8")
    modules = sorted(p.name for p in (ROOT / "store").iterdir() if p.suffix in {".py", ".sql"} and p.name != "__init__.py")
    assert len(modules) > 40
    assert [m for m in modules if not re.search(rf"(?<![\w.]){re.escape(m)}\b", text)] == []


PACKAGES = ("bench", "cli", "errors", "ingest", "models", "search", "settings", "store", "text", "web")
DOTTED = re.compile(r"(?<![\w./-])((?:%s)(?:\.\w+)+)" % "|".join(PACKAGES))


def _top_level(path: Path) -> dict[str, ast.AST]:
    """What a module defines at its top level (also under `if`/`try`), by name."""
    found: dict[str, ast.AST] = {}
    for node in (n for top in ast.parse(path.read_text(encoding="utf-8")).body
                 for n in ([top] if not isinstance(top, (ast.If, ast.Try)) else ast.walk(top))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found[node.name] = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found |= {n.id: node for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            found |= {(a.asname or a.name).split(".")[0]: node for a in node.names}
    return found


def _members(cls: ast.ClassDef) -> set[str]:
    return {n.name for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))} | {
        t.id for n in cls.body if isinstance(n, (ast.Assign, ast.AnnAssign))
        for t in (n.targets if isinstance(n, ast.Assign) else [n.target]) if isinstance(t, ast.Name)}


def _part_classes(root: Path) -> dict[str, ast.ClassDef]:
    """`store.catalogue` -> the class Catalogue: a Store's parts, as docs/architecture.md calls them."""
    classes = {name: node for path in (root / "store").glob("*.py")
               for name, node in _top_level(path).items() if isinstance(node, ast.ClassDef)}
    init = ast.parse((root / "store" / "__init__.py").read_text(encoding="utf-8"))
    return {t.attr: classes[a.value.func.id] for a in ast.walk(init) if isinstance(a, ast.Assign)
            and isinstance(a.value, ast.Call) and isinstance(a.value.func, ast.Name) and a.value.func.id in classes
            for t in a.targets if isinstance(t, ast.Attribute)}


def unknown_name(dotted: str, root: Path = ROOT) -> bool:
    """Whether `package.module.name` (or `.Class.method`, or a store part's `store.part.method`)
    names nothing in the source: read with `ast`, nothing is imported."""
    parts = dotted.split(".")
    path, i = root / parts[0], 1
    while i < len(parts) and ((path / parts[i]).is_dir() or (path / f"{parts[i]}.py").is_file()):
        path, i = path / parts[i], i + 1
    module = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    if i == len(parts):
        return not (module.exists() or path.is_dir())
    if parts[0] == "store" and i == 1 and parts[1] in (classes := _part_classes(root)):
        return len(parts) > 2 and parts[2] not in _members(classes[parts[1]])
    defined = _top_level(module) if module.exists() else {}
    if parts[i] not in defined:
        return True
    node = defined[parts[i]]
    return i + 1 < len(parts) and isinstance(node, ast.ClassDef) and parts[i + 1] not in _members(node)


def test_every_module_function_and_class_the_docs_name_exists():
    """`ingest.check_field`, `store._filters.filter_sql`, `store.catalogue.get_document`,
    `web.text.marked_html`: each names something in the source with that name."""
    named = {d.rstrip(".") for page in PAGES for span in code(page) for d in DOTTED.findall(span)}
    assert len(named) > 100
    assert sorted(d for d in named if unknown_name(d)) == []


def test_the_name_check_sees_a_renamed_function_module_and_method():
    assert not any(unknown_name(d) for d in ("ingest.check_field", "store._filters.filter_sql", "store._db",
                                             "store.catalogue.get_document", "errors.PraktijkgeheugenError"))
    assert all(unknown_name(d) for d in ("ingest.check_fields", "store._filter.filter_sql", "store.catalogue.get_doc",
                                         "store._lock.HeldLock.nope", "web.texts.marked_html"))


def default_problems(parser: argparse.ArgumentParser, name: str = "") -> list[str]:
    """Every option whose help says `(default X)` while its default is something else
    (an option whose default is None says what happens without it, not a value)."""
    problems = []
    for action in parser._actions:
        said = re.search(r"\(default ([^;:)\s]+)", action.help or "")
        if not said or action.default in (None, False, argparse.SUPPRESS):
            continue
        value, default = said.group(1), action.default
        same = (float(value) == float(default) if isinstance(default, (int, float)) and re.fullmatch(r"[\d.]+", value)
                else value == str(default))
        if not same:
            problems.append(f"{name} {'/'.join(action.option_strings) or action.dest}: help says {value}, default is {default!r}")
    return problems + [p for word, sub in _sub(parser).items() for p in default_problems(sub, f"{name} {word}".strip())]


def test_every_default_a_help_text_gives_is_the_default():
    assert default_problems(build_parser()) == []


def test_the_default_check_sees_a_stale_default():
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=100, help="how many lines (default 200)")
    parser.add_argument("--interval", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument("--sizes", default="1000,10000", help="counts (default 1000,10000)")
    assert default_problems(parser, "audit") == ["audit --limit: help says 200, default is 100"]


def test_make_lint_types_every_package_the_docs_say():
    """docs/testing.md and the README say `make lint` runs mypy over every package: the
    Makefile's TYPED list is the packages, and the README names that list."""
    typed = re.search(r"^TYPED := (.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M).group(1).split()
    packages = {p.name for p in ROOT.iterdir() if p.is_dir() and p.name != "tests" and any(p.glob("*.py"))}
    assert {t.rstrip("/") for t in typed} == packages
    assert " ".join(typed) in (ROOT / "README.md").read_text(encoding="utf-8")


def seam_problems(protocol: ast.ClassDef, section: str) -> list[str]:
    """docs/architecture.md's list of what parts use of the `Database` seam against the
    Protocol: each member listed (a bullet's `name(...)` before its first ": "), none listed
    that it lacks."""
    members = {n for n in _members(protocol) if not n.startswith("_")}
    listed = {name for item in re.findall(r"^\* (.*)$", section, re.M)
              for name in re.findall(r"`(\w+)(?:\([^`]*\))?`", item.split(": ")[0])}
    return [f"not listed: {m}" for m in sorted(members - listed)] + [f"not in the seam: {m}" for m in sorted(listed - members)]


def test_the_database_seam_on_the_architecture_page_is_the_protocol():
    protocol = _top_level(ROOT / "store" / "_db.py")["Database"]
    assert isinstance(protocol, ast.ClassDef)
    section = ARCHITECTURE.read_text(encoding="utf-8").split("## The `Database` seam")[1].split("\n## ")[0]
    assert seam_problems(protocol, section) == []


def test_the_seam_check_sees_a_missing_and_an_extra_member():
    protocol = ast.parse("class Database:\n    dialect: str\n    def conn(self): ...\n    def close(self): ...\n").body[0]
    assert isinstance(protocol, ast.ClassDef)
    assert seam_problems(protocol, "* `conn()`: x;\n* `vacuum()` and `dialect`: y\n") == [
        "not listed: close", "not in the seam: vacuum"]


def test_the_testing_page_names_every_test_folder():
    """docs/testing.md's Layout names every folder under tests/ (`tests/search/themes` too),
    and says where a package without one is tested."""
    text = (ROOT / "docs" / "testing.md").read_text(encoding="utf-8")
    folders = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("*")
                     if p.is_dir() and any(p.glob("test_*.py")))
    assert len(folders) >= 10
    assert [f for f in folders if not re.search(rf"`{re.escape(f)}`", text)] == []
    packages = {p.name for p in ROOT.iterdir() if p.is_dir() and p.name != "tests" and any(p.glob("*.py"))}
    assert [p for p in sorted(packages) if f"`tests/{p}`" not in text and f"no tests/{p} folder" not in text] == []


def unnamed_formats(supported: tuple[str, ...], text: str) -> list[str]:
    """The suffixes ingest reads that a page's `Supported:` paragraph does not name."""
    paragraph = text[text.index("Supported:"):].split("\n\n")[0]
    return [suffix for suffix in supported if f"`{suffix}`" not in paragraph]


def test_the_readme_and_the_ingest_page_name_every_format_ingest_reads():
    """ingest._read.SUPPORTED (read with ast) against the README's and docs/ingesting.md's
    list: `.markdown` and `.htm` were read but named nowhere."""
    tree = ast.parse((ROOT / "ingest" / "_read.py").read_text(encoding="utf-8"))
    supported = next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                     and any(isinstance(t, ast.Name) and t.id == "SUPPORTED" for t in node.targets))
    assert ".docx" in supported and ".eml" in supported
    for page in (ROOT / "README.md", ROOT / "docs" / "ingesting.md"):
        assert unnamed_formats(supported, page.read_text(encoding="utf-8")) == [], page.name


def test_the_format_check_sees_an_unnamed_format():
    assert unnamed_formats((".md", ".htm", ".odt"), "x\n\nSupported: `.md`, `.html`.\n\n`.odt` later") == [".htm", ".odt"]


def _reading_commands(parser: argparse.ArgumentParser, name: str = "") -> set[str]:
    found = {name} if name and parser.get_default("reads_deployment") else set()
    return found.union(*(_reading_commands(sub, f"{name} {word}".strip()) for word, sub in _sub(parser).items()))


def test_the_cli_reference_lists_the_commands_that_refuse_a_missing_data_dir():
    """docs/cli.md names the commands that only read (cli._common.reads_deployment): `clients
    list`, `members list` and `keep list` made an empty data dir in a mistyped folder while
    the page's list said only its six did not."""
    text = " ".join(CLI_REFERENCE.read_text(encoding="utf-8").split())
    sentence = text[text.index("A command that only reads"):].split(") refuses")[0]
    assert set(re.findall(r"`([a-z][a-z -]*)`", sentence)) == _reading_commands(build_parser())


NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
          "seventeen eighteen nineteen twenty twenty-one twenty-two twenty-three twenty-four twenty-five".split()
SEARCH_TABLE = "| held-out half | nDCG@10 at |"
PRIVACY_TABLE = "| held-out half | at | clients | members | places |"


def table_rows(text: str, header: str) -> dict[str, list[str]]:
    """The rows of the table whose header row starts with `header`, by their first cell."""
    start = text.index(header)
    lines = text[start:].split("\n\n")[0].splitlines()[2:]
    return {cells[0]: cells[1:] for cells in ([c.strip() for c in line.strip("|").split("|")] for line in lines)}


def _value(cell: str) -> float:
    return float(re.match(r"\**([\d.]+)", cell).group(1))


def figure_claims(text: str) -> list[str]:
    """What the sentences under the held-out tables say against what the tables hold: how many
    halves hybrid wins over naive RRF and the lexical mode over BM25+Snowball, and on how many
    the pseudonymiser meets its three targets together (a row with all three cells bold)."""
    problems = []
    if SEARCH_TABLE in text:
        rows = table_rows(text, SEARCH_TABLE)
        hybrid = sum(_value(r[1]) > _value(r[2]) for r in rows.values())
        lexical = sum(_value(r[3]) > _value(r[4]) for r in rows.values())
        said = re.search(r"Hybrid is above naive RRF on\s+([\w-]+)\s+halves\s+of\s+([\w-]+)"
                         r".*?above\s+BM25\+Snowball\s+on\s+([\w-]+)", text, re.S)
        if said is None or said.groups() != (NUMBERS[hybrid], NUMBERS[len(rows)], NUMBERS[lexical]):
            problems.append(f"search: the table gives hybrid {hybrid}, lexical {lexical} of {len(rows)}")
    if PRIVACY_TABLE in text:
        rows = table_rows(text, PRIVACY_TABLE)
        met = sum(all(cell.startswith("**") for cell in r[1:4]) for r in rows.values())
        said = re.search(r"met together on\s+([\w-]+)\s+(?:halves|sets)\s+of\s+([\w-]+)", text)
        if said is None or said.groups() != (NUMBERS[met], NUMBERS[len(rows)]):
            problems.append(f"pseudonymisation: the table gives {met} of {len(rows)}")
        bold_wrong = [f"{name} {cell}" for name, r in rows.items() for cell, target in zip(r[1:4], (0.95, 1.0, 0.95))
                      if cell.startswith("**") != (_value(cell) >= target)]
        problems += [f"pseudonymisation: bold does not say the target: {cell}" for cell in bold_wrong]
    return problems


def test_the_readme_holds_the_reference_pages_held_out_figures_and_says_what_they_say():
    """The README's held-out tables (issues #15 and #16 ask for them there) are the reference pages'
    row for row, and the sentences beside them count what the tables hold."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page, header in (("searching.md", SEARCH_TABLE), ("pseudonymisation.md", PRIVACY_TABLE)):
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert len(table_rows(text, header)) >= 20
        assert table_rows(readme, header) == table_rows(text, header), page
        assert figure_claims(text) == [], page
    assert figure_claims(readme) == []


def test_the_figure_check_sees_a_wrong_count_and_a_wrong_bold():
    search = (f"{SEARCH_TABLE} hybrid | naive RRF | lexical | bm25 |\n|---|\n| a | x | 0.8 | 0.7 | 0.6 | 0.5 |\n"
              "| b | x | 0.7 | 0.8 | 0.6 | 0.5 |\n\nHybrid is above naive RRF on two halves of two; above BM25+Snowball on two")
    assert figure_claims(search) == ["search: the table gives hybrid 1, lexical 2 of 2"]
    privacy = (f"{PRIVACY_TABLE}\n|---|\n| a | x | **0.96** | **1.000** | 0.951 |\n\n"
               "met together on zero sets of one")
    assert figure_claims(privacy) == ["pseudonymisation: bold does not say the target: a 0.951"]


def index_problems(text: str) -> list[str]:
    """A history page's `## Index` against its sections: every `##`/`###` heading after the index
    is listed there (by its anchor), and nothing else, so a round appended to the end is indexed too."""
    index, _, rest = text.partition("## Index\n")[2].partition("\n\n## ")
    listed = re.findall(r"\]\(#([^)]+)\)", index)
    sections = _ordered_anchors("## " + rest)
    return [f"not in the index: {a}" for a in sections if a not in listed] + [
        f"no such section: {a}" for a in listed if a not in sections]


def _ordered_anchors(text: str) -> list[str]:
    counts: dict[str, int] = {}
    found = []
    for heading in re.findall(r"^#{2,3} (.+?)\s*$", BLOCK.sub("", text), re.M):
        name = anchor(heading)
        counts[name] = counts.get(name, 0) + 1
        found.append(name if counts[name] == 1 else f"{name}-{counts[name] - 1}")
    return found


def test_each_history_page_indexes_every_round():
    pages = sorted((ROOT / "docs" / "history").glob("*.md"))
    assert [p.name for p in pages] == ["pseudonymisation-rounds.md", "searching-rounds.md"]
    assert all(len(re.findall(r"^- \[|^  - \[", p.read_text(encoding="utf-8"), re.M)) > 20 for p in pages)
    assert {p.name: index_problems(p.read_text(encoding="utf-8")) for p in pages} == {p.name: [] for p in pages}


def test_the_index_check_sees_an_unindexed_round():
    text = "# H\n\n## Index\n\n- [A](#a)\n  - [Round one](#round-one)\n\n## A\n\n### Round one\n\nx\n\n### Round two\n"
    assert index_problems(text) == ["not in the index: round-two"]
