# Two commands do everything: `make demo` and `make test`. Both build .venv from nothing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP_RUN := $(VENV)/.installed-run
STAMP_DEV := $(VENV)/.installed-dev
STAMP_PLUGINS := $(VENV)/.installed-plugins
STAMP_BENCH := $(VENV)/.installed-bench
# The district plugins, the state programme's and the template, each its own package under plugins/.
PLUGINS := herne kreis-soest gelsenkirchen nrw-landesprogramm template

.PHONY: demo test lint typecheck unit plugin-tests bench fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_DEV): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(STAMP_RUN)

# Installed after the core, so each plugin resolves its dependency on this checkout.
$(STAMP_PLUGINS): $(STAMP_DEV) $(PLUGINS:%=plugins/%/pyproject.toml)
	$(BIN)/python -m pip install --quiet $(PLUGINS:%=-e plugins/%)
	touch $@

$(STAMP_BENCH): $(STAMP_DEV)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

demo: $(STAMP_RUN)
	$(BIN)/schulsozialarbeit validate examples/herne --as-of 2017-11-30
	$(BIN)/schulsozialarbeit report examples/herne --as-of 2017-11-30
	$(BIN)/schulsozialarbeit report examples/kreis-soest --as-of 2022-06-30
	$(BIN)/schulsozialarbeit report examples/gelsenkirchen --as-of 2023-04-27
	$(BIN)/schulsozialarbeit occurrences examples/kreis-soest --series ak-schulsozialarbeit-sitzungen --from 2022-01-01 --to 2023-12-31
	$(BIN)/schulsozialarbeit feeds examples/kreis-soest build/feeds

lint: $(STAMP_PLUGINS)
	$(BIN)/ruff check src tests examples plugins benchmarks
	$(BIN)/ruff format --check src tests examples plugins benchmarks
	$(BIN)/lint-imports

typecheck: $(STAMP_PLUGINS)
	$(BIN)/mypy

unit: $(STAMP_PLUGINS)
	$(BIN)/pytest

# Each plugin's tests on their own, with the plugin's own pytest configuration.
plugin-tests: $(STAMP_PLUGINS)
	set -e; for plugin in $(PLUGINS); do $(BIN)/pytest plugins/$$plugin/tests; done

test: lint typecheck unit plugin-tests

# Every size in one run (about ten minutes on two cores); figures to benchmarks/results.md.
bench: $(STAMP_BENCH)
	$(BIN)/python -m benchmarks.run --output benchmarks/results

# Every command on 10,000 seeded hostile registries per loader (about an hour on two cores);
# the figures go into docs/robustness.md.
fuzz: $(STAMP_PLUGINS)
	$(BIN)/python -m tests.fuzzing --count 10000

clean:
	rm -rf $(VENV) build dist src/*.egg-info plugins/*/src/*.egg-info .mypy_cache .pytest_cache .ruff_cache
