#!/usr/bin/env bash
# The one test command: sets up what the tests need, lints, then runs pytest.
#
#   bash scripts/test.sh                 # lint, then all tests, on every core (pytest-xdist)
#   bash scripts/test.sh tests/browser   # arguments go to pytest as they are
#   bash scripts/test.sh -k smoke -x
#   bash scripts/test.sh -m 'not browser'   # without the browser tests
#   TEST_WORKERS=0 bash scripts/test.sh  # in one process, without xdist
#
# It makes (or reuses) .venv with the project's runtime and test dependencies
# (pip install -c constraints.txt -e '.[test]': every version locked), installs the
# npm tools from package-lock.json (npm ci) when node_modules is missing or older
# than the lock, runs ruff (Python) and eslint (the site's scripts), and runs pytest.
# A lint error stops the run before the tests (set LINT=0 to skip the linters).
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
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'

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

if [[ "${LINT:-1}" != 0 ]]; then
    echo "test.sh: ruff check"
    "$VENV/bin/ruff" check .
    echo "test.sh: ruff format --check"
    "$VENV/bin/ruff" format --check .
    if [[ -x node_modules/.bin/eslint ]]; then
        echo "test.sh: eslint"
        node_modules/.bin/eslint .
    elif [[ "${CI:-}" == true ]]; then
        echo "test.sh: eslint is missing (npm ci)" >&2
        exit 1
    else
        echo "test.sh: eslint not installed (npm ci); JavaScript not linted" >&2
    fi
fi

# One worker per core (pytest-xdist); a module's tests stay in one worker (--dist loadscope),
# so its module-scoped fixtures (its own builds, one vnu run) are made once; each shared site is
# built once for all workers (tests/support.py). Modules are handed out in collection order
# (--no-loadscope-reorder), which tests/conftest.py sets to the slowest first (SLOW_MODULES).
exec "$VENV/bin/python" -m pytest -n "${TEST_WORKERS:-auto}" --dist loadscope --no-loadscope-reorder "$@"
