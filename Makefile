# Lithoscope: `make demo` and `make test` set everything up on a fresh Debian 12 machine.
# Every target is idempotent: it installs only what is missing.

SHELL := /bin/bash
ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
VENV := $(ROOT)/.venv
# The training environment: a venv of its own with PyTorch (CPU build), used only by worker/run_job.py in a
# separate process. QGIS's Python never imports torch; tests find it through LITHOSCOPE_TRAINING_PYTHON.
TRAIN_VENV := $(ROOT)/.venv-train
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := qgis python3-qgis qgis-providers python3-rasterio python3-geopandas python3-scipy python3-matplotlib python3-venv xvfb fonts-wqy-microhei git
# The plugin folder must be named `lithoscope` for QGIS; tests and qgis_process see the
# checkout through this link, whatever the checkout's folder is called.
PLUGIN_PATH := $(ROOT)/.build/plugins
QGIS_PROFILE ?= default
QGIS_PLUGINS_DIR ?= $(HOME)/.local/share/QGIS/QGIS3/profiles/$(QGIS_PROFILE)/python/plugins
DATA ?=
VERSION := $(shell sed -n 's/^version=//p' $(ROOT)/metadata.txt)
DIST ?= $(ROOT)/dist

export QT_QPA_PLATFORM ?= offscreen
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup system-deps venv train-env train-deps test demo models bench bench-engine bench-sequence install package lint clean

setup: system-deps venv train-env $(PLUGIN_PATH)/lithoscope

system-deps:
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
		echo "Installing Debian packages: $(APT_PACKAGES)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	fi

# Debian's Python (not the first python3 on PATH) so that QGIS's bindings load.
$(VENV)/bin/python:
	/usr/bin/python3 -m venv --system-site-packages $(VENV)

$(VENV)/.installed: $(VENV)/bin/python requirements.txt requirements-dev.txt constraints.txt
	$(PIP) install -q --disable-pip-version-check -c constraints.txt -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

# No --system-site-packages: the worker needs nothing of Debian's or QGIS's, and its numpy is its own.
$(TRAIN_VENV)/bin/python:
	/usr/bin/python3 -m venv $(TRAIN_VENV)

$(TRAIN_VENV)/.installed: $(TRAIN_VENV)/bin/python worker/requirements.txt
	$(TRAIN_VENV)/bin/python -m pip install -q --disable-pip-version-check -r worker/requirements.txt
	touch $@

train-env: $(TRAIN_VENV)/.installed

train-deps: setup
	$(PIP) install -q --disable-pip-version-check -c constraints.txt -r requirements-train.txt

$(PLUGIN_PATH)/lithoscope:
	mkdir -p $(PLUGIN_PATH)
	ln -sfn $(ROOT) $@

# The architecture contracts first (pyproject.toml [tool.importlinter]: layers, no QGIS in the core, no
# import cycles, no private names across modules), then the tests.
test: setup
	PYTHONPATH=$(PLUGIN_PATH) $(VENV)/bin/lint-imports --no-cache
	LITHOSCOPE_TRAINING_PYTHON=$(TRAIN_VENV)/bin/python $(PY) -m pytest -q tests

demo: setup
	$(PY) demo/run_demo.py $(if $(DATA),--data "$(DATA)") --out "$(ROOT)/demo_output"

# Retrain the shipped deep models through the plugin's own training jobs (about 45 minutes on 2 cores, 30 of them the GNSS model's station folds; needs
# ../shared/datasets): models/<name>.onnx, .md (card with targets met or missed) and .metrics.json.
models: setup
	LITHOSCOPE_TRAINING_PYTHON=$(TRAIN_VENV)/bin/python $(PY) training/make_models.py $(foreach m,$(ONLY),--only $(m))

bench: setup
	$(PY) bench/bench_classify.py

# Engine v2 side by side: before/after the rewrite, tabular stack vs sklearn, local vs Dask (docs/benchmarks.md).
bench-engine: setup
	$(PY) bench/bench_engine.py

# Per-pixel sequence model (GRU) over a generated 12-band NDVI stack, 16 and 64 MP: Lithoscope vs a rasterio + onnxruntime loop.
bench-sequence: setup
	$(PY) bench/bench_sequence.py

# Link this checkout into a QGIS profile (QGIS_PROFILE=name for another profile).
install:
	mkdir -p "$(QGIS_PLUGINS_DIR)"
	ln -sfn "$(ROOT)" "$(QGIS_PLUGINS_DIR)/lithoscope"
	@echo "Linked into $(QGIS_PLUGINS_DIR)/lithoscope; enable Lithoscope in Plugins > Manage and Install Plugins."

# Zip for the QGIS plugin repository: the plugin only, no tests, training, bench or dev files (the list is in
# tools/package.py, which the desktop test also uses on the working tree's tracked files).
package:
	python3 tools/package.py "$(DIST)/lithoscope-$(VERSION).zip"

lint: setup
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

clean:
	rm -rf .build dist demo_output .pytest_cache
