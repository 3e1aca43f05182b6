# Everything a fresh machine with Python 3.11 needs: `make run`, `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test serve bench install clean help

help:
	@echo "make run    - one monitoring pass on the embedded defaults (SQLite, example articles)"
	@echo "make test   - the whole test suite (needs PostgreSQL on 127.0.0.1:5432)"
	@echo "make serve  - the scheduled service on Prefect (a local server unless PREFECT_API_URL is set)"
	@echo "make bench  - the benchmarks of bench/README.md"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/newswatch run --once --examples
	$(BIN)/newswatch claims

test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider

serve: $(STAMP)
	$(BIN)/newswatch serve

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) newswatch.db newswatch.db-wal newswatch.db-shm *.egg-info
