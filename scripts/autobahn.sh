#!/usr/bin/env bash
# Autobahn|Testsuite conformance run against ws-echo-server (RFC 6455 + RFC 7692).
#
#   scripts/autobahn.sh TOOLS_DIR [CASES] [EXCLUDE]
#     TOOLS_DIR  the folder holding the suite's run.sh (CI passes ../shared/tools/autobahn, relative to the repo)
#     CASES      comma-separated case patterns (default "*": all 517 cases, ~20-25 min on 2 cores), or "ci":
#                every case outside 12.*/13.* plus the first four (smallest-message) cases of each of the twelve
#                permessage-deflate groups 12.1-12.5 and 13.1-13.7 (349 cases, about a minute)
#     EXCLUDE    comma-separated patterns to leave out, e.g. "12.*,13.*" (the rest runs in about a minute)
#   env: AUTOBAHN_OUT report folder (default .build/autobahn-report)
#
# Builds the server in release, starts it on a free loopback port, runs the suite, stops the server.
# Exit status: 0 when the run is complete and no case FAILED; otherwise non-zero (run.sh's status, or 3 when the
# server does not start, or 4 when it died during the run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -lt 1 ]; then sed -n '2,15p' "$0"; exit 2; fi
TOOLS="$(cd "$1" && pwd)"; CASES="${2:-*}"; EXCLUDE="${3:-}"
OUT="${AUTOBAHN_OUT:-$ROOT/.build/autobahn-report}"
if [ "$CASES" = "ci" ]; then
  # Exact ids (a pattern like 12.*.1 would also match 12.1.10-18, the slow large-message cases).
  CASES="1.*,2.*,3.*,4.*,5.*,6.*,7.*,9.*,10.*"
  for g in 12.1 12.2 12.3 12.4 12.5 13.1 13.2 13.3 13.4 13.5 13.6 13.7; do
    for n in 1 2 3 4; do CASES="$CASES,$g.$n"; done
  done
fi
cd "$ROOT"

swift build -c release --product ws-echo-server >&2
SERVER="$(swift build -c release --show-bin-path)/ws-echo-server"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
LOG="$(mktemp)"
"$SERVER" --port "$PORT" > "$LOG" 2>&1 &
SERVER_PID=$!
stop() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; rm -f "$LOG"; }
trap stop EXIT

for _ in $(seq 1 100); do
  grep -q "^listening on 127.0.0.1:$PORT" "$LOG" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "ws-echo-server exited:" >&2; cat "$LOG" >&2; exit 3; }
  sleep 0.1
done
grep -q "^listening on" "$LOG" || { echo "ws-echo-server did not start" >&2; exit 3; }
echo "ws-echo-server pid $SERVER_PID on port $PORT; cases '$CASES' excluding '$EXCLUDE'; report in $OUT"

set +e
AGENT="${AGENT:-swift-socketio ws-echo-server}" "$TOOLS/run.sh" "ws://127.0.0.1:$PORT" "$OUT" "$CASES" "$EXCLUDE"
rc=$?
set -e
if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "ws-echo-server died during the run:" >&2; cat "$LOG" >&2
  [ $rc -ne 0 ] || rc=4
fi
exit $rc
