# Partner Hub: the two commands a newcomer runs are `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test install check

$(VENV)/.installed: pyproject.toml
	@scripts/bootstrap-venv $(VENV)
	@touch $@

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(VENV)/bin/pytest
