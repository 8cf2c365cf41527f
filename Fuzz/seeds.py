#!/usr/bin/env python3
"""Writes a fuzz target's seed corpus from the conformance vectors in Tests/Vectors.

    seeds.py TARGET OUTDIR

Every vector file is JSON; every string found under an "encoded" key (UTF-8 text) or an "encodedHex" key (hex bytes)
anywhere in the files mapped to TARGET becomes one seed. A seed is the wire bytes behind one zero byte, which
FuzzInput reads as "no cut points". A list under "encodedParts" becomes one seed whose chunks are those parts.
"""
import glob, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "Tests", "Vectors")
SHARED_JSON = os.path.join(HERE, "..", "..", "shared", "testdata", "JSONTestSuite", "test_parsing")

TARGETS = {
    "FuzzEnginePacket": ["engineio-v4-packets.json", "engineio-v3-packets.json"],
    "FuzzEngineV4Payload": ["engineio-v4-payloads.json"],
    "FuzzEngineV3Payload": ["engineio-v3-payloads.json"],
    "FuzzSIOPacket": ["socketio-v5-packets.json", "socketio-v4-packets.json"],
    "FuzzJSON": ["json.json"],
    "FuzzCodable": ["json.json", "codable.json"],
    "FuzzWSFrame": ["ws-frames.json"],
    "FuzzUTF8": ["utf8.json"],
    "FuzzInflate": ["ws-deflate.json"],
    "FuzzWSExtensions": ["ws-extensions.json"],
    "FuzzWSHandshake": ["ws-handshake.json"],
    "FuzzClusterMessage": ["cluster-messages.json"],
    "FuzzSessionCookie": ["session-cookies.json"],
    "FuzzHTTPFields": ["http-query.json", "http-accept-encoding.json", "http-query-random.json",
                       "http-accept-encoding-random.json", "http-query-fuzz.json", "http-accept-encoding-fuzz.json"],
}


def walk(node, out):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "encoded" and isinstance(value, str):
                out.append([value.encode("utf-8")])
            elif key == "encodedHex" and isinstance(value, str):
                out.append([bytes.fromhex(value)])
            elif key == "encodedParts" and isinstance(value, list):
                parts = [bytes.fromhex(p[4:]) if p.startswith("hex:") else p.encode("utf-8") for p in value]
                out.append(parts)
            else:
                walk(value, out)
    elif isinstance(node, list):
        for value in node:
            walk(value, out)


def seed_bytes(parts):
    # Up to 7 cut points, each chunk at most 255 bytes long, can be expressed; longer parts become one chunk.
    cuts = [len(p) for p in parts[:-1]]
    if len(cuts) > 7 or any(c > 255 for c in cuts):
        return b"\x00" + b"".join(parts)
    return bytes([len(cuts)] + cuts) + b"".join(parts)


def main():
    target, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    seeds = []
    for name in TARGETS.get(target, []):
        path = os.path.join(VECTORS, name)
        if os.path.exists(path):
            walk(json.load(open(path, encoding="utf-8")), seeds)
    if target == "FuzzJSON" and os.path.isdir(SHARED_JSON):
        for path in sorted(glob.glob(os.path.join(SHARED_JSON, "*.json"))):
            seeds.append([open(path, "rb").read()])
    for i, parts in enumerate(seeds):
        with open(os.path.join(outdir, "seed-%04d" % i), "wb") as f:
            f.write(seed_bytes(parts))
    print("%s: %d seeds" % (target, len(seeds)))


if __name__ == "__main__":
    main()
