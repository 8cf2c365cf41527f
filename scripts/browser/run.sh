#!/usr/bin/env bash
# The sio-demo chat in headless Chromium (see chat-test.py).
#
#   scripts/browser/run.sh URL [ARTIFACT_DIR]           the chat against a running sio-demo, e.g. http://127.0.0.1:3000
#   scripts/browser/run.sh --smoke URL [ARTIFACT_DIR]   sio-lite.js against a running sio-conformance-server
#
# Needs chromium (Debian package `chromium`). Screenshots go to ARTIFACT_DIR (default .build/browser-artifacts).
# Uses the interop venv .build/interop-venv (websocket-client, installed when missing; PyPI must be reachable then).
# Exits non-zero when any check fails; bounded by BROWSER_HARD_TIMEOUT seconds (180 by default).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.build/interop-venv"
PY="$VENV/bin/python"
PACKAGES=(websocket-client==1.9.2)

if [[ $# -lt 1 ]]; then
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
command -v "${CHROMIUM:-chromium}" >/dev/null || { echo "chromium not found (apt-get install chromium)" >&2; exit 2; }

if [[ ! -x "$PY" ]]; then
    mkdir -p "$ROOT/.build"
    python3 -m venv "$VENV"
fi
if ! "$PY" -c 'import websocket' 2>/dev/null; then
    timeout 600 "$VENV/bin/pip" install --quiet --disable-pip-version-check "${PACKAGES[@]}"
fi

HARD="${BROWSER_HARD_TIMEOUT:-180}"
exec timeout "$HARD" "$PY" "$ROOT/scripts/browser/chat-test.py" --timeout "$((HARD - 10))" "$@"
