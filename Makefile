# The newsroom's commands. A newcomer needs two: `make run` and `make test`.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The suite runs on this many processes (one per core on a CI machine).
TEST_WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help run test lint format migrate demo clean bench bench-live bench-import profile

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed ($(PYTHON))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

# PORT goes to the settings too: unless SITE_URL says otherwise, absolute addresses name this port.
run: $(VENV)/.runtime ## Install, migrate, load the demo and serve on http://127.0.0.1:$(PORT)
	DEBUG=$${DEBUG:-1} PORT=$(PORT) $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} PORT=$(PORT) $(BIN)/python manage.py seed_demo
	DEBUG=$${DEBUG:-1} PORT=$(PORT) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev ## Check migrations and lint, then run the whole suite (DATABASE_URL or SQLite)
	DJANGO_SETTINGS_MODULE=tests.settings $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile

$(VENV)/.bench: requirements.txt requirements-dev.txt requirements-bench.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-bench.txt
	@touch $@ $(VENV)/.dev $(VENV)/.runtime

bench: $(VENV)/.bench ## Benchmark at 100,000 stories (BENCH_ARTICLES=N); writes bench/results.json and .png
	@command -v wrk >/dev/null || { echo "Installing wrk from Debian"; apt-get update -qq && apt-get install -y -qq wrk; }
	$(BIN)/python -m bench.run
	$(MAKE) --no-print-directory bench-live

bench-live: $(VENV)/.bench ## A live story under 500 polling readers behind nginx as the CDN; writes bench/live-results.json
	@[ -x /usr/sbin/nginx ] || { echo "Installing nginx from Debian"; apt-get update -qq && apt-get install -y -qq nginx-light; }
	$(BIN)/python -m bench.live

# Not part of CI: some 20 minutes on two cores. Run it on a quiet machine, with DATABASE_URL naming PostgreSQL.
bench-import: $(VENV)/.runtime ## Import a synthetic WordPress site of 1,000 and 10,000 posts (BENCH_IMPORT_POSTS=N); writes bench/import-results.json
	$(BIN)/python -m bench.importing

# PAGE is required; N requests (50), CACHE=1 keeps the page cache on; BENCH_ARTICLES picks the database.
profile: $(VENV)/.runtime ## Where a page's time goes: cProfile over N requests of PAGE=/path/ on the bench database
	$(BIN)/python -m bench.profile_page --page='$(PAGE)' --requests=$(or $(N),50) $(if $(filter 1 true yes,$(CACHE)),--cache) $(if $(SORT),--sort=$(SORT))

format: $(VENV)/.dev ## Fix lint and formatting where ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean: ## Remove the virtual environment and everything under var/
	rm -rf $(VENV) var staticfiles

.PHONY: check-site site-tools

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the site checks (vnu-jar, axe-core)"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

site-tools: node_modules/.installed ## Install the site checks' npm tools (vnu-jar, axe-core); Java and chromium come from the system

check-site: $(VENV)/.dev node_modules/.installed ## Validate the public pages (Nu Html Checker) and check them with axe-core in chromium
	CI=$${CI:-true} $(BIN)/pytest tests/site
