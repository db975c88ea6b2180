# 沪上商城 — the two commands: `make run` and `make test`.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PYTEST := $(VENV)/bin/pytest
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test install migrate demo browser-test lint format bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)
	@$(PY) manage.py compilemessages --ignore '.venv' --ignore 'node_modules' -v 0

migrate: install
	$(PY) manage.py migrate --noinput -v 0

demo: migrate
	$(PY) manage.py seed_demo --if-empty

run: demo
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py runmall

test: install
	$(PYTEST) -m "not browser" -n 2 -q

# A file database in WAL mode: the live server answers the page's own requests (the mini-cart's
# htmx load) while a form posts, and an in-memory shared-cache database refuses such concurrent
# access with "database table is locked" instead of waiting.
browser-test: install
	SQLITE_TEST_NAME=$(CURDIR)/var/test-browser.sqlite3 $(PYTEST) -m browser -q

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

bench: install
	$(PY) -m bench

clean:
	rm -rf var/static var/celery
