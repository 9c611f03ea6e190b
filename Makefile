# Percorsi — everything a fresh machine needs is installed by these targets.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
PYTHON ?= python3
UV := $(PYTHON) -m uv
BENCH_SIZE ?= small
PG_PORT ?= 55432

.PHONY: demo test lint bench setup system clean

.venv/.synced: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen --quiet --compile-bytecode  # every process start reads .pyc, not source (PYTHONDONTWRITEBYTECODE may be set)
	@touch $@

setup: .venv/.synced

system:
	@bash scripts/ensure-system.sh

demo: setup ## seed the demo data (first run), build analytics, serve API + dashboard
	$(UV) run percorsi demo

test: setup system ## the whole suite: SQLite, PostgreSQL, DuckDB, uvicorn, Chromium
	@url=$$(bash scripts/pg-up.sh var/pg $(PG_PORT)) && \
	PERCORSI_TEST_POSTGRES_URL=$$url $(UV) run pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

lint: setup ## ruff, mypy strict on the core, import-linter for the dependency rule
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	$(UV) run mypy
	$(UV) run lint-imports

bench: setup system ## benchmarks; BENCH_SIZE=small|large; writes bench/results/latest.json
	@url=$$(bash scripts/pg-up.sh var/pg $(PG_PORT)) && \
	PERCORSI_BENCH_POSTGRES_URL=$$url $(UV) run python -m bench --size $(BENCH_SIZE)

clean:
	rm -rf var .venv
