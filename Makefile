# SME Planner: `make run` starts the app, `make test` runs the whole suite, `make package`
# builds the one-folder app in dist/smeplanner/. They create .venv and install what they
# need on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

APP_ID := io.github.smeplanner.SMEPlanner
LINUX := packaging/linux

.PHONY: run test bench stress lint demo screenshots package smoke-bundle icons lint-desktop clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The stamps re-install when pyproject.toml changes.
$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-app

$(VENV)/.installed-package: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[package]'
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

# The app as one folder for this system (Linux, Windows or macOS): dist/smeplanner/.
package: $(VENV)/.installed-package
	$(BIN)/python -m PyInstaller --noconfirm --clean --distpath dist --workpath build \
		packaging/smeplanner.spec

# The built bundle prints its version and passes `--self-test` (headless without a display).
smoke-bundle:
	bash scripts/smoke_bundle.sh

# Re-render packaging/linux/icons from smeplanner/resources/icons/app.svg (commit them).
icons: $(VENV)/.installed-app
	$(BIN)/python $(LINUX)/make_icons.py

# Validates the Linux desktop entry and AppStream metadata. Needs desktop-file-validate
# (Debian/Ubuntu: apt-get install desktop-file-utils) and appstreamcli (apt-get install
# appstream). Any remark from desktop-file-validate fails, as do appstreamcli's errors and
# warnings.
lint-desktop:
	@command -v desktop-file-validate >/dev/null || { echo "needs desktop-file-validate:" \
		"sudo apt-get install desktop-file-utils" >&2; exit 1; }
	@command -v appstreamcli >/dev/null || { echo "needs appstreamcli:" \
		"sudo apt-get install appstream" >&2; exit 1; }
	@out=$$(desktop-file-validate $(LINUX)/$(APP_ID).desktop) && [ -z "$$out" ] \
		|| { echo "$$out" >&2; exit 1; }
	@echo "desktop-file-validate: $(LINUX)/$(APP_ID).desktop is valid"
	appstreamcli validate --no-net $(LINUX)/$(APP_ID).metainfo.xml

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache bench-results.json
