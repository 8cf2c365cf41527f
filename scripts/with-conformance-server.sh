#!/usr/bin/env bash
# Starts sio-conformance-server on a free loopback port, runs a command against it, stops the server.
#
#   scripts/with-conformance-server.sh [--release] [--server CMD] [--server-flag ...] -- COMMAND [ARGS...]
#
# --server CMD runs another server taking the same flags and printing "listening on HOST:PORT" (CMD must exec it,
# so that SERVER_PID is the server's). The command sees SERVER_URL (http://127.0.0.1:PORT) and SERVER_PID; the literal argument {URL} is replaced by
# the URL. Exit status: the command's, or 3 when the server does not start, or 4 when it died during the run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CONFIG=debug; FLAGS=(); SERVER=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case "$1" in
    --release) CONFIG=release ;;
    --server) SERVER="$2"; shift ;;
    *) FLAGS+=("$1") ;;
  esac
  shift
done
[ "${1:-}" = "--" ] && shift
[ $# -ge 1 ] || { sed -n '2,10p' "$0"; exit 2; }

if [ -z "$SERVER" ]; then
  swift build -c "$CONFIG" --product sio-conformance-server >&2
  SERVER="$(swift build -c "$CONFIG" --show-bin-path)/sio-conformance-server"
fi
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
LOG="$(mktemp)"
# shellcheck disable=SC2086 # SERVER may be a command line (--server)
$SERVER --host 127.0.0.1 --port "$PORT" ${FLAGS[@]+"${FLAGS[@]}"} > "$LOG" 2>&1 &
SERVER_PID=$!
stop() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; rm -f "$LOG"; }
trap stop EXIT

for _ in $(seq 1 200); do
  grep -q "^listening on " "$LOG" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server exited:" >&2; cat "$LOG" >&2; exit 3; }
  sleep 0.05
done
grep -q "^listening on " "$LOG" || { echo "the server did not start:" >&2; cat "$LOG" >&2; exit 3; }

export SERVER_URL="http://127.0.0.1:$PORT" SERVER_PID
ARGS=()
for a in "$@"; do ARGS+=("${a//\{URL\}/$SERVER_URL}"); done
set +e
"${ARGS[@]}"
rc=$?
set -e
kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server died during the run:" >&2; cat "$LOG" >&2; exit 4; }
exit $rc
