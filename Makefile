# Pilar — see README.md. Everything runs from the project's own .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails and shares point at the server `make run` starts (PORT=8101 included).
PILAR_SITE_URL ?= http://$(HOST):$(PORT)
# Development defaults; production sets its own environment (README "Production").
DEV_ENV = DJANGO_DEBUG=1 PILAR_SITE_URL=$(PILAR_SITE_URL)
PYTEST_WORKERS ?= 2

.PHONY: help install run serve test test-fast lint fmt db-stop db-reset bench messages check-deploy clean

help:
	@echo "make run      set up everything and serve http://$(HOST):$(PORT) with demo data"
	@echo "make test     run the whole test suite"
	@echo "make lint     ruff check + format check;  make fmt  format the code"
	@echo "make db-stop  stop the embedded PostgreSQL servers under var/"
	@echo "make db-reset stop them and delete their data (var/pg-*)"
	@echo "make bench    benchmarks (bench/README.md)"

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

messages: install
	$(DEV_ENV) $(MANAGE) compilemessages --ignore=.venv --ignore=var -v 0

run: install messages
	$(DEV_ENV) $(MANAGE) migrate --no-input -v 1
	$(DEV_ENV) $(MANAGE) load_regions --villages
	$(DEV_ENV) $(MANAGE) seed_demo
# The task worker (e-mails) runs beside the server and stops with it.
	$(DEV_ENV) $(MANAGE) db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(MANAGE) runserver $(HOST):$(PORT)

test: install messages
	$(BIN)/pytest -n $(PYTEST_WORKERS) --durations=15 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

db-stop:
	@$(PY) -c "from pathlib import Path; import os; from config.embedded_db import stop_embedded_server; \
	var = Path(os.environ.get('PILAR_VAR_DIR', 'var')).resolve(); \
	[print(stop_embedded_server(var, name)) for name in ('dev', 'test')]"

db-reset: db-stop
	rm -rf $${PILAR_VAR_DIR:-var}/pg-dev $${PILAR_VAR_DIR:-var}/pg-test

check-deploy: install
	DJANGO_SECRET_KEY=check-only-$$(head -c 32 /dev/urandom | base64 | tr -dc a-zA-Z0-9) \
	DJANGO_ALLOWED_HOSTS=pilar.example.org $(MANAGE) check --deploy --fail-level WARNING

# Registration throughput under gunicorn next to a one-INSERT floor, then the reports at
# scale next to bare SQL (bench/README.md). Own database in var/bench; BENCH_ARGS="--quick"
# for a short run, "--scenario registration|reports" for one of them.
bench: install
	$(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var/staticfiles
