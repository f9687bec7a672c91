# Two commands on a fresh machine: `make report` (set up, then reconcile the seeds into out/) and
# `make test` (set up, then run the whole suite). Everything installed comes from pinned files here.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv report test browser bench goldens notebook notebooks screenshots clean

venv: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

report: venv
	$(BIN)/reconcile report seeds --out out

# Headless Chromium (Debian's package) for the test that opens report.html.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: venv browser
	$(BIN)/python -m pytest

# JupyterLab (pinned in the dev extras) on the notebooks folder.
notebook: venv
	$(BIN)/jupyter lab notebooks/

# Rewrite the notebooks from scripts/make_notebooks.py (committed without outputs).
notebooks: venv
	$(BIN)/python scripts/make_notebooks.py

# docs/report.png and docs/positions.png from the seeds report, in headless Chromium.
screenshots: venv browser
	$(BIN)/python scripts/make_screenshots.py

bench: venv
	$(BIN)/reconcile bench --json

goldens: venv
	$(BIN)/python -m pytest tests/test_goldens.py --update-goldens -q

clean:
	rm -rf $(VENV) out
