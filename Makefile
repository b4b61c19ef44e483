# Quick start: `make demo` serves the demo province on http://127.0.0.1:8000, `make test` runs the suite.
# Needs Python 3.11; system packages (WeasyPrint's Pango, gettext, Chromium for the browser tests)
# are installed by scripts/system-packages when run as root with apt, or named exactly otherwise.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := DJANGO_DEBUG=1
TEST_WORKERS ?= auto  # pytest-xdist processes (make test TEST_WORKERS=0 runs in one)

.PHONY: demo test install install-dev system system-test lint format messages run clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else \
		"Python 3.11 is needed (found " + sys.version.split()[0] + "): make PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed system

install-dev: $(VENV)/.installed-dev system-test

system: $(VENV)/.installed
	@scripts/system-packages $(BIN)/python

system-test: $(VENV)/.installed-dev
	@scripts/system-packages $(BIN)/python --browser

demo: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_demo
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl+C to stop)"
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

run: install
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-dev
	$(DEV_ENV) $(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the Vietnamese catalogue after changing user-facing strings, then translate and compile.
messages: install-dev
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l vi --no-obsolete --no-location --ignore=.venv --ignore=tests
	$(DEV_ENV) $(BIN)/python manage.py compilemessages -l vi --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
