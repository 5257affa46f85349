#!/usr/bin/env bash
# Set up sitroom on a fresh machine: a virtualenv with the pinned dependencies (the spaCy model is
# a PyPI package, nothing is downloaded at run time), plus, when run as root on Debian, the system
# packages the end-to-end tests use (chromium for the browser tests, postgresql for the shared store).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"
# The world gazetteer index is built once per machine (about 12 s) rather than by the first command.
.venv/bin/python -c "from sitroom.geo import WorldIndex; WorldIndex.default()"
if [ "${SITROOM_SYSTEM_PACKAGES:-1}" = 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
echo "sitroom is set up: .venv/bin/sitroom --help"
