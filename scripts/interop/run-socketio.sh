#!/usr/bin/env bash
# Interop check with the python-socketio client against the Socket.IO app of sio-conformance-server.
#
#   scripts/interop/run-socketio.sh URL [--path socket.io] [--timeout S] [--connect-timeout MS] [--only NAME]
#   scripts/interop/run-socketio.sh --self-test    (against python-socketio's own server, to check the checks)
#   scripts/interop/run-socketio.sh --fault-test   (each check must fail against that server with a matching bug)
#
# The venv is .build/interop-venv, shared with run.sh (created when missing; PyPI must be reachable the first
# time). Exits non-zero when any check fails; the whole run is bounded by a hard timeout (INTEROP_HARD_TIMEOUT s).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.build/interop-venv"
PY="$VENV/bin/python"
# Versions the script was written and checked against, dependencies included (python-engineio, requests and
# websocket-client as run.sh pins them).
PACKAGES=(python-socketio==5.18.1 python-engineio==4.15.1 bidict==0.24.1 typing-extensions==4.16.0
          simple-websocket==1.1.0 wsproto==1.3.2 h11==0.16.0 requests==2.34.2 urllib3==2.8.0 idna==3.20
          charset-normalizer==3.5.2 certifi==2026.10.18 websocket-client==1.9.2)
SELF_TEST_PACKAGES=(werkzeug==3.1.9 markupsafe==3.0.4)

if [[ $# -lt 1 ]]; then
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi

if [[ ! -x "$PY" ]]; then
    mkdir -p "$ROOT/.build"
    python3 -m venv "$VENV"
fi
installed() { "$VENV/bin/pip" freeze --disable-pip-version-check 2>/dev/null | tr 'A-Z_' 'a-z-'; }
missing() {
    local have; have="$(installed)"
    for p in "$@"; do grep -qx "$(tr 'A-Z_' 'a-z-' <<<"$p")" <<<"$have" || { echo "$p"; }; done
}
WANT=("${PACKAGES[@]}")
[[ "$1" == "--self-test" || "$1" == "--fault-test" ]] && WANT+=("${SELF_TEST_PACKAGES[@]}")
if [[ -n "$(missing "${WANT[@]}")" ]]; then
    timeout 600 "$VENV/bin/pip" install --quiet --disable-pip-version-check "${WANT[@]}"
fi

exec timeout "${INTEROP_HARD_TIMEOUT:-600}" "$PY" "$ROOT/scripts/interop/socketio_interop.py" "$@"
