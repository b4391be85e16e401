# The archive's commands. `make run` sets everything up and serves; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000

.PHONY: install run test lint eval eval-comments eval-search bench-extract bench-search bench-api worker clean

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[dev]'
	touch $@

install: $(VENV)/.installed

## Set up the embedded archive (SQLite, tasks in-process), import the seeds, create an editor, serve.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py import_seeds
	$(BIN)/python manage.py create_editor
	$(BIN)/python manage.py runserver $(HOST)

## Lint, migrations check, the suite on SQLite, then on PostgreSQL + Redis + a real Celery worker.
test: install
	bash scripts/test.sh

lint: install
	$(BIN)/ruff check .

## A Celery worker for the production stack (needs DATABASE_URL and REDIS_URL).
worker: install
	$(BIN)/celery -A newsroom worker --beat --concurrency 2 --loglevel INFO

eval: install
	$(BIN)/python scripts/eval_ner.py --lang all

# needs the database `make bench-search` builds (PostgreSQL, ../shared)
eval-search: install
	$(BIN)/python scripts/eval_search_ranking.py

eval-comments: install
	$(BIN)/python scripts/eval_comments.py

## Benchmarks: each prints figures and ends with one JSON line (see docs/benchmarks.md).
bench-extract: install
	$(BIN)/python scripts/bench_extract.py

bench-search: install
	$(BIN)/python scripts/bench_search.py --n $(or $(N),100000)

bench-api: install
	$(BIN)/python scripts/bench_api.py --n $(or $(N),100000)

clean:
	rm -rf $(VENV) var .pytest_cache artifacts

## Load test: USERS mixed users for DURATION s on gunicorn + 2 Celery workers, N articles (docs/operations.md).
.PHONY: bench-load backup restore
bench-load: install
	$(BIN)/python scripts/bench_load.py --n $(or $(N),100000) --users $(or $(USERS),50) --duration $(or $(DURATION),300)

## Back up the archive into DIR (default var/backups); restore BACKUP into DATABASE_URL's empty database.
backup: install
	$(BIN)/python manage.py backup $(DIR)

restore: install
	$(if $(BACKUP),,$(error give BACKUP=path/to/backup-directory))
	$(BIN)/python manage.py restore $(BACKUP)

## Fuzz the text pipeline with hostile and random input (FUZZ_SECONDS, default 900; FUZZ_SIZE, default 100000):
## worst CPU seconds per 10k characters per function, every exception, one JSON line; exit 1 on a problem.
.PHONY: fuzz
fuzz: install
	$(BIN)/python scripts/fuzz_text.py --seconds $(or $(FUZZ_SECONDS),900) --max-size $(or $(FUZZ_SIZE),100000)
