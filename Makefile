# Two commands a newcomer needs: `make run` (the app on SQLite) and `make test` (the suite).
# Both create the virtual environment in .venv on first use and reinstall when the
# requirement files change.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

run: $(VENV)/.runtime-installed
	$(BIN)/streamlit run app.py --server.port $(PORT)

test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache
