# Two commands for a newcomer: `make run` (install + materialize the sample corpus) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# DAGSTER_HOME, when unset, is the warehouse's own instance folder (data/warehouse.duckdb.dagster/):
# lz-pipeline creates it from deploy/dagster.yaml.

.PHONY: run test dev bench samples lint format clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/lz-pipeline run

# One test process per core by default (pytest-xdist); a module's tests stay in one process, so its
# fixtures are built once. TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= 2
test: $(BIN)/.installed
	$(BIN)/pytest --numprocesses=$(TEST_WORKERS) --dist=loadfile

# Figures, not pass/fail: extraction speed vs camelot on every page and pdftotext, scaling, memory.
bench: $(BIN)/.installed
	$(BIN)/python -m lz_pipeline.bench

dev: $(BIN)/.installed
	$(BIN)/lz-pipeline dev

# Regenerate the sample PDFs from their truth files (needs LibreOffice and a TrueType CJK font:
# apt-get install libreoffice-calc-nogui libreoffice-writer-nogui fonts-wqy-microhei fonts-arphic-uming).
# build_truth.py first writes the invented departments' truth files (and budget_truth.py the 部门预算
# derived from every 泸州 决算 truth), build_fixtures.py those of the
# real-world fixtures (data/fixtures/real-world/); the broken-font fixture is re-rendered only where
# fonts-noto-cjk is installed (it is kept as committed otherwise).
samples: $(BIN)/.installed
	$(BIN)/python data/samples/build_truth.py
	$(BIN)/python data/samples/build_fixtures.py
	$(BIN)/python data/samples/generate.py

lint: $(BIN)/.installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(BIN)/.installed
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

clean:
	rm -rf $(VENV) .dagster_home data/warehouse.duckdb data/warehouse.duckdb.wal data/warehouse.duckdb.work \
		data/warehouse.duckdb.dagster
