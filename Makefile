# reportgen — two commands on a fresh Debian/Ubuntu machine with Python 3.11:
#   make report   set up .venv, the package and the CJK fonts, then build the example into output/
#   make test     the same set-up plus test tools (LibreOffice, poppler), then the whole suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXAMPLE := inputs/2023-union-annual-meeting.yaml

# System packages: CJK TrueType fonts for the PDF, fontconfig to find them; Noto Serif CJK (CFF) is
# converted once into a TrueType heavy Song for titles (`reportgen fonts --prepare`, cached in ~/.local/share/fonts).
REPORT_PKGS := fontconfig fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei fonts-lxgw-wenkai fonts-noto-cjk
# Tests also read the PDF back (poppler, qpdf) and render the DOCX in a real client (LibreOffice, with
# Liberation Serif standing in for the DOCX's Times New Roman at the same widths, as Word would set it).
TEST_PKGS := $(REPORT_PKGS) poppler-utils qpdf libreoffice-writer-nogui fonts-liberation

.PHONY: report test lint bench clean system-report system-test

report: $(VENV)/.installed system-report
	$(BIN)/reportgen fonts --prepare
	$(BIN)/reportgen build $(EXAMPLE) -o output/

test: $(VENV)/.installed-test system-test
	$(BIN)/reportgen fonts --prepare
	$(BIN)/ruff check reportgen tests bench
	$(BIN)/mypy
	bash scripts/run-tests.sh $(BIN)/python

lint: $(VENV)/.installed-test
	$(BIN)/ruff check reportgen tests bench
	$(BIN)/mypy

bench: $(VENV)/.installed-test system-test
	$(BIN)/reportgen fonts --prepare
	$(BIN)/python bench/bench.py

system-report:
	@bash scripts/system-packages.sh $(REPORT_PKGS)

system-test:
	@bash scripts/system-packages.sh $(TEST_PKGS)

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "需要 Python 3.11 或更新版本（当前 $$($(PYTHON) --version)）"; exit 1; }
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { bash scripts/system-packages.sh python3-venv && $(PYTHON) -m venv $(VENV); }

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

clean:
	rm -rf $(VENV) output/*.docx output/*.pdf .pytest_cache
