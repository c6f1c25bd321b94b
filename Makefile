# Two commands set up and run everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test lint bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make demo: install, then chat with the bot in the terminal (shipped articles, model trained from shipped seed posts)
demo: install
	$(VENV)/bin/triage shell

## make test: install, lint, then the whole test suite
test: install lint
	$(PY) -m pytest -q

lint: install
	$(VENV)/bin/ruff check .

## make bench: every benchmark in bench/ (quality and speed figures; reads ../shared/data when present)
bench: install
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) .triage build *.egg-info
