# The two commands of the README: `make demo` and `make test`. Both create .venv when missing.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: demo test lint typecheck pytest clean

demo: $(VENV)/.installed
	$(BIN)/govpub run --config examples/collection.yaml

test: $(VENV)/.installed-test lint typecheck pytest

# Browser tests need Chromium and a CJK font; the script installs them where the machine allows.
pytest: $(VENV)/.installed-test
	@if [ -x scripts/ensure-chromium ]; then scripts/ensure-chromium; fi
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src flows tests bench

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) public test-artifacts .pytest_cache .mypy_cache .ruff_cache
