# Two commands do all set-up on a machine with Python 3.11+ and make:
#   make demo   install, then build the graph from data/releases, validate it and run a saved query
#   make test   install, then run the test suite
#   make audit  check requirements.lock for known vulnerabilities (make test runs it too)
#   make lint   ruff over the code, mypy over the package (make test runs both)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= kg-store

.PHONY: demo test install system audit lint clean

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

# System packages for the tests that need real servers and a browser (Virtuoso,
# Chromium, Graphviz): installed from Debian when we are root, else those tests
# say what is missing and skip.
system:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then bash tools/ci/install-system.sh; \
	else echo "not root: skipping Debian packages (Virtuoso, Chromium, Graphviz); their tests will skip"; fi

# Dependency audit of requirements.lock (tools/ci/audit.py says which source it used and
# how many pins it checked). A known vulnerability fails it; so does no source answering,
# except in `make test`, which must not fail only because the network is missing.
audit:
	$(PYTHON) tools/ci/audit.py requirements.lock

# Lint (ruff) and types (mypy) on the package, then the suite.
lint: install
	$(BIN)/ruff check kg tests tools bench
	$(BIN)/mypy

test: install system lint
	$(BIN)/python tools/ci/audit.py --allow-offline requirements.lock
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(STORE)
