# Set-up and everyday commands. See README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?= -n 2

.PHONY: run test lint bench install install-dev browser migrate demo

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

## run: install, migrate, load the demo data and serve on http://127.0.0.1:8000
run: install
	mkdir -p var
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

## test: the whole suite (SQLite unless DATABASE_URL is set)
test: install-dev browser
	mkdir -p var
	$(PY) -m pytest $(PYTEST_ARGS)

## browser: Debian's Chromium and a CJK font for the browser tests (installed when missing)
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi wqy; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing chromium and fonts-wqy-microhei for the browser tests"; \
			(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null) \
				|| echo "Could not install chromium: browser tests will be skipped (they fail under CI=true)."; \
		else \
			echo "chromium missing and not root: browser tests will be skipped (they fail under CI=true)."; \
		fi; \
	fi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

## bench: the performance benchmark on PostgreSQL (see README.md)
bench: install-dev
	$(PY) -m bench.run
