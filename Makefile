# reportgen — two commands on a fresh Debian/Ubuntu machine with Python 3.11:
#   make report   set up .venv, the package and the CJK fonts, then build the example into output/
#   make test     the same set-up plus test tools (LibreOffice, poppler), then the whole suite
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
EXAMPLE := inputs/2023-union-annual-meeting.yaml

# System packages: fontconfig to find and alias faces, dpkg/apt to fetch the free ones. `reportgen fonts --prepare`
# takes the Fandol faces (仿宋, 宋体, 黑体, 楷体) and Noto Serif CJK SC Black (for 小标宋) out of Debian's packages
# without installing them (no TeX), converts them to TrueType once into ~/.local/share/fonts/reportgen, and installs
# fontconfig aliases so LibreOffice and WPS show the DOCX in the same faces as the PDF.
# Fandol is made for GB2312: a `--lang zh-Hant` build sets the Traditional forms it lacks in Noto Serif CJK SC
# (fonts-noto-cjk, converted like the others), WenQuanYi Zen Hei and LXGW WenKai; `make test` also prepares the
# Traditional builds' TC and HK faces (`fonts --prepare --traditional`), which a user makes only when needed.
# Letters and digits are set in Liberation Serif, Times New Roman's metric twin, as the DOCX names Times New Roman.
REPORT_PKGS := fontconfig fonts-noto-cjk fonts-wqy-zenhei fonts-lxgw-wenkai fonts-liberation
# Tests also read the PDF back (poppler, qpdf) and render the DOCX in a real client (LibreOffice).
# DejaVu Sans is the base of the fake Windows and macOS font folders (tests/fontfolders.py).
TEST_PKGS := $(REPORT_PKGS) poppler-utils qpdf libreoffice-writer-nogui fonts-dejavu-core chromium chromium-driver pandoc

.PHONY: report test lint bench screenshot clean system-report system-test

report: $(VENV)/.installed system-report
	$(BIN)/reportgen fonts --prepare
	$(BIN)/reportgen build $(EXAMPLE) -o output/

test: $(VENV)/.installed-test system-test
	$(BIN)/reportgen fonts --prepare --traditional
	$(BIN)/ruff check reportgen tests bench
	$(BIN)/mypy
	bash scripts/run-tests.sh $(BIN)/python

lint: $(VENV)/.installed-test
	$(BIN)/ruff check reportgen tests bench
	$(BIN)/mypy

bench: $(VENV)/.installed-test system-test
	$(BIN)/python bench/prepare.py
	$(BIN)/reportgen fonts --prepare
	$(BIN)/python bench/bench.py
	$(BIN)/python bench/defects.py
	$(BIN)/python bench/agreement.py
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/editor.py
	$(BIN)/python bench/coldstart.py

# The README's picture of the editor (docs/editor.png), taken by the browser test as it sees the editor.
screenshot: $(VENV)/.installed-test system-test
	REPORTGEN_SCREENSHOT=1 $(BIN)/python -m pytest -q tests/test_editor_browser.py -k edit_a_paragraph

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
