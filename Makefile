# Two commands on a fresh machine: `make site` builds the shipped content, `make test` runs every check.
PYTHON ?= python3
DEPS_STAMP := .deps-installed
TEST_STAMP := .deps-test-installed

.PHONY: site test check serve lint i18n clean

$(DEPS_STAMP): pyproject.toml
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(DEPS_STAMP)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@

site: $(DEPS_STAMP)
	$(PYTHON) build.py build

check: $(DEPS_STAMP)
	$(PYTHON) build.py check

serve: $(DEPS_STAMP)
	$(PYTHON) build.py serve

lint: $(TEST_STAMP)
	$(PYTHON) -m ruff check site_builder tests build.py

test: $(TEST_STAMP)
	$(PYTHON) -m ruff check site_builder tests build.py
	$(PYTHON) build.py build --strict --output output
	$(PYTHON) -m pytest

i18n: $(DEPS_STAMP)
	$(PYTHON) build.py i18n extract
	$(PYTHON) build.py i18n update

clean:
	rm -rf output .cache $(DEPS_STAMP) $(TEST_STAMP)
