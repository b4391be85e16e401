#!/usr/bin/env bash
# Browser tests: Debian's chromium (installed with the Korean fonts when missing) driven by
# Playwright against the live test server. Extra arguments go to pytest; --install-only only
# installs chromium and the fonts (for scripts/test.sh, whose pytest runs then include the tests).
# With DATABASE_URL=postgres://... and REDIS_URL=redis://... set, uploads are processed by a real
# Celery worker started by the tests; otherwise in-process on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi nanum; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-nanum
fi

[ "${1:-}" = "--install-only" ] && exit 0

export NEWSROOM_DATA_DIR
NEWSROOM_DATA_DIR=${NEWSROOM_DATA_DIR:-$(mktemp -d)}
mkdir -p artifacts
exec $BIN/pytest -q -m browser tests/browser "$@"
