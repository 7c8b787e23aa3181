# The two commands: `make run` and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint types unit app browser bench sample clean

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py

test: lint types unit app browser

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest tests --ignore=tests/app --ignore=tests/browser

app: $(STAMP)
	$(BIN)/pytest tests/app

browser: $(STAMP)
	$(BIN)/pytest tests/browser

bench: $(STAMP)
	$(BIN)/python bench/read_stats.py
	$(BIN)/python bench/plan.py
	$(BIN)/python bench/ui.py
	$(BIN)/python bench/fixes.py
	$(BIN)/python bench/cancel.py

sample: $(STAMP)
	$(BIN)/python -m planner sample --out sample_data

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
