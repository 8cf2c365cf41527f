#!/usr/bin/env python3
"""Prints a loadgen.js JSON result next to Node socket.io's figures from the loadgen README, and optionally next to
the kernel-floor peer's result from the same invocation of run.sh.

    report.py RESULT.json [--floor FLOOR.json]

Exit status 5 when no client connected (the figures would mean nothing).
"""
import json
import math
import sys

# Node socket.io 4.8.3 on this machine kind (shared/tools/loadgen/README.md): clients -> figures.
NODE = {
    1_000: {"echo": 34_600, "broadcast": 104_000, "kib": 36},
    10_000: {"echo": 33_700, "broadcast": 72_000, "kib": 17},
}


def nearest_reference(clients):
    # Nearest on a log scale: 3,162 clients and below compare with the 1,000 row.
    return min(NODE, key=lambda n: abs(math.log(max(clients, 1)) - math.log(n)))


def fmt(value, unit=""):
    if value is None:
        return "n/a"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}{unit}"
    return f"{int(value):,}{unit}"


def ratio(ours, theirs):
    return "n/a" if ours is None or not theirs else f"{ours / theirs:.2f}x"


def print_floor(out, path):
    # The floor does only the unavoidable syscalls, so ours / floor is the share of the machine's ceiling we reach.
    with open(path) as f:
        floor = json.load(f)
    clients = (floor.get("connect") or {}).get("ok") or 0
    print(f"compared with the kernel floor (floor/floor.c) in this run: {clients:,} clients connected, "
          f"unexpected closes {floor.get('unexpectedCloses')}, protocol errors {floor.get('protocolErrors')}")
    for label, key, field in (("echo acks per server CPU-second", "echo", "acksPerServerCpuSecond"),
                              ("broadcast deliveries per server CPU-second", "broadcast",
                               "deliveriesPerServerCpuSecond")):
        ours = (out.get(key) or {}).get(field)
        theirs = (floor.get(key) or {}).get(field)
        cpu = (floor.get(key) or {}).get("cpu") or {}
        print(f"  {label:<44} {fmt(ours):>10}  floor {fmt(theirs):>9}   ratio {ratio(ours, theirs):>6}  "
              f"(floor CPU% {cpu.get('serverCpuPct')}, loadgen {cpu.get('loadgenCpuPct')})")
    print(f"  result: {path}")


def main():
    args = sys.argv[1:]
    floor_path = None
    if len(args) == 3 and args[1] == "--floor":
        floor_path = args[2]
        args = args[:1]
    if len(args) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(args[0]) as f:
        out = json.load(f)
    connect = out.get("connect") or {}
    clients = connect.get("ok") or 0
    asked = (out.get("options") or {}).get("clients")
    ref_n = nearest_reference(asked or clients)
    ref = NODE[ref_n]
    echo = out.get("echo") or {}
    bcast = out.get("broadcast") or {}
    kib = out.get("serverKiBPerConnection")

    print(f"sio-load: {clients:,} of {asked:,} clients connected ({connect.get('failed', 0)} failed); "
          f"unexpected closes {out.get('unexpectedCloses')}, protocol errors {out.get('protocolErrors')}")
    print(f"compared with Node socket.io 4.8.3 at {ref_n:,} clients (loadgen README)"
          + ("" if asked == ref_n else f"; this run had {asked:,}, so the ratios are only indicative"))
    rows = [
        ("echo acks per server CPU-second", echo.get("acksPerServerCpuSecond"), ref["echo"], "higher is better"),
        ("broadcast deliveries per server CPU-second", bcast.get("deliveriesPerServerCpuSecond"), ref["broadcast"],
         "higher is better"),
        ("server RSS per connected client (KiB)", kib, ref["kib"], "lower is better"),
    ]
    for label, ours, theirs, better in rows:
        print(f"  {label:<44} {fmt(ours):>10}   node {fmt(theirs):>9}   ratio {ratio(ours, theirs):>6}  ({better})")
    if echo:
        lat = echo.get("latencyMs") or {}
        cpu = echo.get("cpu") or {}
        print(f"  echo: {fmt(echo.get('acksPerSec'))} acks/s, p50 {lat.get('p50')} ms, p99 {lat.get('p99')} ms; "
              f"CPU% server {cpu.get('serverCpuPct')}, loadgen {cpu.get('loadgenCpuPct')}, "
              f"other processes {cpu.get('otherProcessesCpuPct')}")
    if bcast:
        lat = bcast.get("latencyMs") or {}
        cpu = bcast.get("cpu") or {}
        print(f"  broadcast: {fmt(bcast.get('deliveriesPerSec'))} deliveries/s to {bcast.get('roomMembers')} members, "
              f"p50 {lat.get('p50')} ms, p99 {lat.get('p99')} ms, timed out {bcast.get('messagesTimedOut')}; "
              f"CPU% server {cpu.get('serverCpuPct')}, loadgen {cpu.get('loadgenCpuPct')}, "
              f"other processes {cpu.get('otherProcessesCpuPct')}")
    end = out.get("serverEnd") or {}
    if end:
        print(f"  server at the end: VmRSS {fmt(end.get('rssKiB'))} KiB, peak {fmt(end.get('hwmKiB'))} KiB")
    print(f"  result: {args[0]}")
    if floor_path:
        print_floor(out, floor_path)
    return 0 if clients > 0 else 5


if __name__ == "__main__":
    sys.exit(main())
