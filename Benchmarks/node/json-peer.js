// Peer figures for the JSON benchmarks: Node's JSON.parse / JSON.stringify on the same bytes.
//
//   node json-peer.js FILE SECONDS
//
// Prints one JSON line per operation: {"op": "...", "opsPerSecond": N}. The timing loop matches BenchSupport's
// Bench.measure: a batch calibrated to ~10 ms, 5 rounds, best round wins. JSON.parse gets a ready JS string (as
// engine.io hands socket.io a string); the UTF-8 decode of the wire bytes is not counted.
'use strict';
const fs = require('fs');
const [file, secondsText] = process.argv.slice(2);
const seconds = Number(secondsText);
const text = fs.readFileSync(file, 'utf8');
const value = JSON.parse(text);
const bytes = Buffer.from(text, 'utf8');
let sink = 0;

function measure(body) {
  let batch = 1;
  for (;;) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) body();
    const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
    if (elapsed > 0.01 || batch >= 1 << 30) break;
    batch *= 2;
  }
  let best = 0;
  const rounds = seconds < 0.05 ? 1 : 5;
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    const end = start + BigInt(Math.round((seconds / rounds) * 1e9));
    let ops = 0;
    let now;
    do {
      for (let i = 0; i < batch; i++) body();
      ops += batch;
      now = process.hrtime.bigint();
    } while (now < end);
    best = Math.max(best, ops / (Number(now - start) / 1e9));
  }
  return best;
}

const results = {
  parse: measure(() => { sink += JSON.parse(text) === null ? 0 : 1; }),
  parseFromBytes: measure(() => { sink += JSON.parse(bytes.toString('utf8')) === null ? 0 : 1; }),
  stringify: measure(() => { sink += JSON.stringify(value).length; }),
};
for (const [op, opsPerSecond] of Object.entries(results)) console.log(JSON.stringify({ op, opsPerSecond }));
if (sink === -1) console.log('');
