#!/usr/bin/env bash
# Interop check with the python-engineio client against an Engine.IO echo server.
#
#   scripts/interop/run.sh URL [--path engine.io] [--timeout SECONDS]   e.g. run.sh http://127.0.0.1:3000
#   scripts/interop/run.sh --self-test      (against python-engineio's own server, to check the checks)
#
# The venv lives in .build/interop-venv (created when missing; PyPI must be reachable the first time).
# Exits non-zero when any check fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.build/interop-venv"
PY="$VENV/bin/python"
# Versions the script was written and checked against.
PACKAGES=(python-engineio==4.15.1 requests==2.34.2 websocket-client==1.9.2)

if [[ $# -lt 1 ]]; then
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi

if [[ ! -x "$PY" ]]; then
    mkdir -p "$ROOT/.build"
    python3 -m venv "$VENV"
fi
if ! "$PY" -c 'import engineio, requests, websocket' 2>/dev/null; then
    timeout 600 "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PACKAGES[@]}"
fi
if [[ "$1" == "--self-test" ]] && ! "$PY" -c 'import werkzeug' 2>/dev/null; then
    timeout 600 "$VENV/bin/pip" install --quiet --disable-pip-version-check werkzeug
fi

exec timeout 600 "$PY" "$ROOT/scripts/interop/engineio_interop.py" "$@"
