#!/usr/bin/env bash
# Builds the kernel-floor peer (floor.c beside this script) into .build/sio-load/floor/floor of the clone and prints
# the binary's path. Needs a C compiler and libcrypto's headers (apt-get install -y gcc libssl-dev).
#
#   Benchmarks/sio-load/floor/build.sh
#   Benchmarks/sio-load/run.sh --clients 1000 --seconds 5 --server "$PWD/.build/sio-load/floor/floor"
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
OUT="$ROOT/.build/sio-load/floor"
mkdir -p "$OUT"
"${CC:-cc}" -O2 -std=gnu11 -Wall -Wextra -o "$OUT/floor" "$HERE/floor.c" -lcrypto
echo "$OUT/floor"
