#!/usr/bin/env bash
# Quick start: install the build's dependencies into .venv, build the example region
# and serve it on http://127.0.0.1:8000 (rebuilding when a file changes).
#
#   bash scripts/start.sh                 # serve the example on port 8000
#   bash scripts/start.sh --port 8080     # arguments go to `build.py serve`
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
if [[ ! -x .venv/bin/python ]]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
exec .venv/bin/python build.py serve "$@"
