# Two commands do all the set-up, starting from python3 and make:
#   make report   build the conference pack of data/sample into build/review (creates .venv on first use)
#   make test     lint, unit tests, doctests and notebooks (nbval)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DATA   ?= data/sample
OUT    ?= build/review

.PHONY: report test lab sample notebooks clean venv

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Cần Python >= 3.11 / Python >= 3.11 is required"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "python3 -m venv failed; installing python3-venv"; \
	  command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ] && \
	  apt-get update -qq && apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); } || \
	  { echo "Không tạo được .venv: hãy cài python3-venv (apt-get install python3-venv)"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-base: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@ $(VENV)/.installed-base

$(VENV)/.installed-lab: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[lab]"
	@touch $@ $(VENV)/.installed-base

venv: $(VENV)/.installed-base

report: $(VENV)/.installed-base
	$(BIN)/emulation-stats report $(DATA) --out $(OUT)

test: $(VENV)/.installed-test
	$(BIN)/ruff check src tests scripts benchmarks notebooks
	$(BIN)/python -m pytest -m "not browser"
	$(BIN)/python -m pytest -m browser -n 0 -p no:cacheprovider tests/test_browser.py
	$(BIN)/python -m pytest --nbval notebooks --nbval-current-env --nbval-sanitize-with notebooks/sanitize.cfg -p no:cacheprovider -o addopts=""

# JupyterLab refuses to run as root unless told: told only when make runs as root (uid 0).
lab: $(VENV)/.installed-lab
	$(BIN)/jupyter lab notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root)

notebooks: $(VENV)/.installed-test
	$(BIN)/python scripts/run_notebooks.py

sample: $(VENV)/.installed-base
	$(BIN)/python scripts/make_sample_data.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist
