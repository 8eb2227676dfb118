# Charte Cyber Normandie — the two commands of the README, and a few helpers.
#   make run    creates .venv, installs, migrates, loads questionnaires and demo data, serves
#   make test   creates .venv, installs, lints, runs the whole suite (SQLite and PostgreSQL)
#   make check  the inner loop: lint, then the tests that need no browser and no server (SQLite),
#               in CHECK_WORKERS processes (pytest-xdist), property tests on a quarter of their
#               random examples (tests/examples.py)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV := CHARTER_ENVIRONMENT=development
FLASK := $(BIN)/flask --app charter
HOST ?= 127.0.0.1
PORT ?= 5000
# Debian packages the tests drive: the browser (Chromium's headless shell), and the PDF checkers.
SYSTEM_PACKAGES := chromium-headless-shell qpdf poppler-utils age

# The tests make check leaves out: the browser's, and those that start gunicorn or a PostgreSQL
# cluster of their own (marked in tests/conftest.py). make test runs them all.
CHECK_MARKERS := not browser and not server
# One test process per core of these machines (each worker has its own databases and its own
# Redis database: tests/conftest.py). worksteal hands the slow tests' neighbours to the idle one.
CHECK_WORKERS ?= 2

.PHONY: run test check install lint format messages system-packages serve bench lock lock-production audit clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test,dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(DEV) $(FLASK) db upgrade
	$(DEV) $(FLASK) charter questionnaires load
	$(DEV) $(FLASK) charter demo

	@echo
	@echo "Charte Cyber Normandie : http://$(HOST):$(PORT)  (Ctrl+C pour arrêter)"
	@echo "Les e-mails (liens de vérification...) sont écrits dans instance/outbox/."
	@echo
	$(DEV) $(FLASK) run --host $(HOST) --port $(PORT)

system-packages:
	@missing=""; \
	command -v chromium-headless-shell >/dev/null || missing="$$missing chromium-headless-shell"; \
	command -v qpdf >/dev/null || missing="$$missing qpdf"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	command -v age >/dev/null || missing="$$missing age"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo -n"; \
	  $$SUDO apt-get install -y -q $$missing >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q $$missing >/dev/null; } || \
	  { echo "Could not install$$missing: the browser and PDF tests will fail."; }; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install system-packages lint
	bash tests/run_legs.sh

check: install lint
	CHARTER_TEST_EXAMPLES=quick $(BIN)/python -m pytest -q -p no:cacheprovider -m "$(CHECK_MARKERS)" \
	  -n $(CHECK_WORKERS) --dist worksteal

# The catalogue template of every user-facing string (babel.cfg says where they are). Commit the
# result: tests/test_translations.py fails when a string was added or changed without it.
messages: install
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -k N_ --no-location --sort-output \
	  --project "Charte Cyber Normandie" --version "" --msgid-bugs-address "" \
	  --copyright-holder "Région Normandie" -o charter/translations/messages.pot .

# Production-like serving: gunicorn with the repository's configuration, on the local database.
serve: install
	$(DEV) $(FLASK) db upgrade
	$(DEV) $(FLASK) charter questionnaires load
	$(DEV) GUNICORN_BIND=$(HOST):$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py 'charter:create_app()'

# The benchmark command: seeds the Region's volumes, serves with gunicorn (2 workers), drives it
# over HTTP from another process and prints one table (bench/run.py explains the columns).
bench: install
	$(BIN)/python bench/run.py

# Re-pin every dependency (after changing pyproject.toml): a fresh environment, then freeze.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test,dev]'
	.venv-lock/bin/python -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
	rm -rf .venv-lock
	$(MAKE) lock-production

# The runtime dependencies of requirements.lock with their hashes, for production installs.
lock-production: install
	$(BIN)/python docs/deploy/production_lock.py

# Known vulnerabilities in the locked dependencies (.ci/run calls it after the tests).
audit: install
	bash .ci/audit

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
