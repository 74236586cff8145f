# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8050
export EV_DATA_DIR ?= $(abspath ../shared/data)
LOCALES := app/locale
CATALOG := $(LOCALES)/zh/LC_MESSAGES/messages

.PHONY: run test prepare lint format bench browser redis clean catalog

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

## catalog: extract the interface's messages from the code into the Chinese catalog
## (new ones arrive untranslated: write their msgstr in $(CATALOG).po)
catalog: $(BIN)/.installed
	$(BIN)/pybabel -q extract -F babel.cfg --no-location --sort-output -o $(LOCALES)/messages.pot app
	$(BIN)/pybabel -q update -i $(LOCALES)/messages.pot -d $(LOCALES) -l zh --no-fuzzy-matching

## the compiled catalog the app loads (built at install, never committed)
$(CATALOG).mo: $(CATALOG).po $(BIN)/.installed
	@# not `pybabel compile`: its %-format check takes "95% interval" for a placeholder and
	@# fails; our messages use {braces}, which tests/test_i18n.py checks
	$(BIN)/python -c 'import sys; from babel.messages import pofile, mofile; \
		mofile.write_mo(open(sys.argv[2], "wb"), pofile.read_po(open(sys.argv[1], "rb")))' $< $@

## prepare: parse the built-in datasets once into the Parquet cache
prepare: $(BIN)/.installed $(CATALOG).mo
	$(BIN)/python -m app prepare

## run: install, prepare the data, serve the dashboard with gunicorn on $(PORT)
run: prepare
	PORT=$(PORT) $(BIN)/gunicorn --config python:app.gunicorn_conf app.main:server

## browser: Debian chromium + chromedriver for the browser tests (when missing)
browser:
	@command -v chromedriver >/dev/null && command -v chromium >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

## redis: Debian redis-server for the several-instances test (when missing)
redis:
	@command -v redis-server >/dev/null || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server; }

## test: install what the tests need and run the whole suite (lint included)
test: $(BIN)/.installed-dev $(CATALOG).mo browser redis
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(BIN)/.installed-dev
	$(BIN)/ruff check .

format: $(BIN)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## bench: the benchmark scripts (print their figures)
bench: $(BIN)/.installed-dev
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .cache tests/screenshots
