# The commands a newcomer needs: `make run` (the app on SQLite, for this computer only),
# `make workshop` (room mode: on the local network for phones, behind the facilitator's
# sign-in) and `make test` (the suite). Each creates the virtual environment in .venv on first
# use and reinstalls when the requirement files change.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run workshop test bench clean

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
	CRM_WORKBENCH_MODE=solo $(BIN)/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

workshop: $(VENV)/.runtime-installed
	CRM_WORKBENCH_MODE=room $(BIN)/streamlit run app.py --server.address 0.0.0.0 --server.port $(PORT) \
		--server.headless true --client.showErrorDetails none

test: $(VENV)/.dev-installed
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .pytest_cache
