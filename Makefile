# The two commands a new machine needs: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install browser run test lint typecheck bench clean

# Installs into a project virtualenv. torch is installed first, pinned to the CPU build, so that no
# later requirement can pull a CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	$(BIN)/python -m pip install --quiet "torch==2.13.0"
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# The browser tests drive Debian's Chromium (never a browser downloaded by a test tool).
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

run: install
	$(BIN)/tidings load-sample
	$(BIN)/tidings serve

# One worker per core: on the 2-core machine the suite took 11 min 44 s in one process (2026-12-06)
# and 7 min 32 s in two, once the migration scripts were read once a process (2026-12-07).
test: install browser
	$(BIN)/python -m pytest -n auto

lint: install
	$(BIN)/ruff check tidings tests bench
	$(BIN)/ruff format --check tidings tests bench

typecheck: install
	$(BIN)/mypy

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache

# Benchmarks need the peers they are measured against (the `bench` extra); each script prints its table.
bench: install
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	@echo "benchmarks: $(BIN)/python bench/<extraction|gather|stories|summaries|fetch|web>.py (see docs/benchmarks.md)"
