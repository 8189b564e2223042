# Two commands do all the set-up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app council:create_app
export COUNCIL_ENV ?= development
NPM ?= npm
CHROMIUM := /usr/bin/chromium
# BROWSER=0 runs the suite without the browser tests (and without their tools).
BROWSER ?= 1
PYTEST_ARGS ?=

# WeasyPrint (PDF minutes and reports) needs Pango; Noto fonts cover Arabic script and are
# embedded in the PDFs. Installed when root on Debian/Ubuntu, checked otherwise.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core

.PHONY: run test install install-test translations lint format clean browser-tools \
	system-packages system-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
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

run: system-deps install translations
	mkdir -p instance
	$(FLASK) db upgrade
	$(FLASK) demo-data --if-empty
	$(FLASK) run --host 127.0.0.1 --port 5000

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
	COUNCIL_ENV=testing $(BIN)/pytest $(PYTEST_MARKS) $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) instance/test.db .pytest_cache node_modules test-artifacts
