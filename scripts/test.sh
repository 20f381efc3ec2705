#!/usr/bin/env bash
# The one test command: sets up what the tests need, then runs pytest.
#
#   bash scripts/test.sh                 # all tests
#   bash scripts/test.sh tests/browser   # arguments go to pytest as they are
#   bash scripts/test.sh -k smoke -x
#
# It makes (or reuses) .venv with the project's runtime and test dependencies
# (pip install -e '.[test]'), installs the npm tools from package-lock.json
# (npm ci) when node_modules is missing or older than the lock, and runs pytest.
# Debian's chromium and a Java runtime are not installed here (that needs root):
# tests that need them are skipped locally and fail on CI (.ci/run installs them).
#
# PYTHON picks the interpreter for a new .venv (default: python3, 3.11 or newer).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
VENV=.venv

if [[ ! -x "$VENV/bin/python" ]]; then
    echo "test.sh: creating $VENV with $("$PYTHON" --version 2>&1)"
    "$PYTHON" -m venv "$VENV"
fi

echo "test.sh: pip install -e '.[test]'"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[test]'

# npm tools (axe-core, vnu-jar, lighthouse, lunr): only when needed, since npm ci
# wipes node_modules first. --ignore-scripts: no dependency may run an install
# script (vnu-jar's would download a Java runtime when none is installed).
if command -v npm >/dev/null 2>&1; then
    if [[ ! -f node_modules/.package-lock.json
          || package-lock.json -nt node_modules/.package-lock.json
          || package.json -nt node_modules/.package-lock.json ]]; then
        echo "test.sh: npm ci"
        npm ci --ignore-scripts --no-audit --no-fund
    fi
else
    echo "test.sh: npm not found; tests that need node_modules will be skipped" >&2
fi

exec "$VENV/bin/python" -m pytest "$@"
