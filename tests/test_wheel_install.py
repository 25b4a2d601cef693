"""`python -m build` makes an sdist and a wheel, and `pip install` of that wheel alone is a
working product (issue #17, point 6): init, ingest of a Dutch case whose client name is
replaced, search, and serve answering a search, all run from the installed wheel.

How this stays feasible without downloading ~2 GB of dependencies again: the wheel goes
into a fresh venv whose only other packages are the test venv's (a `.pth` line pointing at
a copy of its site-packages made of symlinks, leaving out this project's own files), and
pip runs with `--no-index` and the built wheels only. So pip must resolve every dependency
the wheel declares, and their own pins (deduce's `regex<2025`), from what is installed; a
missing or conflicting one fails the install. The test venv is `make install`'s, built from
pyproject.toml by pip, so this checks that the declared dependencies form one consistent
set and that the wheel itself carries all code and package data: templates, static files,
SQL schemas, name lists, the theme vocabulary. (`venv --system-site-packages` would not do:
from inside a venv it exposes the base interpreter's packages, not the test venv's.)
"""
from __future__ import annotations

import importlib.metadata
import json
import os
import subprocess
import sys
import sysconfig
import urllib.request
import zipfile
from pathlib import Path

import pytest

from servers import running

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
CLIENT = "Gerda Veldkamp"
CASE = f"""---
title: "Casus: de regiotaxi komt niet opdagen"
type: casus
community: "Wijkteam Proef"
cycle: "2025-2026"
session: 3
date: 2025-11-12
---
# Casus: de regiotaxi komt niet opdagen

Mevrouw {CLIENT} (81) woont alleen in een flat aan de rand van de wijk. {CLIENT}
mist sinds september haar afspraken bij de fysiotherapeut, omdat de regiotaxi telkens te laat
komt of helemaal niet. Haar dochter woont in Groningen en kan niet elke week rijden.

## Vraag aan de groep

Hoe regelen we vervoer naar de fysiotherapie voor ouderen die niet meer zelf kunnen fietsen of
met de bus gaan? Wie belt de vervoerder als de rit niet doorgaat?
"""
QUERY = "vervoer naar de fysiotherapie"
COMMAND_LIMIT_S = 1800      # init converts and exports the model: minutes on a busy 2-core machine
# Left out of the checkout's copy: at its top (a data dir, the venv, earlier builds), and anywhere.
SKIP_AT_TOP = {".git", ".venv", "data", "dist", "build"}
SKIP_ANYWHERE = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis"}


