# Two commands do all the set-up: `make run` and `make test` (see README.md).
# PYTHON=/path/to/python3.X picks the interpreter of a new .venv (3.11 or newer); without it
# scripts/find-python takes the newest one found, or says what to install.
PYTHON ?=
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app council:create_app
export COUNCIL_ENV ?= development
# `make run PORT=8080`: the development server listens there and emailed links follow
# (config.py builds BASE_URL from PORT unless BASE_URL is set).
PORT ?= 5000
NPM ?= npm
CHROMIUM := /usr/bin/chromium
# BROWSER=0 runs the suite without the browser tests (and without their tools).
BROWSER ?= 1
PYTEST_ARGS ?=
# Test processes (pytest-xdist): one per core by default; TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto

# WeasyPrint (PDF minutes and reports) needs Pango; Noto fonts cover Arabic script and are
# embedded in the PDFs. Installed when root on Debian/Ubuntu, checked otherwise.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core

.PHONY: run reset-demo screenshots test install install-test translations lint format clean \
	browser-tools system-packages system-deps bench

$(BIN)/python:
	@python=$$(PYTHON='$(PYTHON)' sh scripts/find-python) || exit 1; \
	echo "Creating $(VENV) with $$python ($$($$python --version 2>&1))"; \
	$$python -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

translations: $(VENV)/.installed
	$(FLASK) translate compile

system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "warning: PDFs need these system packages (or their equivalents): $$missing"; fi

run reset-demo: export PORT := $(PORT)

# Development mail is written to instance/mail/*.eml: the demo's own mail is delivered before
# the server starts, then each request delivers what it queued.
run: system-deps install translations
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) demo-data --if-empty
	$(FLASK) mail deliver
	@echo "Council: http://127.0.0.1:$(PORT)/  (mail: instance/mail/, demo password: conseil-demo-2026)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Starts the demo over: a new database with the demo data, no mail (development only).
reset-demo: install translations
	@if [ "$(COUNCIL_ENV)" != development ]; then \
	  echo "reset-demo erases the database: only with COUNCIL_ENV=development"; exit 1; fi
	@if [ -z "$$DATABASE_URL" ]; then rm -f instance/council.db; \
	else $(FLASK) db downgrade base; fi
	rm -rf instance/mail
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) demo-data
	$(FLASK) mail deliver

# Browser tests use Debian's Chromium (Playwright cannot download browsers here) and the
# machine's Java; axe-core and the Nu Html Checker come from npm, pinned in package-lock.json.
system-packages:
	@missing=""; \
	[ -x $(CHROMIUM) ] || missing="$$missing chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v $(NPM) >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	  else \
	    echo "The browser tests need these Debian packages:$$missing"; \
	    echo "Install them as root:  apt-get install --no-install-recommends$$missing"; \
	    echo "or run the suite without the browser tests:  make test BROWSER=0"; \
	    exit 1; \
	  fi; \
	fi

# npm writes node_modules/.package-lock.json on each install: it dates node_modules.
node_modules/.package-lock.json: package.json package-lock.json | system-packages
	$(NPM) ci --ignore-scripts --no-audit --no-fund
	@touch $@

browser-tools: system-packages node_modules/.package-lock.json

ifeq ($(BROWSER),0)
TEST_TOOLS :=
PYTEST_MARKS := -m "not browser"
else
TEST_TOOLS := browser-tools
PYTEST_MARKS :=
endif

test: system-deps install-test translations $(TEST_TOOLS)
	COUNCIL_ENV=testing $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal --durations=20 \
	  $(PYTEST_MARKS) $(PYTEST_ARGS)

# The benchmark (bench/run.py): wrk against gunicorn, hello world vs Council, demo vs large record.
bench: install translations
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk; } || \
	  { echo "The benchmark needs wrk:  apt-get install wrk"; exit 1; }
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Refreshes the pictures of the README and the guides (docs/screenshots/) from the journeys
# that take them; look at them before committing (they carry the demo's dates).
screenshots: system-deps install-test translations browser-tools
	COUNCIL_ENV=testing COUNCIL_DOC_SCREENSHOTS=1 $(BIN)/pytest -m browser -q \
	  tests/browser/test_public_journeys.py tests/browser/test_member_journeys.py \
	  tests/browser/test_secretary_journeys.py tests/browser/test_official_journeys.py \
	  tests/browser/test_account_journeys.py

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) instance/test.db .pytest_cache node_modules test-artifacts
