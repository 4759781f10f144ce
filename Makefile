# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
OPENSEARCH_PORT ?= 9250
ELASTICSEARCH_PORT ?= 9240
export OPENSEARCH_PORT ELASTICSEARCH_PORT
ENGINE := bash search/engine/engine.sh
# The engine of `make run-engine` / `engine-start`: SEARCH_ENGINE=elasticsearch9 (or 8) runs the
# site on the Elasticsearch node, anything else (default opensearch3) on the OpenSearch node.
SEARCH_ENGINE ?= opensearch3
ENGINE_KIND := $(if $(filter elasticsearch%,$(SEARCH_ENGINE)),elasticsearch,opensearch)
ENGINE_PORT := $(if $(filter elasticsearch,$(ENGINE_KIND)),$(ELASTICSEARCH_PORT),$(OPENSEARCH_PORT))
# Redis for the page-cache tests (tests/cache): passed to the test run as CACHE_URL when it answers.
# Worker N of the parallel run uses the database N below this one (15, 14, 13).
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
# `make test` runs the suite on this many processes (pytest-xdist); PYTEST_ARGS="-n0" runs it
# serially, in one process (for pdb or a print-debugging session).
TEST_WORKERS ?= 3

.PHONY: install run test lint format demo clean engine-start engine-stop run-engine benchmark \
	benchmark-pages guard-host backup restore

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# Front-end libraries of the map (leaflet, leaflet.markercluster, gcoord), pinned in
# package-lock.json and served from node_modules by Django; never copied into the repo.
# Chongqing's district outlines: the one file map/json/province/chongqing.json of the npm package
# echarts 4.9.0 (Apache-2.0, the last release that ships map data), fetched with `npm pack`
# (10 MB, kept in npm's cache), checked against the pinned integrity and extracted alone
# into $(DISTRICTS_DIR); the rest of the tarball is deleted.
DISTRICTS_PACKAGE := echarts@4.9.0
DISTRICTS_INTEGRITY := sha512-+ugizgtJ+KmsJyyDPxaw2Br5FqzuBnyOWwcxPKO6y0gc5caYcfnEUIlNStx02necw8jmKmTafmpHhGo4XDtEIA==
DISTRICTS_DIR := node_modules/.districts
node_modules/.installed: package.json package-lock.json Makefile
	@command -v npm >/dev/null || { echo "npm is needed for the map's libraries (Debian: apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(DISTRICTS_DIR) && mkdir -p $(DISTRICTS_DIR)
	cd $(DISTRICTS_DIR) && npm pack $(DISTRICTS_PACKAGE) --silent --loglevel=error >/dev/null
	$(PYTHON) -c 'import base64, hashlib, sys; d = open(sys.argv[1], "rb").read(); \
		sys.exit(0 if "sha512-" + base64.b64encode(hashlib.sha512(d).digest()).decode() == sys.argv[2] \
		else "integrity mismatch: " + sys.argv[1])' $(DISTRICTS_DIR)/echarts-4.9.0.tgz '$(DISTRICTS_INTEGRITY)'
	tar -xzf $(DISTRICTS_DIR)/echarts-4.9.0.tgz -C $(DISTRICTS_DIR) --strip-components=4 package/map/json/province/chongqing.json
	rm $(DISTRICTS_DIR)/echarts-4.9.0.tgz
	touch $@

# The project's own translations (locale/*/LC_MESSAGES/django.po, the wording Wagtail,
# wagtailmedia and Django lack in Chinese), compiled with Babel (pinned in requirements.txt).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

locale/%.mo: locale/%.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

install: $(VENV)/.installed node_modules/.installed $(MO_FILES)

# Installs, migrates, loads the demo content, creates the local admin account and serves
# the site on http://$(HOST):$(PORT) with the development settings.
run: guard-host install
	$(BIN)/python manage.py migrate --noinput
	WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py rebuild_search_vocabulary
	$(BIN)/python manage.py ensure_local_admin --host $(HOST) --port $(PORT)
	WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The development settings (a development secret key; Django's debug pages with DEBUG=true) are
# for this machine: on another address (HOST=0.0.0.0) `make run` refuses unless DEBUG=false is
# set explicitly.
guard-host:
	@case "$(HOST)" in \
	  127.*|localhost|::1|"[::1]") ;; \
	  *) if [ "$(DEBUG)" != "false" ]; then \
	       echo "make run: HOST=$(HOST) is not loopback; the development settings are for this machine only."; \
	       echo "Run on 127.0.0.1, or set DEBUG=false (and ALLOWED_HOSTS) to serve to the network without debug pages."; \
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
	$(BIN)/python manage.py rebuild_search_vocabulary

