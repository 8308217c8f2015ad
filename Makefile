# The two commands: `make run` (the portal with demo data, no services needed) and
# `make test` (the whole suite, against PostgreSQL and Redis).

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

# Where the tests find PostgreSQL and Redis; .ci/run sets the same.
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/selvhjelp)
TEST_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/0)
PYTEST_ARGS ?=

.PHONY: setup run test bench lint fmt messages lock clean

$(STAMP): requirements/base.in requirements/dev.in requirements/lock.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements/dev.in -c requirements/lock.txt
	touch $(STAMP)

## setup: virtual environment, dependencies and migrations (safe to run again)
setup: $(STAMP)
	$(PY) manage.py migrate --noinput

## run: SQLite, Celery worker and beat on the filesystem broker, demo data, the site on :8000
run: setup
	$(PY) manage.py seed_demo
	@mkdir -p var/celery-broker/queue var/celery-broker/processed var/celery-broker/control
	@echo "Starting Celery (worker with embedded beat) and the web server; Ctrl-C stops both."
	@trap 'kill 0' INT TERM EXIT; \
	$(VENV)/bin/celery -A selvhjelp worker --beat --pool=solo --loglevel=INFO \
		--logfile=var/celery.log & \
	$(PY) manage.py runserver 127.0.0.1:8000

## test: ruff, migrations check, then the whole suite on PostgreSQL and Redis
test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	SELVHJELP_ENV=test DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(PY) manage.py makemigrations --check --dry-run
	SELVHJELP_ENV=test DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(VENV)/bin/pytest -n auto $(PYTEST_ARGS)

## bench: one reminder scanner pass at 10,000 and 100,000 meetings, in a database of its
## own (selvhjelp_bench, created and dropped); writes benchmarks/README.md. Then the region
## dashboard with 1,000 contact points, 10,000 groups and 200,000 enquiries in one region
## (selvhjelp_bench_region), which adds its section to the same README.
bench: $(STAMP)
	SELVHJELP_ENV=test DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
		$(PY) benchmarks/scanner_pass.py
	SELVHJELP_ENV=test DATABASE_URL=$(TEST_DATABASE_URL) \
		$(PY) benchmarks/region_dashboard.py

## lint / fmt: ruff
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## messages: refresh the bokmål catalogue after changing strings, then compile it
messages: $(STAMP)
	$(PY) manage.py makemessages --locale nb --ignore '.venv/*' --ignore 'staticfiles/*' --no-obsolete
	$(PY) manage.py compilemessages --locale nb --ignore '.venv/*'

## lock: re-pin every package after changing requirements/*.in
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check -r requirements/dev.in
	{ sed -n '1,3p' requirements/lock.txt; .lock-venv/bin/pip freeze --exclude-editable; } > requirements/lock.new
	mv requirements/lock.new requirements/lock.txt && rm -rf .lock-venv

clean:
	rm -rf $(VENV) var db.sqlite3 staticfiles
