# Everything a fresh machine needs: `make run` to chat, `make test` to check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export OTEL_SDK_DISABLED := true

.PHONY: venv run test test-slow ingest lint typecheck eval bench clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/lung-chat ingest
	$(BIN)/lung-chat ui --host 127.0.0.1 --port 8501

ingest: $(STAMP)
	$(BIN)/lung-chat ingest

# axe-core for the browser test's accessibility check, pinned in tests/package-lock.json.
AXE := tests/node_modules/axe-core/axe.min.js

$(AXE): tests/package.json tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund
	touch $(AXE)

# Unit and integration tests, each eval suite once through its per-case tests (pytest markers `unit`, `integration`).
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not slow"

# The slow tier: other processes, the web chat in Chromium, PostgreSQL, the bench and the cost-growth runs.
test-slow: $(STAMP) $(AXE)
	$(BIN)/python -m pytest -m slow

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy core vectorstore rails answer graph chatbot evals cli ui

# Every suite, gated on evals/thresholds.toml (exit 1 on a miss); JSON and HTML in artifacts/.
eval: $(STAMP)
	$(BIN)/lung-chat eval --suite all --json artifacts/eval.json --html artifacts/eval.html

bench: $(STAMP)
	$(BIN)/lung-chat eval --suite bench --json artifacts/bench.json --html artifacts/bench.html

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .cache