def _run(args: list, env: dict, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], input=stdin, capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=COMMAND_LIMIT_S)
    assert done.returncode == 0, f"{args[:3]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def _clean_env() -> dict:
    """No PYTHONPATH (the checkout must not be importable), no pip configuration of this
    machine (its index and find-links), no virtualenv of the caller; and the Hugging Face
    libraries offline, so any attempt to fetch a model from the hub is an error."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "PRAKTIJKGEHEUGEN_")) and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", HF_HUB_OFFLINE="1")
    return env


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """sdist and wheel, the wheel built from the sdist (build's default), from a copy of
    the checkout so the build leaves nothing in it."""
    import shutil

    root = tmp_path_factory.mktemp("wheel")
    source = root / "src"
    def skipped(folder: str, names: list[str]) -> list[str]:
        top = Path(folder) == REPO
        return [n for n in names if n in SKIP_ANYWHERE or n.endswith(".egg-info") or (top and n in SKIP_AT_TOP)]

    shutil.copytree(REPO, source, ignore=skipped)
    out = root / "dist"
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", out, source], _clean_env(), root)
    return out


def _wheel(dist: Path) -> Path:
    (wheel,) = dist.glob("praktijkgeheugen-*.whl")
    return wheel


def test_build_makes_an_sdist_and_a_wheel_with_all_package_data(dist):
    assert len(list(dist.glob("praktijkgeheugen-*.tar.gz"))) == 1
    names = set(zipfile.ZipFile(_wheel(dist)).namelist())
    packages = {n.split("/")[0] for n in names if "/" in n and ".dist-info" not in n}
    assert {"cli", "web", "store", "ingest", "search", "models", "settings", "text", "errors"} <= packages
    missing = []
    for package in packages:
        for path in (REPO / package).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                if path.relative_to(REPO).as_posix() not in names:
                    missing.append(path.relative_to(REPO).as_posix())
    assert not missing, f"files of the product's packages missing from the wheel: {missing}"
    assert "web/templates/base.html" in names and "store/_schema.sql" in names


def _site_packages_without_this_project(target: Path) -> Path:
    """The test venv's site-packages as symlinks, minus this project's installed files
    (an editable install's finder, or an earlier wheel's packages), so the fresh venv
    sees every dependency but praktijkgeheugen only from the wheel under test."""
    site = Path(sysconfig.get_paths()["purelib"])
    own = {"praktijkgeheugen.egg-link"}
    try:
        files = importlib.metadata.distribution("praktijkgeheugen").files or []
        own |= {Path(f).parts[0] for f in files if not Path(f).parts[0].startswith("..")}
    except importlib.metadata.PackageNotFoundError:
        pass
    target.mkdir()
    for entry in site.iterdir():
        if entry.name not in own and not entry.name.startswith(("__editable__", "praktijkgeheugen")):
            (target / entry.name).symlink_to(entry)
    return target


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed by pip, offline; returns its bin folder."""
    root = tmp_path_factory.mktemp("venv")
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], _clean_env(), root)
    deps = _site_packages_without_this_project(root / "deps")
    site = Path(subprocess.check_output([venv / "bin" / "python", "-c",
                                         "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        text=True, env=_clean_env()).strip())
    (site / "test-venv-packages.pth").write_text(f"{deps}\n", encoding="utf-8")
    env = _clean_env()
    _run([venv / "bin" / "python", "-m", "pip", "install", "--no-index", "--find-links", dist, _wheel(dist)],
         env, root)
    _run([venv / "bin" / "python", "-m", "pip", "check"], env, root)
    return venv / "bin"


def test_the_installed_wheel_is_what_runs(installed, tmp_path):
    code = "import cli, models, store, web; print(cli.__file__); print(list(web.__path__)[0])"
    out = _run([installed / "python", "-c", code], _clean_env(), tmp_path).stdout.split()
    venv = installed.parent.resolve()
    assert all(Path(p).resolve().is_relative_to(venv) for p in out), out


def test_init_ingest_search_and_serve_from_the_wheel(installed, tmp_path):
    env, pg, data = _clean_env(), installed / "praktijkgeheugen", tmp_path / "data"
    _run([pg, "init", "--admin", "beheer", "--password-stdin", "--data-dir", data], env, tmp_path,
         stdin="een-lang-wachtwoord-123\n")
    assert any((data / "models").iterdir()), "init prepared no model"

    (tmp_path / "casus").mkdir()
    (tmp_path / "casus" / "regiotaxi.md").write_text(CASE, encoding="utf-8")
    out = _run([pg, "ingest", tmp_path / "casus", "--create-communities", "--json", "--data-dir", data],
               env, tmp_path).stdout
    report = json.loads(out)
    assert report["counts"]["ingested"] == 1 and report["replacements"] >= 2, report
    assert "G. V." in report["outcomes"][0]["names"]["replacements"], report  # told, not stored,
    assert CLIENT not in out and "Veldkamp" not in out, out   # and not the name itself (a cron log keeps it):
    assert _bytes_mention(data, ["Veldkamp", "Gerda"]) == [], "the client's name is stored"

    found = json.loads(_run([pg, "search", QUERY, "--json", "--data-dir", data], env, tmp_path).stdout)
    assert [r["title"] for r in found["results"]][:1] == ["Casus: de regiotaxi komt niet opdagen"], found
    assert "G. V." in json.dumps(found, ensure_ascii=False) and "Veldkamp" not in json.dumps(found)

    _run([pg, "users", "grant", "beheer", "--community", "Wijkteam Proef", "--role", "lid",
          "--data-dir", data], env, tmp_path)
    token = _run([pg, "users", "token", "beheer", "--data-dir", data], env, tmp_path).stdout.split()[-1]
    _serve_answers(pg, data, token, env, tmp_path)


def _bytes_mention(data: Path, words: list[str]) -> list[str]:
    """Files of the data dir holding a word (UTF-8 or UTF-16), the converted model's
    vocabulary left out (it is the same for every deployment)."""
    needles = [w.encode() for w in words] + [w.encode("utf-16-le") for w in words]
    return [str(p) for p in data.rglob("*") if p.is_file() and "models" not in p.relative_to(data).parts[:1]
            and any(n in p.read_bytes() for n in needles)]


def _serve_answers(pg: Path, data: Path, token: str, env: dict, cwd: Path) -> None:
    with running([str(pg), "serve", "--data-dir", str(data), "--host", "127.0.0.1", "--port", "{port}"],
                 "/inloggen", env=env, cwd=cwd) as base:
        request = urllib.request.Request(f"{base}/api/search?q={QUERY.replace(' ', '+')}",
                                         headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=120) as response:
            assert response.status == 200
            body = response.read().decode("utf-8")
        assert "Casus: de regiotaxi komt niet opdagen" in body and "Veldkamp" not in body, body[:2000]
        page = _get(f"{base}/inloggen")   # a page: the wheel's templates
        assert "<form" in page and "/static/style.css" in page, page[:2000]
        style = _get(f"{base}/static/style.css")   # the wheel's static files
        assert style == (REPO / "web" / "static" / "style.css").read_text(encoding="utf-8")


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:
        assert response.status == 200, url
        return response.read().decode("utf-8")