# Runs every test: unit, integration, search-engine and browser tests. Starts an OpenSearch node
# (Java 17+) and an Elasticsearch node (Java 21+) side by side for the engine tests (Maven
# fetches both; .ci/run installs what they need) and stops them after. ELASTICSEARCH_TESTS=no
# leaves Elasticsearch out (its node and the tests' Elasticsearch cases; CI's second run).
# Chromium must be installed for the browser tests. DATABASE_URL selects PostgreSQL.
test: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(BIN)/python manage.py check
	@if command -v java >/dev/null && command -v mvn >/dev/null; then \
		$(ENGINE) opensearch start & os=$$!; \
		if [ "$(ELASTICSEARCH_TESTS)" = no ]; then true & es=$$!; else $(ENGINE) elasticsearch start & es=$$!; fi; \
		wait $$os; a=$$?; wait $$es; b=$$?; \
		if [ $$a != 0 ] || [ $$b != 0 ]; then $(ENGINE) opensearch stop; $(ENGINE) elasticsearch stop; \
			if [ "$$CI" = true ]; then exit 1; fi; fi; \
	else echo "Java or Maven missing: the search-engine tests will be skipped (they fail in CI)"; fi
	@if $(BIN)/python -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_timeout=2).ping()" \
		"$(TEST_REDIS_URL)" 2>/dev/null; then echo "Redis at $(TEST_REDIS_URL): page-cache tests run on it too"; \
	else echo "Redis not reachable at $(TEST_REDIS_URL): its page-cache tests will be skipped (they fail in CI)"; fi
	CACHE_URL=$$($(BIN)/python -c "import redis,sys; redis.Redis.from_url(sys.argv[1], socket_timeout=2).ping(); \
		print(sys.argv[1])" "$(TEST_REDIS_URL)" 2>/dev/null) \
	SEARCH_TEST_URL=http://127.0.0.1:$(OPENSEARCH_PORT) \
	SEARCH_TEST_ELASTICSEARCH_URL=$(if $(filter no,$(ELASTICSEARCH_TESTS)),,http://127.0.0.1:$(ELASTICSEARCH_PORT)) \
		$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder \
		$(if $(filter no,$(ELASTICSEARCH_TESTS)),-k "not elasticsearch") $(PYTEST_ARGS); \
		status=$$?; $(ENGINE) opensearch stop; $(ENGINE) elasticsearch stop; exit $$status

# The node of SEARCH_ENGINE on loopback (data in .cache/opensearch or .cache/elasticsearch),
# for `make run-engine` or by hand; engine-stop stops both.
engine-start:
	$(ENGINE) $(ENGINE_KIND) start

engine-stop:
	$(ENGINE) opensearch stop
	$(ENGINE) elasticsearch stop

# Like `make run`, with the site searching through the engine of SEARCH_ENGINE (OpenSearch by
# default; SEARCH_ENGINE=elasticsearch9 for Elasticsearch), started if needed. The index names
# carry the node's port, like its cluster name: each checkout its own node and indices.
ENGINE_INDEX_PREFIX = family_dev_$(ENGINE_PORT)_
run-engine: guard-host install engine-start
	$(BIN)/python manage.py migrate --noinput
	WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py load_demo_content
	SEARCH_URL=http://127.0.0.1:$(ENGINE_PORT) SEARCH_ENGINE=$(SEARCH_ENGINE) SEARCH_INDEX_PREFIX=$(ENGINE_INDEX_PREFIX) \
		$(BIN)/python manage.py update_index
	$(BIN)/python manage.py rebuild_search_vocabulary
	$(BIN)/python manage.py ensure_local_admin --host $(HOST) --port $(PORT)
	WAGTAILADMIN_BASE_URL=http://$(HOST):$(PORT) SEARCH_URL=http://127.0.0.1:$(ENGINE_PORT) \
		SEARCH_ENGINE=$(SEARCH_ENGINE) SEARCH_INDEX_PREFIX=$(ENGINE_INDEX_PREFIX) \
		$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Search benchmark: N generated micro-lessons on the database backend, OpenSearch and
# Elasticsearch (both nodes started if needed; see search/management/commands).
benchmark: install
	$(ENGINE) opensearch start
	$(ENGINE) elasticsearch start
	SEARCH_TEST_URL=http://127.0.0.1:$(OPENSEARCH_PORT) \
		SEARCH_TEST_ELASTICSEARCH_URL=http://127.0.0.1:$(ELASTICSEARCH_PORT) \
		DJANGO_SETTINGS_MODULE=config.settings.test \
		$(BIN)/python manage.py search_benchmark $(BENCHMARK_ARGS)

# Page benchmark: gunicorn (2 workers, production settings), Varnish and nginx on loopback over
# 10,000 generated lessons and 2,000 sites (home/benchmark_pages.py; needs varnish, nginx and wrk).
benchmark-pages: install
	$(BIN)/python -m home.benchmark_pages $(BENCHMARK_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: engine-stop
	rm -rf $(VENV) var db.sqlite3 .local .cache node_modules
