#!/usr/bin/env bash
# Live heap of the release sio-conformance-server per allocation site once N clients are connected and joined.
#
#   Benchmarks/sio-load/heap-live.sh [N] [OUT]      (default 1000 clients, OUT .build/sio-load/heap-live-N)
#
# Runs the server under heaptrack, runs loadgen (echo phase) against it and SIGKILLs the server on loadgen's "join:"
# line, so everything still allocated at that moment shows as "leaked" with its backtrace. Writes OUT.zst (heaptrack's
# data), OUT-leaks.txt (heaptrack_print --print-leaks) and OUT-stacks.txt (one line per backtrace, leaf last, with
# its live bytes; aggregate it with any script). Needs heaptrack, node and node-ws.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
N="${1:-1000}"
OUT="${2:-$ROOT/.build/sio-load/heap-live-$N}"
LOADGEN="${LOADGEN:-/work/shared/tools/loadgen/loadgen.js}"
[ -f "$ROOT/../shared/tools/loadgen/loadgen.js" ] && LOADGEN="$ROOT/../shared/tools/loadgen/loadgen.js"
SERVER="$ROOT/.build/release/sio-conformance-server"
[ -x "$SERVER" ] || { echo "build it first: swift build -c release --product sio-conformance-server" >&2; exit 2; }
command -v heaptrack >/dev/null || { echo "heaptrack is missing: apt-get install -y heaptrack" >&2; exit 2; }
mkdir -p "$(dirname "$OUT")"
rm -f "$OUT.zst" "$OUT.gz"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
LOG="$(mktemp)"
heaptrack -o "$OUT" "$SERVER" --host 127.0.0.1 --port "$PORT" --ping-interval 25000 --ping-timeout 20000 \
  --connect-timeout 45000 > "$LOG" 2>&1 &
for _ in $(seq 1 300); do grep -q "^listening on " "$LOG" && break; sleep 0.1; done
SPID="$(pgrep -f "^$SERVER --host 127.0.0.1 --port $PORT" | head -1)"
[ -n "$SPID" ] || { echo "the server did not start:" >&2; cat "$LOG" >&2; exit 3; }
NODE_PATH="${NODE_PATH:-/usr/share/nodejs}" node "$LOADGEN" --url "http://127.0.0.1:$PORT" --clients "$N" \
  --seconds 1 --warmup 1 --phases echo --server-pid "$SPID" | while read -r line; do
  echo "$line"
  case "$line" in join:*) kill -9 "$SPID"; break ;; esac
done
wait || true
rm -f "$LOG"
heaptrack_print -f "$OUT.zst" --print-leaks 1 --print-peaks 0 --print-allocators 0 --print-temporary 0 \
  -F "$OUT-stacks.txt" --flamegraph-cost-type leaked > "$OUT-leaks.txt" 2>/dev/null
echo "live heap: $OUT-leaks.txt, per backtrace: $OUT-stacks.txt"
