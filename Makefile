# Social CRM Workbench — the two set-up commands are `make run` and `make test`.
# Both create (or refresh) the project-local virtual environment in .venv first;
# nothing is installed globally. When pyproject.toml and constraints.txt have not
# changed since the last install, the environment step is a no-op.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check
# progress on a terminal (pip's bars), quiet in logs and CI (stdout not a TTY)
QUIET  := $(shell [ -t 1 ] || echo --quiet)

.PHONY: venv run test test-browser browser-deps dashboard lab lint samples clean-venv

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required, found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@[ -t 1 ] && echo "Setting up .venv (pinned packages from constraints.txt; a few minutes the first time) ..." || true
	$(PIP) install $(QUIET) --upgrade "pip>=24"
	$(PIP) install $(QUIET) -c constraints.txt -e '.[dev]'
	$(BIN)/scrm nltk-data
	@touch $(STAMP)

venv: $(STAMP)

## make run: every notebook on the bundled sample data -> runs/<timestamp>/ (executed .ipynb, HTML, index.html, manifest.json)
run: $(STAMP)
	$(BIN)/scrm run --all

## make test: the whole test suite (unit, property, notebook execution, nbval, real-browser tests)
test: $(STAMP) browser-deps
	$(BIN)/python -m pytest

## make test-browser: only the real-browser tests (Playwright driving Debian's chromium)
test-browser: $(STAMP) browser-deps
	$(BIN)/python -m pytest -m browser

## browser-deps: Debian's chromium for the browser tests (Playwright cannot download its own offline).
## Installed when missing and we are root (CI); otherwise the browser tests skip with a reason.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		echo "chromium not installed: the browser tests will be skipped (apt-get install chromium)"; }

## make dashboard: the course's session-5 listening dashboard (notebook 01 served by Voila, code and
## exercises hidden, live controls first) on http://127.0.0.1:$(DASHBOARD_PORT)/ — Ctrl-C stops it
DASHBOARD_PORT ?= 8866
dashboard: $(STAMP)
	$(BIN)/python -m scrm_lib.run.dashboard --port $(DASHBOARD_PORT)

## make lab: JupyterLab on notebooks/ with the project's kernel
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

lint: $(STAMP)
	$(BIN)/ruff check scrm_lib tests bench

samples: $(STAMP)
	$(BIN)/scrm samples

clean-venv:
	rm -rf $(VENV)
