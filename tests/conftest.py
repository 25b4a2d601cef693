"""Shared fixtures: a temp data dir with a real store, a fake embedder for fast
tests, the command run in-process, the app over the test documents, the themes
store, and (session-scoped, slow) the real bundled model for end-to-end tests.

Also the suite's rules, in hooks, so no test module has to remember them:
- a test that uses the real model (`bundled_model_dir`, `embedder`, ...) is slow;
- a test marked `deduce` is skipped when deduce is not installed;
- tests with the fake embedder train the theme tagger on a small slice of its
  training set (see `_small_tagger_training`);
- hypothesis draws the same examples on every run (`--hypothesis-profile=explore`
  draws new ones, to look for bugs on purpose).
See docs/testing.md.
"""
from __future__ import annotations

import importlib.util
import os

# numpy/scipy's OpenBLAS starts a thread per core for every small product; with the
# tagger's 224 small logistic regressions on a busy 2-core machine the threads spin
# against each other: one training with the fake embedder took 50 s of CPU, 6.7 s
# with one BLAS thread (measured here). Set before numpy is first imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from typing import Iterator  # noqa: E402

import hypothesis  # noqa: E402
import pytest  # noqa: E402

from fakes import FakeEmbedder  # noqa: E402
from store import Settings, open_store, scratch_database  # noqa: E402

pytest_plugins = ["_fdcheck"]   # `--fd-report FILE`: open descriptors after each test

REAL_MODEL = "bundled_model_dir"   # every real-model fixture depends on this one

# A property test that found a new example on some run would fail that run only: in
# the suite, examples are derived from each test's name (the same on every run), and
# no per-example deadline (a busy machine is slow, not wrong).
hypothesis.settings.register_profile("deterministic", derandomize=True, deadline=None,
                                     suppress_health_check=[hypothesis.HealthCheck.too_slow])
hypothesis.settings.register_profile("explore", deadline=None, suppress_health_check=[hypothesis.HealthCheck.too_slow])
hypothesis.settings.load_profile("deterministic")


@pytest.hookimpl(tryfirst=True)   # before `-m "not slow"` deselects
def pytest_collection_modifyitems(items):
    """A test that loads the real model is slow, whether or not its module says so."""
    for item in items:
        if REAL_MODEL in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


def pytest_runtest_setup(item):
    if item.get_closest_marker("deduce") and importlib.util.find_spec("deduce") is None:
        pytest.skip("deduce is not installed: run `make install` (deduce is a dependency in pyproject.toml)")


@pytest.fixture(scope="session", autouse=True)
def _cheap_password_hashes():
    """Passwords hashed in this process use argon2's cheapest parameters.

    The product's Argon2id (64 MiB, 3 passes, 4 lanes) costs 0.16 s of CPU per hash and
    per check, measured here, and is meant to: the fast suite adds and logs in users
    hundreds of times, and the 7 access-world tests of tests/security/test_no_role.py
    spent 44 of their 88 s of setup hashing (cProfile, busy machine). Hashing,
    checking and refusing work the same at any cost; hashes stored with the product's
    parameters (tests/store/release_fixture) are still checked with theirs, and
    servers started as processes (slow tests) hash as the product does."""
    import argon2

    product = argon2.PasswordHasher
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(argon2, "PasswordHasher", lambda: product.from_parameters(argon2.profiles.CHEAPEST))
        yield


@pytest.fixture
def settings(tmp_path, request) -> Settings:
    """A temp data dir; with PRAKTIJKGEHEUGEN_TEST_BACKEND=postgresql its database is a
    fresh schema of the test PostgreSQL server (the whole suite on the second backend;
    tests/store runs on both always)."""
    url = request.getfixturevalue("postgres_url") if os.environ.get(TEST_BACKEND) == "postgresql" else None
    return Settings(data_dir=tmp_path / "data", model=FakeEmbedder.name, database_url=url)


