# Set-up, build and checks for wsisreport. `make build` and `make test` work on a fresh clone.
SHELL := /bin/bash
.DEFAULT_GOAL := build

# The venv's interpreter: the system's CPython (Debian's /usr/bin/python3) when it is 3.11 or later
# and has its venv module, else python3 from the PATH; PYTHON=... chooses another. Debian builds its
# interpreter as one static executable with profile-guided and link-time optimization; pyenv's
# default build, first in this machine's PATH, is a shared libpython without them, and lays the PDFs
# out about a quarter slower (docs/benchmarks.md).
SYSTEM_PYTHON := /usr/bin/python3
PYTHON ?= $(shell $(SYSTEM_PYTHON) -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $(SYSTEM_PYTHON) || echo python3)
VENV := .venv
BIN := $(VENV)/bin
SUBMISSIONS ?= submissions
OUT ?= build
# The current year: the newest year folder under submissions/.
YEAR ?= $(shell ls -d $(SUBMISSIONS)/[0-9][0-9][0-9][0-9] 2>/dev/null | sort | tail -n 1 | xargs -r basename)
APT_PACKAGES := fonts-noto-cjk fonts-liberation2 fonts-arphic-ukai libharfbuzz-subset0
# The tests also open our DOCX files in LibreOffice (an independent client), the review page
# in Chromium (driven by the system chromedriver; no browser downloads); pandoc reads the tracked
# changes of `wsisreport compare` as a second client, gettext's msgfmt checks the PO files of
# `translate export`, and poppler (pdftocairo, pdftoppm) rasterizes the PDFs.
TEST_APT_PACKAGES := $(APT_PACKAGES) libreoffice-writer-nogui chromium chromium-driver pandoc gettext poppler-utils

.PHONY: build test accept validate lint ci clean system-deps venv schema i18n bench word-fixtures

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the project's metadata changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

system-deps:
	@missing=""; for p in $(or $(PACKAGES),$(APT_PACKAGES)); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "installing:$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing) >/dev/null; \
	else \
	  echo "missing system packages:$$missing"; \
	  echo "run: sudo apt-get install -y --no-install-recommends$$missing"; \
	fi

build: venv system-deps
	$(BIN)/wsisreport build --year $(YEAR) --submissions $(SUBMISSIONS) --out $(OUT)

validate: venv
	$(BIN)/wsisreport validate $(SUBMISSIONS)

test: venv
	@$(MAKE) --no-print-directory system-deps PACKAGES="$(TEST_APT_PACKAGES)"
	$(BIN)/python -m pytest

# After reviewing a change in the output: rewrite every golden file from it (tests/golden.py),
# then show which changed.
accept: venv
	WSISREPORT_ACCEPT=1 $(BIN)/python -m pytest -q -m golden
	@git status --short -- tests/golden tests/rules

lint: venv
	$(BIN)/ruff check wsisreport tests benchmarks
	$(BIN)/ruff format --check wsisreport tests benchmarks
	$(BIN)/mypy

ci: venv
	@$(MAKE) --no-print-directory system-deps PACKAGES="$(TEST_APT_PACKAGES)"
	$(BIN)/wsisreport validate --strict $(SUBMISSIONS)
	$(BIN)/wsisreport build --year $(YEAR) --submissions $(SUBMISSIONS) --out $(OUT)
	$(BIN)/python -m pytest

# Gettext catalogs: extract → update (or init) → compile, for the report and console domains.
PYBABEL := $(BIN)/pybabel
I18N_LANGS := zh
i18n: venv
	$(PYBABEL) extract -F babel.cfg -k N_ --no-location --sort-output --omit-header --project wsisreport -o locale/report.pot . >/dev/null
	$(PYBABEL) extract --no-default-keywords -k _t -k _tn:1,2 --no-location --sort-output --omit-header --project wsisreport -o locale/console.pot wsisreport/cli.py >/dev/null
	for domain in report console; do for lang in $(I18N_LANGS); do \
	  if [ -f locale/$$lang/LC_MESSAGES/$$domain.po ]; then \
	    $(PYBABEL) update -D $$domain -i locale/$$domain.pot -d locale -l $$lang --ignore-obsolete || exit 1; \
	  else $(PYBABEL) init -D $$domain -i locale/$$domain.pot -d locale -l $$lang; fi; \
	done; $(PYBABEL) compile -D $$domain -d locale --statistics; done

# The benchmark, with the peer pipeline (Pandoc + LibreOffice) installed when possible.
bench: venv
	@$(MAKE) --no-print-directory system-deps PACKAGES="$(APT_PACKAGES) pandoc libreoffice-writer-nogui"
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS) > docs/benchmark-results.md
	@cat docs/benchmark-results.md

# The Word files the import tests read, written by independent software from their sources in
# tests/fixtures/word/ (committed, so the tests need neither program).
word-fixtures:
	@$(MAKE) --no-print-directory system-deps PACKAGES="pandoc libreoffice-writer-nogui"
	tests/fixtures/word/make-fixtures.sh

schema: venv
	$(BIN)/wsisreport schema --out schema

clean:
	rm -rf $(OUT) dist .pytest_cache .mypy_cache .ruff_cache
	find . -name __pycache__ -type d -prune -not -path './$(VENV)/*' -exec rm -rf {} +
