// MD5 (RFC 1321) of a string's UTF-8 bytes, as lowercase hex. Written for the sio-demo page, which signs its
// handshake with md5(app + key + timestamp). MD5 is not a secure hash; the demo uses it because the protocol does.
//
//   md5("abc") === "900150983cd24fb0d6963f7d28e17f72"
//
// Works in browsers (window.md5) and in node (module.exports), no dependencies.
(function (root) {
  "use strict";

  // Per-round left-rotation amounts (RFC 1321 section 3.4).
  const S = [
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
    5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
  ];
  // T[i] = floor(abs(sin(i + 1)) * 2^32), computed once instead of typed in.
  const T = new Uint32Array(64);
  for (let i = 0; i < 64; i++) T[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296) >>> 0;

  function utf8(text) {
    if (typeof TextEncoder !== "undefined") return new TextEncoder().encode(text);
    return Uint8Array.from(Buffer.from(text, "utf8"));
  }

  function md5(text) {
    const input = utf8(String(text));
    const bitLength = input.length * 8;
    // Message + 0x80 + zero padding to 56 mod 64 + 64-bit little-endian bit length.
    const total = ((input.length + 8) >>> 6) * 64 + 64;
    const bytes = new Uint8Array(total);
    bytes.set(input);
    bytes[input.length] = 0x80;
    const view = new DataView(bytes.buffer);
    view.setUint32(total - 8, bitLength >>> 0, true);
    view.setUint32(total - 4, Math.floor(input.length / 0x20000000), true);

    let a0 = 0x67452301, b0 = 0xefcdab89, c0 = 0x98badcfe, d0 = 0x10325476;
    const m = new Uint32Array(16);
    for (let off = 0; off < total; off += 64) {
      for (let j = 0; j < 16; j++) m[j] = view.getUint32(off + j * 4, true);
      let a = a0, b = b0, c = c0, d = d0;
      for (let i = 0; i < 64; i++) {
        let f, g;
        if (i < 16) { f = (b & c) | (~b & d); g = i; }
        else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) & 15; }
        else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) & 15; }
        else { f = c ^ (b | ~d); g = (7 * i) & 15; }
        const sum = (a + f + T[i] + m[g]) >>> 0;
        a = d; d = c; c = b;
        b = (b + ((sum << S[i]) | (sum >>> (32 - S[i])))) >>> 0;
      }
      a0 = (a0 + a) >>> 0; b0 = (b0 + b) >>> 0; c0 = (c0 + c) >>> 0; d0 = (d0 + d) >>> 0;
    }

    let hex = "";
    for (const word of [a0, b0, c0, d0]) {
      for (let k = 0; k < 4; k++) hex += ((word >>> (k * 8)) & 0xff).toString(16).padStart(2, "0");
    }
    return hex;
  }

  if (typeof module !== "undefined" && module.exports) module.exports = md5;
  else root.md5 = md5;
})(typeof self !== "undefined" ? self : this);
