#!/usr/bin/env bash
# The sio-demo chat in headless Chromium (see chat-test.py).
#
#   scripts/browser/run.sh URL [ARTIFACT_DIR]           the chat against a running sio-demo, e.g. http://127.0.0.1:3000
#   scripts/browser/run.sh --smoke URL [ARTIFACT_DIR]   sio-lite.js against a running sio-conformance-server
#   scripts/browser/run.sh --self-test                  the chat against py_demo_server.py (python-socketio)
#   scripts/browser/run.sh --fault-test                 each fault of py_demo_server.py must fail a check
#
# Needs chromium (Debian package `chromium`). Screenshots go to ARTIFACT_DIR (default .build/browser-artifacts).
# Uses the interop venv .build/interop-venv (websocket-client; python-socketio and werkzeug for the self-tests),
# installing what is missing (PyPI must be reachable then). Exits non-zero when any check fails; each run is bounded
# by BROWSER_HARD_TIMEOUT seconds (180 by default).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROOT/.build/interop-venv"
PY="$VENV/bin/python"
# The versions scripts/interop/run-socketio.sh pins, so that both share one venv.
PACKAGES=(websocket-client==1.9.2)
SELF_TEST_PACKAGES=(python-socketio==5.18.1 python-engineio==4.15.1 bidict==0.24.1 simple-websocket==1.1.0
                    wsproto==1.3.2 h11==0.16.0 werkzeug==3.1.9 markupsafe==3.0.4)

if [[ $# -lt 1 ]]; then
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
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
chat_test() { timeout "$HARD" "$PY" "$ROOT/scripts/browser/chat-test.py" --timeout "$((HARD - 10))" "$@"; }

# Starts py_demo_server.py with the given flags; sets DEMO_URL and DEMO_PID.
start_py_server() {
    local log; log="$(mktemp)"
    "$PY" "$ROOT/scripts/browser/py_demo_server.py" --port 0 "$@" > "$log" 2>&1 &
    DEMO_PID=$!
    for _ in $(seq 1 100); do
        grep -q "^listening on " "$log" && break
        kill -0 "$DEMO_PID" 2>/dev/null || { cat "$log" >&2; return 3; }
        sleep 0.1
    done
    DEMO_URL="http://$(sed -n 's/^listening on //p' "$log")"
    rm -f "$log"
    [[ "$DEMO_URL" != "http://" ]]
}
stop_py_server() { kill "$DEMO_PID" 2>/dev/null || true; wait "$DEMO_PID" 2>/dev/null || true; }

case "$1" in
    --self-test|--fault-test)
        if ! "$PY" -c 'import socketio, werkzeug' 2>/dev/null; then
            timeout 600 "$VENV/bin/pip" install --quiet --disable-pip-version-check "${SELF_TEST_PACKAGES[@]}"
        fi
        trap stop_py_server EXIT
        if [[ "$1" == "--self-test" ]]; then
            start_py_server
            chat_test "$DEMO_URL" "${2:-$ROOT/.build/browser-artifacts/self-test}"
            exit $?
        fi
        bad=0
        for fault in $("$PY" -c 'import sys; sys.path.insert(0, sys.argv[1]); import py_demo_server as m; print(" ".join(sorted(m.FAULTS)))' "$ROOT/scripts/browser"); do
            start_py_server --fault "$fault"
            if out="$(chat_test "$DEMO_URL" "$(mktemp -d)" --wait 4 2>&1)"; then
                echo "FAULT NOT CAUGHT $fault"; bad=1
            else
                echo "caught $fault: $(grep '^FAIL' <<<"$out" | head -1)"
            fi
            stop_py_server
        done
        exit $bad
        ;;
esac
chat_test "$@"
