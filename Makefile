# Partner Hub: the two commands a newcomer runs are `make run` and `make test`.
#
#   make run     create .venv, prepare the database and serve on http://127.0.0.1:$(PORT)/
#   make test    the whole suite on SQLite, then again on a throwaway PostgreSQL server
#   make check   format check, lint, mypy --strict, the missing-migrations check, then the tests
#   make docs    regenerate docs/cli.md from every management command's --help
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PYTEST := $(VENV)/bin/pytest
PORT ?= 8000
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-x -k organisations"`.
PYTEST_ARGS ?=
# gunicorn workers and threads; SQLite in WAL mode copes with this many writers.
WORKERS ?= 2
THREADS ?= 4
SQLITE_DIR := $(dir $(or $(PARTNERHUB_SQLITE),var/partnerhub.sqlite3))

.PHONY: help install system-packages prepare run test test-sqlite test-postgres \
	check static format-check lint typecheck migrations-check docs

help:
	@sed -n 's/^#   make /make /p' $(firstword $(MAKEFILE_LIST))

# Reinstall only when the dependencies change; the stamp makes a second `make run` fast.
$(VENV)/.installed: pyproject.toml scripts/bootstrap-venv
	scripts/bootstrap-venv $(VENV)
	@touch $@

install: $(VENV)/.installed
	@mkdir -p $(SQLITE_DIR)

# PostgreSQL 15, Chromium and CJK fonts for the tests; a no-op when they are installed.
system-packages:
	@scripts/ensure-system-packages

# Every step is idempotent. Optional commands run only once the app that provides them exists, so
# `make run` keeps working while the project grows.
prepare: install
	@commands=$$($(MANAGE) help --commands); \
	optional() { \
	  if grep -qx "$$1" <<<"$$commands"; then echo "+ manage.py $$*"; $(MANAGE) "$$@"; \
	  else echo "note: manage.py $$1 is not available yet; skipped"; fi; \
	}; \
	optional portal_compilemessages; \
	$(MANAGE) migrate --noinput; \
	$(MANAGE) core_roles; \
	optional reference_load; \
	optional seeds_import; \
	$(MANAGE) collectstatic --noinput --verbosity 0

# gunicorn serves the WSGI app and WhiteNoise its collected static files (partnerhub/core/serve.py);
# a task worker (core_worker) runs beside it. Both stop together: when either ends, or on Ctrl-C,
# the other is stopped too.
run: prepare
	@echo "Partner Hub on http://127.0.0.1:$(PORT)/ with a background worker (Ctrl-C stops both)"
	@$(MANAGE) core_worker & worker=$$!; \
	$(VENV)/bin/gunicorn partnerhub.core.serve:application --bind 127.0.0.1:$(PORT) \
	  --workers $(WORKERS) --threads $(THREADS) --timeout 300 --access-logfile - --no-control-socket & \
	web=$$!; \
	stop() { kill -TERM $$web $$worker 2>/dev/null || true; wait $$web $$worker 2>/dev/null || true; }; \
	trap 'stop; exit 130' INT; trap 'stop; exit 143' TERM; \
	status=0; wait -n $$web $$worker || status=$$?; \
	stop; exit $$status

# Both runs always happen and both print pytest's summary; the target fails if either fails.
test: install system-packages
	@status=0; \
	$(MAKE) --no-print-directory test-sqlite || status=1; \
	$(MAKE) --no-print-directory test-postgres || status=1; \
	exit $$status

test-sqlite: install
	@echo "== Test suite on SQLite =="
	PARTNERHUB_DB=sqlite $(PYTEST) $(PYTEST_ARGS)

test-postgres: install system-packages
	@echo "== Test suite on PostgreSQL =="
	PYTHON=$(PY) scripts/with-postgres $(PYTEST) $(PYTEST_ARGS)

check: static test

# The fast checks that need no database server.
static: format-check lint typecheck migrations-check

format-check: install
	$(VENV)/bin/ruff format --check .

lint: install
	$(VENV)/bin/ruff check .

typecheck: install
	$(VENV)/bin/mypy partnerhub manage.py conftest.py

migrations-check: install
	$(MANAGE) makemigrations --check --dry-run

docs: install
	$(MANAGE) core_clidocs

# Benchmarks (bench/) are described in docs/performance.md; their targets go below this line.
