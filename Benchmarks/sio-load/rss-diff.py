#!/usr/bin/env python3
"""Where the server's RSS per connected client goes, per mapping of /proc/PID/smaps.

    Benchmarks/sio-load/rss-diff.py [--clients 1000,3000] [--server PATH] [--loadgen PATH] [--json OUT]

For each client count: starts the release sio-conformance-server (with run.sh's production flags), snapshots
/proc/PID/smaps, runs loadgen (echo phase), and on its "join:" line (every client connected and joined the room)
stops loadgen with SIGSTOP so nothing else runs, snapshots smaps again, then ends loadgen and the server. It prints
Rss per mapping before, after and the difference (KiB), grouped as: each file's text (r-x), read-only data (r--),
data (rw-); [heap]; [stack]; thread stacks (anonymous rw maps right after a 4 KiB ---p guard page, like glibc's);
malloc arenas (an anonymous rw map followed by its ---p reserve inside one 64 MiB region); other anonymous maps.
With two or more client counts it also fits each row's difference as intercept + slope x clients over the first and
last counts: the slope is the per-client part, the intercept the one-off part (first use of code and caches).

--malloc-info DIR also saves glibc's per-arena malloc statistics before and after (through gdb), to tell memory in
use from free chunks held by an arena. The server binary is .build/release/sio-conformance-server unless --server is given; build it first with
`swift build -c release --product sio-conformance-server`. Needs node and node-ws like run.sh.
"""
import argparse
import collections
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
HEADER = re.compile(r"^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \d+\s*(.*)$")
ARENA_KIB = 64 * 1024  # glibc's HEAP_MAX_SIZE on 64-bit: each secondary arena reserves 64 MiB


def read_smaps(pid):
    """The mappings of pid as dicts: start, end, perms, name, size and rss (KiB)."""
    maps = []
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            m = HEADER.match(line)
            if m:
                maps.append({"start": int(m.group(1), 16), "end": int(m.group(2), 16), "perms": m.group(3),
                             "name": m.group(4).strip(), "rss": 0})
            elif line.startswith("Rss:") and maps:
                maps[-1]["rss"] = int(line.split()[1])
    return maps


