#!/usr/bin/env bash
# Socket.IO load run: builds sio-conformance-server in release, starts it with the reference's production defaults,
# runs the shared load generator against it and prints the figures next to Node's (see README.md beside this file).
#
#   Benchmarks/sio-load/run.sh [--clients N] [--seconds S] [--json OUT] [--loadgen PATH] [--server CMD]
#                              [--with-floor] [-- LOADGEN-OPTIONS...]
#
# Defaults: 1000 clients, 10 s a phase, OUT .build/sio-load/sio-load-N.json, PATH $LOADGEN or
# ../shared/tools/loadgen/loadgen.js beside the clone (or /work/shared/tools/loadgen/loadgen.js). --server CMD
# replaces the Swift server by another one that takes the same flags and prints "listening on HOST:PORT"
# (e.g. "python3 scripts/interop/py_sio_server.py", to check this script); CMD must exec the server so its pid is
# the one measured. Exit status: loadgen's, or 3 when the server does not start, 4 when it died during the run,
# 5 when no client connected. --with-floor then runs the same load against the kernel-floor peer (floor/floor.c,
# built with floor/build.sh) and prints our figures as a ratio of the floor's, measured in the same invocation.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

CLIENTS=1000
SECONDS_PER_PHASE=10
JSON=""
SERVER_CMD=""
WITH_FLOOR=0
LOADGEN="${LOADGEN:-}"
EXTRA=()
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) CLIENTS="$2"; shift 2 ;;
    --seconds) SECONDS_PER_PHASE="$2"; shift 2 ;;
    --json) JSON="$2"; shift 2 ;;
    --loadgen) LOADGEN="$2"; shift 2 ;;
    --server) SERVER_CMD="$2"; shift 2 ;;
    --with-floor) WITH_FLOOR=1; shift ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1" >&2; sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
done
[[ "$CLIENTS" =~ ^[1-9][0-9]*$ ]] || { echo "--clients: '$CLIENTS' is not a positive integer" >&2; exit 2; }
[[ "$SECONDS_PER_PHASE" =~ ^[1-9][0-9]*$ ]] || { echo "--seconds: '$SECONDS_PER_PHASE' is not a positive integer" >&2; exit 2; }

if [ -z "$LOADGEN" ]; then
  for candidate in "$ROOT/../shared/tools/loadgen/loadgen.js" /work/shared/tools/loadgen/loadgen.js; do
    [ -f "$candidate" ] && { LOADGEN="$candidate"; break; }
  done
fi
[ -n "$LOADGEN" ] && [ -f "$LOADGEN" ] || { echo "loadgen.js not found (give --loadgen PATH or LOADGEN=PATH)" >&2; exit 2; }
command -v node >/dev/null || { echo "node is missing: apt-get install -y nodejs node-ws" >&2; exit 2; }
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
node -e 'require("ws")' 2>/dev/null || { echo "node's ws is missing: apt-get install -y node-ws" >&2; exit 2; }

[ -n "$JSON" ] || { mkdir -p "$ROOT/.build/sio-load"; JSON="$ROOT/.build/sio-load/sio-load-$CLIENTS.json"; }
mkdir -p "$(dirname "$JSON")"
rm -f "$JSON"

# N WebSocket sessions need N descriptors in the server and N in loadgen; both inherit this limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
NOFILE="$(ulimit -n)"
if [ "$NOFILE" != unlimited ] && [ "$CLIENTS" -gt $((NOFILE - 100)) ]; then
  echo "warning: open-file limit $NOFILE is below $CLIENTS clients plus headroom; some connects will fail" >&2
fi

# The reference's production defaults (engine.io pingInterval 25 s, pingTimeout 20 s; socket.io connectTimeout 45 s).
# run_load OUT WITH-COMMAND...: one loadgen run against the server that WITH-COMMAND starts; its JSON goes to OUT.
run_load() {
  local out="$1"; shift
  rm -f "$out"
  set +e
  LOADGEN_JSON="$out" "$@" --ping-interval 25000 --ping-timeout 20000 --connect-timeout 45000 -- bash -c '
    echo "server: pid $SERVER_PID at $SERVER_URL; open-file limit $NOFILE" >&2
    exec node "$LOADGEN" --url "$SERVER_URL" --clients "$CLIENTS" --seconds "$SECONDS_PER_PHASE" \
      --server-pid "$SERVER_PID" --json "$LOADGEN_JSON" "$@"' loadgen ${EXTRA[@]+"${EXTRA[@]}"}
  local rc=$?
  set -e
  [ "$rc" -eq 0 ] || { echo "the run exited with $rc" >&2; exit "$rc"; }
  [ -f "$out" ] || { echo "loadgen wrote no $out" >&2; exit 1; }
}

WITH=(scripts/with-conformance-server.sh --release)
[ -z "$SERVER_CMD" ] || WITH=(scripts/with-conformance-server.sh --server "$SERVER_CMD")
export LOADGEN CLIENTS SECONDS_PER_PHASE NOFILE
run_load "$JSON" "${WITH[@]}"

if [ "$WITH_FLOOR" = 1 ]; then
  FLOOR_BIN="$("$ROOT/Benchmarks/sio-load/floor/build.sh")"
  FLOOR_JSON="${JSON%.json}-floor.json"
  echo "the same load against the kernel floor ($FLOOR_BIN)" >&2
  run_load "$FLOOR_JSON" scripts/with-conformance-server.sh --server "$FLOOR_BIN"
  python3 "$ROOT/Benchmarks/sio-load/report.py" "$JSON" --floor "$FLOOR_JSON"
else
  python3 "$ROOT/Benchmarks/sio-load/report.py" "$JSON"
fi
