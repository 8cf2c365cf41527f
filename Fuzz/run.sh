#!/usr/bin/env bash
# Builds every fuzz target with libFuzzer + AddressSanitizer and runs each for SECONDS.
#
#   Fuzz/run.sh SECONDS [TARGET ...]     (default: every target in Package.swift)
#
# Seeds come from Tests/Vectors (see seeds.py); dictionaries from Fuzz/Dictionaries/<Target>.dict.
# A crash, leak, timeout or out-of-memory is copied to Fuzz/FailCases/<Target>/ and the script exits 1.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SECONDS_EACH="${1:?usage: run.sh SECONDS [TARGET ...]}"; shift || true
cd "$HERE"
if [ $# -gt 0 ]; then TARGETS=("$@"); else
  mapfile -t TARGETS < <(sed -n 's/^ *fuzzTarget("\([A-Za-z0-9]*\)".*/\1/p' Package.swift)
fi
BUILD=(swift build -c release --scratch-path .build-fuzz --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING)
for t in "${TARGETS[@]}"; do "${BUILD[@]}" --product "$t"; done
BIN="$("${BUILD[@]}" --show-bin-path)"
failed=0
for t in "${TARGETS[@]}"; do
  work="$HERE/corpus-work/$t"; art="$HERE/artifacts/$t"
  rm -rf "$art"; mkdir -p "$work" "$art"
  python3 "$HERE/seeds.py" "$t" "$work"
  dict=(); [ -f "Dictionaries/$t.dict" ] && dict=(-dict="Dictionaries/$t.dict")
  echo "== $t: ${SECONDS_EACH}s"
  set +e
  SWIFT_BACKTRACE=enable=no "$BIN/$t" "$work" "${dict[@]}" -use_value_profile=1 -max_total_time="$SECONDS_EACH" \
    -rss_limit_mb=2048 -timeout=10 -max_len=65536 -artifact_prefix="$art/" -print_final_stats=1 \
    > "$HERE/artifacts/$t.log" 2>&1
  rc=$?
  set -e
  tail -n 12 "$HERE/artifacts/$t.log" | grep -E 'stat::number_of_executed_units|stat::new_units_added|Done|ERROR|SUMMARY' || true
  if [ $rc -ne 0 ] || [ -n "$(ls -A "$art")" ]; then
    echo "!! $t found a problem (exit $rc):"; grep -E 'ERROR|Fatal|fuzz check' "$HERE/artifacts/$t.log" | head -5
    mkdir -p "FailCases/$t"; cp "$art"/* "FailCases/$t/" 2>/dev/null || true
    failed=1
  fi
done
[ $failed -eq 0 ] && echo "fuzz: every target ran clean" || { echo "fuzz: findings copied to Fuzz/FailCases/"; exit 1; }
