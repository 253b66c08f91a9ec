# Two commands do all set-up on a machine with Python 3.11+ and make:
#   make demo   install, then build the graph from data/releases, validate it and run a saved query
#   make test   install, then run the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= kg-store

.PHONY: demo test install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/kg --store $(STORE) ingest data/releases
	$(BIN)/kg --store $(STORE) validate
	$(BIN)/kg --store $(STORE) stats
	$(BIN)/kg --store $(STORE) query speakers-at-high-level-meetings

test: install
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(STORE)
