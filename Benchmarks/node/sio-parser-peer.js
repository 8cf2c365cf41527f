#!/usr/bin/env node
// Peer figures for CodecBenchmarks' Socket.IO benchmarks: Debian's socket.io-parser (NODE_PATH=/usr/share/nodejs)
// timed on the same vectors the Swift side measures.
//
//   node sio-parser-peer.js SECONDS < vectors.json
//
// stdin: [{"name": "...", "parts": ["text", "hex:0102..."]}, ...]. For each vector it times `decode` (Decoder.add of
// every part until the packet is emitted) and `encode` (Encoder.encode of the packet decoded once beforehand, binary
// attachments included), and prints one line per figure: `<decode|encode> <name> <ops per second>`.
"use strict";
const { Encoder, Decoder } = require("socket.io-parser");

const seconds = Number(process.argv[2] || "1");
const vectors = JSON.parse(require("fs").readFileSync(0, "utf8"));
const now = () => Number(process.hrtime.bigint()) / 1e9;
let sink = 0;

// Same shape as BenchSupport's Bench.measure: calibrate a ~10 ms batch, then 5 rounds, best round wins.
function measure(body) {
  let batch = 1;
  for (;;) {
    const start = now();
    for (let i = 0; i < batch; i++) body();
    if (now() - start > 0.01 || batch >= 1 << 30) break;
    batch *= 2;
  }
  let best = 0;
  const rounds = 5;
  for (let r = 0; r < rounds; r++) {
    const roundEnd = now() + seconds / rounds;
    let ops = 0;
    const start = now();
    do {
      for (let i = 0; i < batch; i++) body();
      ops += batch;
    } while (now() < roundEnd);
    best = Math.max(best, ops / (now() - start));
  }
  return best;
}

for (const vector of vectors) {
  const parts = vector.parts.map((p) => (p.startsWith("hex:") ? Buffer.from(p.slice(4), "hex") : p));
  const decoder = new Decoder();
  let last = null;
  decoder.on("decoded", (packet) => { last = packet; });
  for (const part of parts) decoder.add(part);
  if (last === null) throw new Error("vector did not decode: " + vector.name);
  const packet = last;

  const decodeOps = measure(() => {
    for (const part of parts) decoder.add(part);
    sink += last.type;
  });
  console.log(`decode ${vector.name} ${decodeOps}`);

  const encoder = new Encoder();
  const encodeOps = measure(() => {
    // encode() rewrites a binary packet's data in place (placeholders), so hand it a fresh shell each time.
    const out = encoder.encode({ type: packet.type, nsp: packet.nsp, id: packet.id, data: packet.data });
    sink += out.length;
  });
  console.log(`encode ${vector.name} ${encodeOps}`);
}
if (sink === -1) console.log("");
