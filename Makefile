# Everything a fresh machine needs: `make run` starts the assistant, `make test` runs the tests.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0  # the CPU build; an unpinned torch pulls GBs of CUDA
	$(PY) -m pip install -q -e ".[test]"
	touch $@

.PHONY: install run ask test lint chromium eval bench

install: $(STAMP)

run: $(STAMP)  ## the chat page on the shipped collection, offline, at http://127.0.0.1:7860
	$(PY) app.py

ask: $(STAMP)  ## one question from the command line: make ask Q="..."
	$(VENV)/bin/assistant ask "$(Q)"

chromium:  ## Debian's Chromium for the browser tests (Playwright's own download does not work offline)
	@command -v chromium >/dev/null || { apt-get update -q && apt-get install -y -q chromium; }

test: $(STAMP) chromium
	$(VENV)/bin/pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy assistant evals app.py

eval: $(STAMP)
	$(VENV)/bin/assistant eval --check --no-history

bench: $(STAMP)
	$(PY) benchmarks/bench.py
