# CSM Desk: `make run` opens the app on your default book, `make test` runs every check.
# Both set everything up on a fresh machine first (a virtual environment in .venv, and on
# Debian/Ubuntu the system libraries Qt and the document checks need).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint system-deps screenshots benchmarks clean install-desktop uninstall-desktop

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
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/start_bench.py
	$(BIN)/python benchmarks/engine_bench.py
	$(BIN)/python benchmarks/import_bench.py
	$(BIN)/python benchmarks/export_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/ui_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/map_bench.py

# The desktop entry, the .csmbook file type and the icon, for the current user (xdg-utils).
# `csm-desk` itself comes from `pipx install .` (or `pip install --user .`).
install-desktop:
	xdg-mime install --mode user --novendor packaging/csm-desk-mime.xml
	xdg-icon-resource install --mode user --noupdate --context apps --size 256 packaging/icons/csm-desk.png csm-desk
	install -D -m 644 packaging/icons/csm-desk.svg "$${XDG_DATA_HOME:-$$HOME/.local/share}/icons/hicolor/scalable/apps/csm-desk.svg"
	xdg-icon-resource forceupdate --mode user
	xdg-desktop-menu install --mode user --novendor packaging/io.csmdesk.CSMDesk.desktop
	install -D -m 644 packaging/io.csmdesk.CSMDesk.metainfo.xml "$${XDG_DATA_HOME:-$$HOME/.local/share}/metainfo/io.csmdesk.CSMDesk.metainfo.xml"
	xdg-mime default io.csmdesk.CSMDesk.desktop application/x-csmbook

uninstall-desktop:
	-xdg-desktop-menu uninstall --mode user --novendor packaging/io.csmdesk.CSMDesk.desktop
	-xdg-mime uninstall --mode user --novendor packaging/csm-desk-mime.xml
	-xdg-icon-resource uninstall --mode user --context apps --size 256 csm-desk
	rm -f "$${XDG_DATA_HOME:-$$HOME/.local/share}/icons/hicolor/scalable/apps/csm-desk.svg"
	rm -f "$${XDG_DATA_HOME:-$$HOME/.local/share}/metainfo/io.csmdesk.CSMDesk.metainfo.xml"

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
