# Social CRM Workbench — the two set-up commands are `make run` and `make test`.
# Both create (or refresh) the project-local virtual environment in .venv first;
# nothing is installed globally. When pyproject.toml and constraints.txt have not
# changed since the last install, the environment step is a no-op.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP    := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: venv run test lab lint samples clean-venv

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required, found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade "pip>=24"
	$(PIP) install --quiet -c constraints.txt -e '.[dev]'
	$(BIN)/scrm nltk-data
	@touch $(STAMP)

venv: $(STAMP)

## make run: every notebook on the bundled sample data -> runs/<timestamp>/ (executed .ipynb, HTML, index.html, manifest.json)
run: $(STAMP)
	$(BIN)/scrm run --all

## make test: the whole test suite (unit, property, notebook execution, nbval)
test: $(STAMP)
	$(BIN)/python -m pytest

## make lab: JupyterLab on notebooks/ with the project's kernel
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

lint: $(STAMP)
	$(BIN)/ruff check scrm_lib tests bench

samples: $(STAMP)
	$(BIN)/scrm samples

clean-venv:
	rm -rf $(VENV)
