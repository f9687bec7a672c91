# Two commands on a fresh machine: `make report` (set up, then reconcile the seeds into out/) and
# `make test` (set up, then run the whole suite). Everything installed comes from pinned files here.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv report test browser bench goldens clean

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

bench: venv
	$(BIN)/reconcile bench --json

goldens: venv
	$(BIN)/python -m pytest tests/test_goldens.py --update-goldens -q

clean:
	rm -rf $(VENV) out
