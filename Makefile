# CSM Desk: `make run` opens the app on your default book, `make test` runs every check.
# Both set everything up on a fresh machine first (a virtual environment in .venv, and on
# Debian/Ubuntu the system libraries Qt and the document checks need).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint system-deps screenshots benchmarks clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

system-deps:
	@bash tools/system-deps.sh

run: system-deps $(STAMP)
	$(BIN)/csm-desk

lint: $(STAMP)
	$(BIN)/ruff check csm_desk tests benchmarks tools packaging
	$(BIN)/ruff format --check csm_desk tests benchmarks tools packaging
	$(BIN)/lint-imports
	$(BIN)/mypy

test: system-deps $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# Hand-made mutants of the rules' edges (tools/edge_mutants.py): each must fail a test. Slow;
# not part of `make test`.
.PHONY: edge-mutants
edge-mutants: $(STAMP)
	$(BIN)/python tools/edge_mutants.py

screenshots: system-deps $(STAMP)
	$(BIN)/python tools/screenshots.py
	$(BIN)/python tools/screenshot_map.py

benchmarks: $(STAMP)
	$(BIN)/python benchmarks/engine_bench.py
	$(BIN)/python benchmarks/import_bench.py
	$(BIN)/python benchmarks/export_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/ui_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/map_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