def classify(maps):
    """Rss (KiB) per group label; see the module docstring for the groups."""
    out = collections.Counter()
    for i, m in enumerate(maps):
        name, perms = m["name"], m["perms"]
        if name.startswith("/"):
            kind = {"r-x": "text", "r--": "rodata", "rw-": "data"}.get(perms[:3], perms)
            label = f"{os.path.basename(name)} {kind}"
        elif name:
            label = name
        elif perms.startswith("---"):
            label = "anon reserve (---p)"
        else:
            prev = maps[i - 1] if i > 0 else None
            nxt = maps[i + 1] if i + 1 < len(maps) else None
            if prev and not prev["name"] and prev["perms"].startswith("---") and prev["end"] == m["start"] \
                    and prev["end"] - prev["start"] == 4096:
                label = "thread stacks"
            elif nxt and not nxt["name"] and nxt["perms"].startswith("---") and nxt["start"] == m["end"] \
                    and (nxt["end"] - m["start"]) // 1024 == ARENA_KIB:
                label = "malloc arenas"
            elif (m["end"] - m["start"]) // 1024 == ARENA_KIB and m["start"] % (ARENA_KIB * 1024) == 0:
                label = "malloc arenas"
            else:
                label = "other anonymous"
        out[label] += m["rss"]
    return out


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def vmrss(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def malloc_info(pid, path):
    """Writes glibc's malloc_info XML (per arena: in use, free, system bytes) of pid to path, through gdb."""
    subprocess.run(["gdb", "-batch", "-p", str(pid), "-ex", f'call (void*)fopen("{path}", "w")', "-ex",
                    "call (int)malloc_info(0, $1)", "-ex", "call (int)fclose($1)"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def run_once(clients, server, loadgen, info_dir=None):
    """Returns (before, after, clients connected, VmRSS before, VmRSS after, loadgen's join line)."""
    port = free_port()
    srv = subprocess.Popen([server, "--host", "127.0.0.1", "--port", str(port), "--ping-interval", "25000",
                            "--ping-timeout", "20000", "--connect-timeout", "45000"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = srv.stdout.readline()
        if not line.startswith("listening on "):
            raise SystemExit(f"the server did not start: {line!r}")
        time.sleep(0.3)
        before, rss0 = read_smaps(srv.pid), vmrss(srv.pid)
        if info_dir:
            malloc_info(srv.pid, os.path.join(info_dir, f"malloc-{clients}-before.xml"))
        env = dict(os.environ, NODE_PATH=os.environ.get("NODE_PATH", "/usr/share/nodejs"))
        gen = subprocess.Popen(["node", loadgen, "--url", f"http://127.0.0.1:{port}", "--clients", str(clients),
                                "--seconds", "1", "--warmup", "1", "--phases", "echo", "--server-pid",
                                str(srv.pid)], stdout=subprocess.PIPE, text=True, env=env)
        joined, connected = None, 0
        for out in gen.stdout:
            m = re.match(r"connect: (\d+) ok", out)
            if m:
                connected = int(m.group(1))
            if out.startswith("join:"):
                gen.send_signal(signal.SIGSTOP)  # freeze the clients: no echo traffic before the snapshot
                joined = out.strip()
                break
        if joined is None:
            raise SystemExit("loadgen ended before its join: line")
        after, rss1 = read_smaps(srv.pid), vmrss(srv.pid)
        if info_dir:
            malloc_info(srv.pid, os.path.join(info_dir, f"malloc-{clients}-after.xml"))
        gen.kill()
        gen.send_signal(signal.SIGCONT)
        gen.wait()
        return classify(before), classify(after), connected, rss0, rss1, joined
    finally:
        srv.terminate()
        srv.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--clients", default="1000,3000", help="comma-separated client counts (default 1000,3000)")
    ap.add_argument("--server", default=os.path.join(ROOT, ".build", "release", "sio-conformance-server"))
    ap.add_argument("--loadgen", default=os.environ.get("LOADGEN") or next(
        (p for p in (os.path.join(ROOT, "..", "shared", "tools", "loadgen", "loadgen.js"),
                     "/work/shared/tools/loadgen/loadgen.js") if os.path.isfile(p)), ""))
    ap.add_argument("--json", help="also write the tables as JSON")
    ap.add_argument("--all", action="store_true", help="also list the mappings whose Rss did not change")
    ap.add_argument("--malloc-info", metavar="DIR",
                    help="also write glibc's malloc_info XML before and after to DIR (attaches gdb, after the smaps "
                         "snapshot so it does not disturb it)")
    a = ap.parse_args()
    if a.malloc_info:
        os.makedirs(a.malloc_info, exist_ok=True)
    counts = [int(c) for c in a.clients.split(",")]
    if not os.path.isfile(a.server):
        raise SystemExit(f"{a.server} is missing: swift build -c release --product sio-conformance-server")
    if not a.loadgen:
        raise SystemExit("loadgen.js not found (give --loadgen PATH or LOADGEN=PATH)")

    runs = []
    for n in counts:
        before, after, connected, rss0, rss1, joined = run_once(n, a.server, a.loadgen, a.malloc_info)
        runs.append({"clients": n, "connected": connected, "before": before, "after": after,
                     "vmrssBefore": rss0, "vmrssAfter": rss1})
        print(f"{n} clients: {connected} connected; VmRSS {rss0} -> {rss1} KiB = "
              f"{(rss1 - rss0) / max(1, connected):.2f} KiB per client")
        labels = sorted(set(before) | set(after), key=lambda k: -(after[k] - before[k]))
        print(f"  {'mapping':<44} {'before':>9} {'after':>9} {'diff':>9}")
        for k in labels:
            if after[k] != before[k] or (a.all and (before[k] or after[k])):
                print(f"  {k:<44} {before[k]:>9} {after[k]:>9} {after[k] - before[k]:>9}")
        tb, ta = sum(before.values()), sum(after.values())
        print(f"  {'total':<44} {tb:>9} {ta:>9} {ta - tb:>9}\n")
        time.sleep(1)

    if len(runs) >= 2:
        lo, hi = runs[0], runs[-1]
        span = hi["connected"] - lo["connected"]
        if span > 0:
            print(f"fit over {lo['connected']} and {hi['connected']} clients: diff = intercept + slope x clients")
            print(f"  {'mapping':<44} {'intercept KiB':>14} {'slope B/client':>15}")
            labels = set()
            for r in (lo, hi):
                labels |= set(r["before"]) | set(r["after"])
            rows = []
            for k in labels:
                d0 = lo["after"][k] - lo["before"][k]
                d1 = hi["after"][k] - hi["before"][k]
                slope = (d1 - d0) / span
                rows.append((k, d0 - slope * lo["connected"], slope))
            rows.sort(key=lambda r: -abs(r[2]) * 1000 - abs(r[1]))
            for k, icpt, slope in rows:
                if abs(icpt) >= 1 or abs(slope) >= 0.001:
                    print(f"  {k:<44} {icpt:>14.0f} {slope * 1024:>15.0f}")
            d0 = lo["vmrssAfter"] - lo["vmrssBefore"]
            d1 = hi["vmrssAfter"] - hi["vmrssBefore"]
            slope = (d1 - d0) / span
            print(f"  {'VmRSS':<44} {d0 - slope * lo['connected']:>14.0f} {slope * 1024:>15.0f}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(runs, f, indent=2)


if __name__ == "__main__":
    sys.exit(main())