# PostgreSQL for the tests of the second backend (issue 20): a server's URL, from
# .ci/run or a developer's shell; each test gets a schema of its own in it.
TEST_DATABASE_URL = "PRAKTIJKGEHEUGEN_TEST_DATABASE_URL"
REQUIRE_POSTGRES = "PRAKTIJKGEHEUGEN_REQUIRE_POSTGRES"   # CI: fail instead of skipping
TEST_BACKEND = "PRAKTIJKGEHEUGEN_TEST_BACKEND"           # "postgresql": every `settings` fixture on it


@pytest.fixture(scope="session")
def postgres_server() -> str:
    url = os.environ.get(TEST_DATABASE_URL)
    if not url:
        message = (f"no PostgreSQL server for the tests: set {TEST_DATABASE_URL}=postgresql://user:pw@host/db"
                   " (.ci/run starts one and sets it)")
        if os.environ.get(REQUIRE_POSTGRES):
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def postgres_url(postgres_server) -> Iterator[str]:
    """A URL whose connections see an empty schema of their own (dropped afterwards).
    A background theme-tagging run (started by an upload in the test) ends first: it
    would still be reading the schema's tables while DROP SCHEMA locks them, a deadlock
    that PostgreSQL breaks by failing the teardown (seen with the whole suite on it)."""
    import search.themes

    with scratch_database(postgres_server, "test") as url:
        yield url
        search.themes.wait_for_tagging()


@pytest.fixture
def store(settings):
    store = open_store(settings)
    yield store
    store.close()


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


def _copied(template, settings: Settings, tmp_path) -> bool:
    """A session template's `data/` and `docs/` copied to this test's data dir and
    `tmp_path / "docs"`: a copy costs milliseconds where building it again cost the
    ingest's parsing, pseudonymising and indexing per test. False (nothing copied)
    when the test's store is on PostgreSQL (the template's SQLite file is not its
    database) or its data dir or docs already exist (e.g. the test asked for `store`
    first): the caller then builds in place, as before."""
    import shutil

    if settings.database_url or settings.data_dir.exists() or (tmp_path / "docs").exists():
        return False
    shutil.copytree(template / "data", settings.data_dir)
    shutil.copytree(template / "docs", tmp_path / "docs")
    return True


@pytest.fixture(scope="session")
def dutch_docs_template(tmp_path_factory):
    """tests/dutch_docs.py ingested once per session with the fake embedder, its store
    closed: `data/` and `docs/`. Only `filled` reads it."""
    import ingest
    from dutch_docs import write_docs

    root = tmp_path_factory.mktemp("dutch-docs")
    store = open_store(Settings(data_dir=root / "data", model=FakeEmbedder.name))
    assert not ingest.ingest_paths(store, FakeEmbedder(), [write_docs(root / "docs")]).failed
    store.close()
    return root


@pytest.fixture
def filled(settings, tmp_path, request, dutch_docs_template):
    """The `store` fixture's store holding the Dutch test documents (tests/dutch_docs.py,
    their files in `tmp_path / "docs"`): a fresh copy of a session template, or (on
    PostgreSQL, or when the test opened `store` first) ingested here."""
    if _copied(dutch_docs_template, settings, tmp_path):
        return request.getfixturevalue("store")
    import ingest
    from dutch_docs import write_docs

    store = request.getfixturevalue("store")
    ingest.ingest_paths(store, request.getfixturevalue("fake_embedder"), [write_docs(tmp_path / "docs")])
    return store


@pytest.fixture
def cli(settings, monkeypatch, capsys):
    """Run `praktijkgeheugen ARGS` in-process on the `settings` data dir (the same as
    the `store` fixture's) with the fake embedder: returns (exit code, stdout, stderr).
    The embedder is named after the model asked for, so `--model` changes are seen
    as with real models; the default model is the fake one."""
    import io

    from cli import main

    def named_fake(model, cache_dir):
        embedder = FakeEmbedder()
        embedder.name = model
        return embedder

    monkeypatch.setattr("web.runtime.models.get_embedder", named_fake)
    monkeypatch.setenv("PRAKTIJKGEHEUGEN_DATA", str(settings.data_dir))
    monkeypatch.setenv("PRAKTIJKGEHEUGEN_MODEL", FakeEmbedder.name)
    if settings.database_url:
        monkeypatch.setenv("PRAKTIJKGEHEUGEN_DATABASE_URL", settings.database_url)

    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return code, out, err
    return run


