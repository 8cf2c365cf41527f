#!/usr/bin/env bash
# Runs engine-load.js with Debian's node-ws and the open-file limit raised as far as this machine allows
# (10,000 WebSocket sessions need 10,000 descriptors in this process; the hard limit here is 20,000).
#   Benchmarks/engine-load/engine-load.sh idle --sessions 10000 --server-pid PID
set -euo pipefail
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"
exec node "$(dirname "${BASH_SOURCE[0]}")/engine-load.js" "$@"
