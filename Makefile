# Tocsin: the two commands a newcomer needs are `make run` and `make test`; each sets up what it needs.
.DEFAULT_GOAL := help
.PHONY: help setup run test lint fast bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup:  ## create .venv from uv.lock (idempotent; a second run downloads nothing)
	@./scripts/setup

run: setup  ## run Tocsin locally: the local Kafka broker and the services
	@.venv/bin/tocsin run $(RUN_ARGS)

test: setup  ## the whole suite: lint, format, types, then unit, in-memory and real-broker tests
	@./scripts/test

lint: setup  ## ruff, ruff format --check and mypy --strict only
	@./scripts/test --lint-only

fast: setup  ## the tests that start no Kafka broker (all but those marked kafka); no lint
	@.venv/bin/pytest -m "not kafka" -q

bench: setup  ## the benchmarks (they start their own broker)
	@.venv/bin/python bench/run_all.py

clean:  ## stop the local broker and remove local state in $TOCSIN_HOME, else .tocsin (keeps the jar cache)
	-@.venv/bin/tocsin kafka stop
	rm -rf "$${TOCSIN_HOME:-.tocsin}/kafka" "$${TOCSIN_HOME:-.tocsin}"/*.db