@pytest.fixture
def filled_client(filled, fake_embedder):
    """The real app over a store with the test documents (`filled`), using the fake embedder."""
    from fastapi.testclient import TestClient

    from web.app import create_app
    from web.runtime import Runtime

    store = filled
    runtime = Runtime(store.settings, store=store, embedder=fake_embedder)
    with TestClient(create_app(runtime, warm_up=False)) as client:
        yield client


@pytest.fixture(scope="session")
def access_world_template(tmp_path_factory):
    """tests/access_world.py's network (communities, documents with their overrides,
    users of every role) built once per session, its store closed: `data/` and `docs/`.
    Building it (5 ingests, 7 users) cost 2-5 s per test on a busy 2-core machine; a
    copy costs milliseconds. Only `access_store` reads it."""
    from access_world import build

    root = tmp_path_factory.mktemp("access-world")
    store = open_store(Settings(data_dir=root / "data", model=FakeEmbedder.name))
    build(store, FakeEmbedder(), root / "docs")
    store.close()
    return root


@pytest.fixture
def access_store(settings, tmp_path, request, access_world_template):
    """The `store` fixture's store, holding a fresh copy of the access world (its own
    data dir, `settings.data_dir`, and its documents' sources in `tmp_path / "docs"`):
    tests write to it freely. Request it before `store` (it copies the data dir first)."""
    import shutil

    if settings.database_url:
        # PostgreSQL (PRAKTIJKGEHEUGEN_TEST_BACKEND): the template's SQLite file is not the
        # store's database, so the world is built in this test's own schema.
        from access_world import build

        store = request.getfixturevalue("store")
        build(store, FakeEmbedder(), tmp_path / "docs")
        return store
    shutil.copytree(access_world_template / "data", settings.data_dir)
    shutil.copytree(access_world_template / "docs", tmp_path / "docs")
    return request.getfixturevalue("store")


def _theme_world(store, embedder, folder) -> None:
    """The theme documents and heat reports (tests/theme_docs.py) in `store`, their files
    in `folder`; both communities closed."""
    import ingest
    from theme_docs import DOCS, HEAT, NORTH, SOUTH, write

    store.accounts.add_community(NORTH, "closed")
    store.accounts.add_community(SOUTH, "closed")
    report = ingest.ingest_paths(store, embedder, [write(folder, {**DOCS, **HEAT})])
    assert not report.failed


def _tag_all(store, embedder) -> None:
    import search.themes

    search.themes.tagged(store, embedder, store.settings.data_dir, store.settings.cache_dir)


@pytest.fixture(scope="session")
def theme_world_template(tmp_path_factory):
    """The theme world (`_theme_world`) built once per session, its store closed:
    `data/` and `docs/`. Only `theme_store` and `tagged_theme_template` read it."""
    root = tmp_path_factory.mktemp("theme-world")
    store = open_store(Settings(data_dir=root / "data", model=FakeEmbedder.name))
    _theme_world(store, FakeEmbedder(), root / "docs")
    store.close()
    return root


@pytest.fixture(scope="session")
def tagged_theme_template(theme_world_template, tmp_path_factory, small_training_set):
    """The theme world with every passage tagged by the tagger of the small training
    set (as `_small_tagger_training` gives tests with the fake embedder: a session
    fixture is built before that function-scoped patch, so it patches the same), built
    once per session: `data/` and `docs/`. Only `tagged_theme_store` reads it."""
    import shutil

    import search.themes
    import search.themes._tagger

    root = tmp_path_factory.mktemp("theme-world-tagged")
    for part in ("data", "docs"):
        shutil.copytree(theme_world_template / part, root / part)
    store = open_store(Settings(data_dir=root / "data", model=FakeEmbedder.name))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search.themes._tagger, "training_set", lambda: small_training_set)
        patch.setattr(search.themes, "training_set", lambda: small_training_set)
        _tag_all(store, FakeEmbedder())
    store.close()
    return root


