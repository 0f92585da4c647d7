# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# The Qt-free core mypy checks: every package and module but the Qt shell (ui/).
CORE := $(filter-out imr_desktop/ui/ imr_desktop/__pycache__/ imr_desktop/__main__.py, \
        $(wildcard imr_desktop/*/ imr_desktop/*.py))

.PHONY: run test lint typecheck bench package package-test clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## run: set up and start the window on the default data folder (demo data on first run)
run: $(STAMP)
	$(PY) -m imr_desktop

lint: $(STAMP)
	$(VENV)/bin/ruff check imr_desktop tests bench tools
	$(VENV)/bin/ruff format --check imr_desktop tests bench tools

typecheck: $(STAMP)
	$(VENV)/bin/mypy $(CORE)

## test: set up, lint, type-check the Qt-free core and run the tests offscreen
test: lint typecheck
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

## bench: the benchmark table (figure, floor measured in the same run, ratio)
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m bench

## package: the PyInstaller one-folder bundle (dist/imr-desktop/) wrapped as a .deb (dist/)
PACKAGING_STAMP := $(VENV)/.packaging-stamp
$(PACKAGING_STAMP): $(STAMP)
	$(PY) -m pip install --quiet 'pyinstaller>=6.10,<7'  # = the "packaging" extra
	touch $(PACKAGING_STAMP)

package: $(PACKAGING_STAMP)
	rm -rf dist/imr-desktop
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
	    --distpath dist --workpath build/pyinstaller packaging/imr-desktop.spec
	packaging/build_deb.sh dist/imr-desktop dist

## package-test: build, dpkg -i, smoke test and export with the installed copy, dpkg -r (root)
package-test: package
	packaging/test_deb.sh

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
