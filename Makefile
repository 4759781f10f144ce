# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: install run test lint format demo clean

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

# Installs, migrates, loads the demo content, creates the local admin account and serves
# the site on http://$(HOST):$(PORT) with the development settings.
run: install
	$(BIN)/python manage.py migrate --noinput
	WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py ensure_local_admin --host $(HOST) --port $(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content

# Runs every test: unit, integration and browser tests (Chromium must be installed;
# .ci/run installs it). DATABASE_URL selects PostgreSQL; unset, SQLite.
test: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py check
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var db.sqlite3 .local
