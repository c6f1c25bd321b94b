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

## make test: install, lint (ruff, mypy), then the whole test suite on both cores, with line coverage printed
test: install lint
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 $(PY) -m pytest -q -n 2 --cov --cov-report=term

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy bot classifier responses data

## make bench: every benchmark in bench/ (quality and speed figures; reads ../shared/data when present)
bench: install
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) .triage build *.egg-info
