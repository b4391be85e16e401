#!/usr/bin/env bash
# The whole test suite: lint, migrations check, SQLite + in-process tasks, then PostgreSQL + Redis
# + a real Celery worker when those servers answer (skipped loudly when they do not).
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
status=0
step() { printf '\n=== %s ===\n' "$*"; }

step "ruff"
$BIN/ruff check . || status=1

# Each run gets its own data folder and databases, so a developer's var/ is never touched.
export NEWSROOM_DATA_DIR
NEWSROOM_DATA_DIR=$(mktemp -d)
trap 'rm -rf "$NEWSROOM_DATA_DIR"' EXIT

step "makemigrations --check"
env -u DATABASE_URL -u REDIS_URL $BIN/python manage.py makemigrations --check --dry-run || status=1

step "pytest on SQLite, tasks in-process"
env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL $BIN/pytest -q -m "not integration" || status=1

pg_url=${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/newsroom_ci}
redis_url=${TEST_REDIS_URL:-redis://127.0.0.1:6379/14}
if $BIN/python scripts/services_up.py "$pg_url" "$redis_url"; then
  step "pytest on PostgreSQL + Redis + Celery worker processes"
  DATABASE_URL=$pg_url REDIS_URL=$redis_url $BIN/pytest -q || status=1
else
  printf '\n!!! SKIPPED the PostgreSQL + Redis + Celery half: servers not reachable at %s and %s !!!\n\n' "$pg_url" "$redis_url"
fi
exit $status
