# Two commands on a fresh machine: `make site` builds the shipped content, `make test` runs every check.
PYTHON ?= python3
# The address the tested output will be served from (CI's Pages deploy sets it); empty: content/site.yaml's.
SITE_BASE_URL ?=
DEPS_STAMP := .deps-installed
TEST_STAMP := .deps-test-installed
# npm writes this file on every install: the judges' Nu Html Checker and axe-core, pinned in package-lock.json.
NODE_STAMP := node_modules/.package-lock.json

.PHONY: site test check serve lint i18n clean bytecode

$(DEPS_STAMP): pyproject.toml
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(DEPS_STAMP)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@

# --ignore-scripts: vnu-jar's postinstall downloads a Java runtime; the jar itself is in the package.
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund

# Python writes a module's compiled form beside it unless PYTHONDONTWRITEBYTECODE is set, as it is on our
# machines: there every process compiled the whole package again (importing the command line took 0.55-0.58 s,
# 0.20-0.27 s compiled: a fifth of a rebuild after a body edit at 2,000 entries). compileall writes it anyway,
# and again only for a module changed since (a stale one is never used: Python checks the source's time).
bytecode: $(DEPS_STAMP)
	$(PYTHON) -m compileall -q site_builder

site: $(DEPS_STAMP) bytecode
	$(PYTHON) build.py build

check: $(DEPS_STAMP) bytecode
	$(PYTHON) build.py check

serve: $(DEPS_STAMP) bytecode
	$(PYTHON) build.py serve

lint: $(TEST_STAMP)
	$(PYTHON) -m ruff check site_builder tests build.py

# Build the real content strictly, judge the output (lint, catalogs, links, feeds, sitemap, html, a11y,
# determinism: one line per check), type-check site_builder/ (mypy, strict), then run the unit and end-to-end
# tests. pytest's 5 means no test was collected (a filter in PYTEST_ADDOPTS): not a failure of the checks.
# PYTHONDONTWRITEBYTECODE cleared for pytest: each of its workers otherwise rewrote and compiled every test
# module again (collecting took 3.7-4.1 s, 1.8 s with the compiled ones kept).
test: $(TEST_STAMP) $(NODE_STAMP) bytecode
	$(PYTHON) build.py build --strict --output output $(if $(SITE_BASE_URL),--base-url $(SITE_BASE_URL))
	$(PYTHON) -m tests.judges output
	$(PYTHON) -m mypy
	PYTHONDONTWRITEBYTECODE= SITE_BUILDER_REQUIRE_TOOLS=1 $(PYTHON) -m pytest -n auto --dist loadgroup --no-loadscope-reorder || [ $$? -eq 5 ]

i18n: $(DEPS_STAMP)
	$(PYTHON) build.py i18n extract
	$(PYTHON) build.py i18n update

clean:
	rm -rf output .cache $(DEPS_STAMP) $(TEST_STAMP)
