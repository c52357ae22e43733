# Two commands cover everything: `make demo` and `make test` (see README).
VENV := .venv
PY := $(VENV)/bin/python

$(VENV)/.installed: pyproject.toml
	bash scripts/setup.sh
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(VENV)/bin/juesuan parse examples/example-2022.pdf
	$(VENV)/bin/juesuan check examples/example-2022.pdf

test: setup
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest

bench: setup
	$(PY) bench/run.py
	$(PY) bench/ocr_bench.py --tables-only

.PHONY: setup demo test bench
