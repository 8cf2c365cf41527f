#!/usr/bin/env python3
"""Turns the FuzzHTTPFields corpus into differential vectors answered by the reference's own code.

    Fuzz/node-vectors.py [CORPUS]     (default: Fuzz/corpus-work/FuzzHTTPFields, left by `run.sh N FuzzHTTPFields`)

Needs Node 20 and negotiator 0.6.3 (npm ships it: /usr/lib/node_modules/npm/node_modules/negotiator). Writes
Tests/Vectors/http-query-fuzz.json (request targets and `new URL(uri, base).searchParams`) and
Tests/Vectors/http-accept-encoding-fuzz.json (ASCII Accept-Encoding values and
`new Negotiator(req).encodings(['gzip', 'deflate'])[0]`, what accepts 1.3.8 returns). Selection is deterministic:
the shortest distinct inputs first, at most LIMIT of each.
"""
import json, os, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "Tests", "Vectors")
NEGOTIATOR = os.environ.get("NEGOTIATOR", "/usr/lib/node_modules/npm/node_modules/negotiator")
LIMIT = 300

NODE = r"""
const Negotiator = require(process.argv[1]);
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const queries = [];
for (const uri of input.uris) {
  let url;
  try { url = new URL(uri, 'https://socket.io'); } catch (e) { continue; }
  queries.push({ encoded: uri, pairs: [...url.searchParams] });
}
const accepts = input.accepts.map(value => ({
  encoded: value,
  chosen: new Negotiator({ headers: { 'accept-encoding': value } }).encodings(['gzip', 'deflate'])[0] || null,
}));
process.stdout.write(JSON.stringify({ queries, accepts }));
"""


def chunks(data):
    """FuzzInput's split: the first byte's low 3 bits count the cut points, the next bytes are chunk lengths."""
    if not data:
        return []
    cuts = min(data[0] & 7, len(data) - 1)
    body = data[1 + cuts:]
    out, start = [], 0
    for i in range(cuts):
        n = min(data[1 + i], len(body) - start)
        out.append(body[start:start + n])
        start += n
    out.append(body[start:])
    return out


def write(name, description, cases):
    lines = ",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in cases)
    with open(os.path.join(VECTORS, name), "w", encoding="utf-8") as f:
        f.write('{\n "description": %s,\n "cases": [\n%s\n ]\n}\n' % (json.dumps(description), lines))


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus-work", "FuzzHTTPFields")
    uris, accepts = set(), set()
    for name in sorted(os.listdir(corpus)):
        parts = chunks(open(os.path.join(corpus, name), "rb").read())
        try:
            text = b"".join(parts).decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is not None and "?" in text and len(text) <= 160:
            uris.add(text)
        if all(all(0x20 <= c < 0x7F or c == 9 for c in p) for p in parts):
            joined = b",".join(parts).decode()
            if 0 < len(joined) <= 160 and joined.count(",") < 64:
                accepts.add(joined)
    order = lambda s: (len(s), s)
    request = {"uris": sorted(uris, key=order)[:LIMIT * 2], "accepts": sorted(accepts, key=order)[:LIMIT]}
    out = subprocess.run(["node", "-e", NODE, NEGOTIATOR], input=json.dumps(request), capture_output=True,
                         text=True, check=True).stdout
    answers = json.loads(out)
    write("http-query-fuzz.json",
          "Request targets the FuzzHTTPFields fuzzer reached, and Node 20's answer: [...new URL(uri, "
          "'https://socket.io').searchParams] (written by Fuzz/node-vectors.py).", answers["queries"][:LIMIT])
    write("http-accept-encoding-fuzz.json",
          "ASCII Accept-Encoding values the FuzzHTTPFields fuzzer reached, and negotiator 0.6.3's choice among "
          "['gzip', 'deflate'] (what accepts 1.3.8 returns); null means identity (written by Fuzz/node-vectors.py).",
          answers["accepts"])
    print("queries: %d, accept-encoding: %d" % (min(len(answers["queries"]), LIMIT), len(answers["accepts"])))


if __name__ == "__main__":
    main()
