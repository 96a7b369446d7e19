# SME Planner: `make run` starts the app, `make test` runs the whole suite.
# Both create .venv and install what they need on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test bench stress lint demo screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The stamps re-install when pyproject.toml changes.
$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-app

run: $(VENV)/.installed-app
	@$(BIN)/python scripts/check_qt_platform.py
	$(BIN)/smeplanner $(ARGS)

test: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check smeplanner tests benchmarks scripts

bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks $(BENCH_ARGS)

stress: $(VENV)/.installed-test
	$(BIN)/python scripts/stress.py $(ARGS)

screenshots: $(VENV)/.installed-app
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py

demo: $(VENV)/.installed-app
	$(BIN)/smeplanner-cli demo $(ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache bench-results.json
