#!/usr/bin/env node
// Checks Examples/SIODemo/Kit/Public/md5.js against the RFC 1321 test suite (appendix A.5) and, for UTF-8 text of
// many lengths around the 64-byte block boundaries, against node's own MD5.   node scripts/browser/md5-check.js
"use strict";
const path = require("path");
const crypto = require("crypto");
const md5 = require(path.join(__dirname, "../../Examples/SIODemo/Kit/Public/md5.js"));

const rfc = [
  ["", "d41d8cd98f00b204e9800998ecf8427e"],
  ["a", "0cc175b9c0f1b6a831c399e269772661"],
  ["abc", "900150983cd24fb0d6963f7d28e17f72"],
  ["message digest", "f96b697d7cb7938d525a2f31aaf161d0"],
  ["abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"],
  ["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"],
  ["1234567890".repeat(8), "57edf4a22be3c955ac49da2e2107b67a"],
];
let failed = 0;
for (const [text, want] of rfc) {
  const got = md5(text);
  if (got !== want) { failed++; console.log(`FAIL md5(${JSON.stringify(text)}) = ${got}, want ${want}`); }
}
let compared = 0;
for (let n = 0; n < 300; n++) {
  const text = "é€😀x".repeat(n % 7) + "a".repeat(n);
  const want = crypto.createHash("md5").update(text, "utf8").digest("hex");
  compared++;
  if (md5(text) !== want) { failed++; console.log(`FAIL UTF-8 text of ${Buffer.byteLength(text)} bytes`); }
}
console.log(failed ? `md5: ${failed} FAILED` : `md5: ${rfc.length} RFC 1321 vectors and ${compared} UTF-8 strings match`);
process.exit(failed ? 1 : 0);
