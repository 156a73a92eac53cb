# Two commands on a fresh machine with Python 3.11: `make site` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
STAMP := $(VENV)/.installed

.PHONY: site test serve build check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

# Reinstall only when the pinned requirements change.
$(STAMP): requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $(STAMP)

## site: build the pages from seeds/ into docs/ and the static site into site/ (the MkDocs hook
## generates the pages once and writes docs/ and build-report.json as build.py would)
site: $(STAMP)
	$(BIN)/mkdocs build --strict

## build: write the generated pages and docs/facts.json only
build: $(STAMP)
	$(BIN)/python build.py

## check: validate articles and registries without writing pages
check: $(STAMP)
	$(BIN)/python build.py --check

## serve: live preview; editing a seed, registry file or template regenerates the pages
serve: $(STAMP)
	$(BIN)/mkdocs serve

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
# sudo only where we are not root (GitHub runners).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

## test: every test, including a real mkdocs build and a real browser
test: $(STAMP) $(CHROMIUM)
	$(BIN)/python -m pytest

clean:
	rm -rf site $(VENV) .pytest_cache