@pytest.fixture
def theme_store(settings, tmp_path, request, theme_world_template):
    """The `store` fixture's store holding the theme documents and heat reports
    (tests/theme_docs.py, their files in `tmp_path / "docs"`); both communities closed.
    A fresh copy of a session template (not an ingest per test), or
    (on PostgreSQL, or when the test opened `store` first) ingested here."""
    if _copied(theme_world_template, settings, tmp_path):
        return request.getfixturevalue("store")
    store = request.getfixturevalue("store")
    _theme_world(store, request.getfixturevalue("fake_embedder"), tmp_path / "docs")
    return store


@pytest.fixture
def tagged_theme_store(settings, tmp_path, request, tagged_theme_template):
    """`theme_store` with every passage tagged (the small training set's tagger, as
    `search.themes.tagged` leaves it): a copy of a session template, or built here."""
    if _copied(tagged_theme_template, settings, tmp_path):
        return request.getfixturevalue("store")
    store = request.getfixturevalue("store")
    _theme_world(store, request.getfixturevalue("fake_embedder"), tmp_path / "docs")
    _tag_all(store, request.getfixturevalue("fake_embedder"))
    return store


# --- the theme tagger's training, for tests with the fake embedder ---

SMALL_TRAINING_PER_THEME, SMALL_TRAINING_NONE = 3, 6


def _small_training_set() -> list[tuple[str, list[str]]]:
    """The first passages of the real training set for each theme, and a few about
    no theme: enough to train and calibrate a tagger for plumbing tests."""
    from search.themes._tagger import training_set

    kept, per_theme = [], {}
    for text, labels in training_set():
        wanted = [label for label in labels if per_theme.get(label, 0) < SMALL_TRAINING_PER_THEME]
        if wanted or (not labels and per_theme.get(None, 0) < SMALL_TRAINING_NONE):
            for label in labels or [None]:
                per_theme[label] = per_theme.get(label, 0) + 1
            kept.append((text, labels))
    return kept


@pytest.fixture(scope="session")
def small_training_set() -> list[tuple[str, list[str]]]:
    return _small_training_set()


@pytest.fixture(autouse=True)
def _small_tagger_training(request, monkeypatch):
    """Tests with the fake embedder test the tagger's plumbing (every passage tagged,
    front matter kept, retagging, the cache), not its quality: they train it on a
    small slice of the training set (~45 of 317 passages), once per session (the
    tagger is kept per training set and vocabulary). Training on all of it took
    25-125 s per test on a busy 2-core machine. Real-model tests train on everything
    and test the quality (tests/search/themes/test_tagger.py)."""
    if REAL_MODEL in request.fixturenames:
        yield
        return
    import search.themes
    import search.themes._tagger

    rows = request.getfixturevalue("small_training_set")
    monkeypatch.setattr(search.themes._tagger, "training_set", lambda: rows)
    monkeypatch.setattr(search.themes, "training_set", lambda: rows)
    yield
    search.themes.wait_for_tagging()   # a page's background run ends on the small set, within its test


# --- the real default model (slow: shared by every test package, built once) ---


@pytest.fixture(scope="session")
def bundled_model_dir(tmp_path_factory):
    """The bundled multilingual-e5-small, converted once per session into a temp cache.

    Conversion takes a few seconds and ~470 MB of disk, removed after the session.
    Its parent is the `cache_dir` to pass to `models.get_embedder`.
    """
    import shutil

    import models

    cache_dir = tmp_path_factory.mktemp("models")
    yield models.prepare_model(models.DEFAULT_MODEL, cache_dir)
    shutil.rmtree(cache_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def embedder(bundled_model_dir):
    """The real default `models.Embedder` (loading torch takes a few seconds)."""
    import models

    return models.get_embedder(models.DEFAULT_MODEL, bundled_model_dir.parent)
