"""One settings table: values given win over environment variables, which win over the
defaults; every knob is in the table with help text; docs/configuration.md shows the
table the `settings` command prints; no product module reads the environment."""
from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from settings import Limit, SettingError, Settings, limits_in, markdown, table

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("cli", "ingest", "models", "search", "store", "text", "web")
DOC = ROOT / "docs" / "configuration.md"
START, END = "<!-- settings table: praktijkgeheugen settings --markdown -->", "<!-- end of settings table -->"


def test_given_values_win_over_the_environment_which_wins_over_defaults(tmp_path):
    env = {"PRAKTIJKGEHEUGEN_DATA": str(tmp_path / "env"), "PRAKTIJKGEHEUGEN_MODEL": "env-model",
           "PRAKTIJKGEHEUGEN_PARSE_SECONDS": "300", "PRAKTIJKGEHEUGEN_PARSE_MEMORY_MB": "64"}
    loaded = Settings.load(tmp_path / "flag", None, None, environ=env)
    assert loaded.data_dir == (tmp_path / "flag").resolve() and loaded.model == "env-model"
    assert loaded.parse_seconds == 300.0 and loaded.parse_memory_bytes == 64 * 2**20
    assert Settings.load(environ={}).parse_seconds == 60.0 and Settings.load(environ={}).chroma_url is None
    assert Settings.load(parse_seconds=5, environ=env).parse_seconds == 5
    assert Settings.load(environ={"HF_HUB_OFFLINE": "1"}).hub_offline is True
    assert Settings.load(environ={"HF_HUB_OFFLINE": "off"}).hub_offline is False


def test_empty_environment_values_count_as_unset(tmp_path):
    loaded = Settings.load(environ={"PRAKTIJKGEHEUGEN_CHROMA_URL": "", "PRAKTIJKGEHEUGEN_DATA": ""})
    assert loaded.chroma_url is None and loaded.data_dir == Path("data").resolve()


@pytest.mark.parametrize("variable, value", [("PRAKTIJKGEHEUGEN_PARSE_SECONDS", "abc"),
                                             ("PRAKTIJKGEHEUGEN_PARSE_SECONDS", "0"),
                                             ("PRAKTIJKGEHEUGEN_PARSE_MEMORY_MB", "-5"), ("HF_HUB_OFFLINE", "maybe")])
def test_a_bad_value_names_its_variable(variable, value):
    with pytest.raises(SettingError, match=variable):
        Settings.load(environ={variable: value})


def test_a_bad_value_is_a_one_line_cli_error(cli, monkeypatch):
    monkeypatch.setenv("PRAKTIJKGEHEUGEN_PARSE_SECONDS", "soms")
    code, _, err = cli("documents")
    assert code == 2 and err.strip() == "error: PRAKTIJKGEHEUGEN_PARSE_SECONDS='soms' is not a number"


def test_every_setting_has_help_and_every_environment_variable_is_distinct():
    fields = dataclasses.fields(Settings)
    assert all(len(f.metadata["help"]) > 20 for f in fields)
    envs = [f.metadata["env"] for f in fields if f.metadata["env"]]
    assert len(envs) == len(set(envs)) == len(fields)


def test_limits_are_numbers_with_a_unit_and_a_reason():
    limit = Limit(20, "MB", "one uploaded file")
    assert limit == 20 and limit * 2 == 40 and f"{limit}" == "20" and limit.unit == "MB"
    assert limits_in({"MAX_X": limit, "OTHER": 20}) == {"MAX_X": limit}


def test_ingest_and_upload_limits_keep_their_names_and_values():
    import ingest
    from web import messages

    assert ingest.LIMITS["MAX_FILE_BYTES"] == 50 * 2**20 and ingest.LIMITS["MAX_TEXT_CHARS"] == 1_000_000
    assert messages.LIMITS == {"MAX_FILE_MB": 20, "MAX_REQUEST_MB": 100}
    assert all(limit.reason and limit.unit for limit in {**ingest.LIMITS, **messages.LIMITS}.values())


def test_the_documented_table_is_the_generated_one():
    """Regenerate with: python -m cli settings --markdown (between the two markers)."""
    from cli.configuration import rows

    text = DOC.read_text(encoding="utf-8")
    documented = text[text.index(START) + len(START):text.index(END)].strip()
    assert documented == markdown(rows()).strip()


def test_the_table_lists_every_setting_and_limit():
    from cli.configuration import rows

    names = [row.name.split(" ")[0] for row in rows()]
    assert {f.name for f in dataclasses.fields(Settings)} | {"MAX_FILE_BYTES", "MAX_FILE_MB"} <= set(names)
    assert not [row for row in table() if re.search(r"TODO|\.\.\.|…", row.help + row.default)]


def test_the_settings_command_prints_values_here(cli, tmp_path):
    code, out, _ = cli("settings", "--data-dir", str(tmp_path / "elders"))
    assert code == 0 and f"data_dir (--data-dir) = {(tmp_path / 'elders').resolve()}" in out
    assert "MAX_FILE_BYTES = 52,428,800 bytes  (fixed)" in out and "parse_seconds = 60.0  ($PRAKTIJKGEHEUGEN_PARSE_SECONDS)" in out
    code, out, _ = cli("settings", "--markdown")
    assert code == 0 and out.startswith("| Setting |")


def _environment_reads(path: Path) -> list[int]:
    """Lines that read os.environ or os.getenv. Setting a variable for a library
    (models/_load.py tells the Hugging Face libraries to stay offline) is no read."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    written = {id(node.value) for node in ast.walk(tree)
               if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store)}
    return sorted(node.lineno for node in ast.walk(tree)
                  if (isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv") and id(node) not in written)
                  or (isinstance(node, ast.ImportFrom) and node.module == "os"
                      and any(a.name in ("environ", "getenv") for a in node.names)))


def test_no_product_module_reads_the_environment():
    found = [f"{path.relative_to(ROOT)}:{line}" for package in PRODUCT
             for path in sorted((ROOT / package).rglob("*.py")) for line in _environment_reads(path)]
    assert found == []


def test_the_environment_check_sees_a_read(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom os import getenv\nx = os.environ.get('A')\nos.environ['B'] = '1'\ny = os.environ['C']\n")
    assert _environment_reads(bad) == [2, 3, 5]


@pytest.fixture
def deduce_config(monkeypatch):
    """models' process-wide deduce folder, restored after the test."""
    import models._deidentify as deidentify

    monkeypatch.setattr(deidentify, "_configured", deidentify._configured)
    monkeypatch.setattr(deidentify, "_cache_home", deidentify._cache_home)


def test_the_cli_sets_where_deduces_lists_are_from_the_settings(cli, tmp_path, monkeypatch, deduce_config):
    import models

    monkeypatch.setenv("PRAKTIJKGEHEUGEN_DEDUCE_CACHE", str(tmp_path / "deduce"))
    code, out, _ = cli("settings")
    assert code == 0 and f"deduce_cache = {tmp_path / 'deduce'}" in out
    assert models.deidentifier_cache_dir() == tmp_path / "deduce"


def test_the_pseudonymiser_process_is_handed_the_deduce_folder(tmp_path, deduce_config):
    """What ingest sends to its pseudonymiser process: the folder, then the document
    (here without the model, so nothing loads)."""
    import models
    from ingest._isolated import _pseudonymise_with

    title, result = _pseudonymise_with(tmp_path / "lists", tmp_path, "Casus", "Een tekst.", [], [], False, [], False)
    assert title == "Casus" and result.text == "Een tekst."
    assert models.deidentifier_cache_dir() == tmp_path / "lists"
