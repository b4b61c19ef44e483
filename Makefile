# Quick start: `make demo` serves the demo province on http://127.0.0.1:8000, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := DJANGO_DEBUG=1

.PHONY: demo test install install-dev lint format messages run clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

demo: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py load_demo
	@echo "Serving on http://127.0.0.1:8000 (Ctrl+C to stop)"
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

run: install
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install-dev
	$(DEV_ENV) $(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the Vietnamese catalogue after changing user-facing strings, then translate and compile.
messages: install-dev
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l vi --no-obsolete --no-location --ignore=.venv --ignore=tests
	$(DEV_ENV) $(BIN)/python manage.py compilemessages -l vi --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
