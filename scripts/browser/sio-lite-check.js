#!/usr/bin/env node
// Protocol checks of Examples/SIODemo/Kit/Public/sio-lite.js without a network: a fake WebSocket records what the
// client sends and plays the server's frames. One PASS/FAIL line per check; exit 1 on any failure.
//   node scripts/browser/sio-lite-check.js
"use strict";
const path = require("path");
const assert = require("assert");

const sockets = [];
class FakeWebSocket {
  constructor(url) { this.url = url; this.sent = []; this.readyState = 1; this.closed = false; sockets.push(this); }
  send(text) { this.sent.push(text); }
  close() { this.closed = true; this.readyState = 3; }
  serve(data) { this.onmessage && this.onmessage({ data }); }
  drop(code = 1006) { this.readyState = 3; this.onclose && this.onclose({ code }); }
}
global.WebSocket = FakeWebSocket;
const { io } = require(path.join(__dirname, "../../Examples/SIODemo/Kit/Public/sio-lite.js"));
const OPEN = '0{"sid":"e1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A socket, its fake transport, and everything it emitted locally (lifecycle events and errors). */
function client(url, opts) {
  const before = sockets.length;
  const s = io(url || "http://h:1", Object.assign({ reconnection: false }, opts));
  const log = [];
  for (const ev of ["connect", "connect_error", "disconnect", "error", "reconnect_attempt", "reconnect"]) {
    s.on(ev, (x) => log.push([ev, x instanceof Error ? x.message : x]));
  }
  return { s, ws: sockets[before], log, last: () => sockets[sockets.length - 1] };
}

const checks = [];
const check = (name, fn) => checks.push([name, fn]);

check("URL: ws scheme, path with slash, EIO=4 websocket, URL-encoded query", () => {
  const { ws } = client("http://h:1/", { path: "/x", query: { "a b": "c&d=é", n: 5, skip: undefined } });
  assert.strictEqual(ws.url, "ws://h:1/x/?EIO=4&transport=websocket&a%20b=c%26d%3D%C3%A9&n=5");
  assert.strictEqual(client("https://h/").ws.url, "wss://h/socket.io/?EIO=4&transport=websocket");
  let n = 0;
  assert.ok(client("http://h", { query: () => ({ t: ++n }) }).ws.url.endsWith("&t=1"));
});

check("CONNECT after open: auth and namespace", () => {
  let c = client("http://h", { auth: { t: 1 } }); c.ws.serve(OPEN);
  assert.deepStrictEqual(c.ws.sent, ['40{"t":1}']);
  c = client("http://h", { namespace: "/admin" }); c.ws.serve(OPEN);
  assert.deepStrictEqual(c.ws.sent, ["40/admin"]);
  c = client("http://h/admin", { auth: (cb) => cb({ k: "v" }) }); c.ws.serve(OPEN);
  assert.deepStrictEqual(c.ws.sent, ['40/admin,{"k":"v"}']);
});

check("connect: id, buffered emits sent, early events delivered before connect", () => {
  const c = client();
  const order = [];
  c.s.on("early", (x) => order.push(["early", x, c.s.connected]));
  c.s.on("connect", () => order.push(["connect"]));
  c.s.emit("hello", 1);
  c.ws.serve(OPEN);
  c.ws.serve('42["early",7]');
  assert.deepStrictEqual(order, []);
  c.ws.serve('40{"sid":"abc"}');
  assert.strictEqual(c.s.id, "abc");
  assert.deepStrictEqual(order, [["early", 7, true], ["connect"]]);
  assert.deepStrictEqual(c.ws.sent, ["40", '42["hello",1]']);
});

check("ping answered with pong", () => {
  const c = client(); c.ws.serve(OPEN); c.ws.serve("2");
  assert.deepStrictEqual(c.ws.sent, ["40", "3"]);
});

check("server EVENT with id: ack sent once, with namespace", () => {
  const c = client("http://h", { namespace: "/n" });
  c.ws.serve(OPEN); c.ws.serve('40/n,{"sid":"x"}');
  let got;
  c.s.on("ask", (a, ack) => { got = a; ack({ ok: true }, 2); ack("again"); });
  c.ws.serve('42/n,7["ask",{"q":1}]');
  c.ws.serve('42["ask",{"q":"other namespace"}]');
  assert.deepStrictEqual(got, { q: 1 });
  assert.deepStrictEqual(c.ws.sent.slice(1), ['43/n,7[{"ok":true},2]']);
});

check("ACK calls the callback; timeout gives an error; unknown ids ignored", async () => {
  const c = client(); c.ws.serve(OPEN); c.ws.serve('40{"sid":"x"}');
  let args;
  c.s.emit("q", "a", (...x) => { args = x; });
  assert.strictEqual(c.ws.sent[1], '420["q","a"]');
  c.ws.serve("430[1,2]"); c.ws.serve("4399[1]");
  assert.deepStrictEqual(args, [1, 2]);
  const p = c.s.timeout(20).emitWithAck("never");
  await assert.rejects(p, /operation has timed out/);
  c.ws.serve('431["late"]');  // the late answer to the timed-out emit is dropped
  const plain = c.s.emitWithAck("plain", 5);
  c.ws.serve('432["fine"]');
  assert.strictEqual(await plain, "fine");
});

check("binary is reported, not crashed on; the session stays", () => {
  const c = client(); c.ws.serve(OPEN); c.ws.serve('40{"sid":"x"}');
  c.ws.serve('451-["up",{"_placeholder":true,"num":0}]');
  c.ws.serve(new ArrayBuffer(4));
  c.ws.serve('461-[{"_placeholder":true,"num":0}]');
  assert.strictEqual(c.log.filter(([e]) => e === "error").length, 3);
  assert.ok(c.s.connected);
});

check("CONNECT_ERROR: Error with data, final", async () => {
  const c = client("http://h", { reconnection: true, reconnectionDelay: 5 });
  c.ws.serve(OPEN);
  c.ws.serve('44{"message":"room not found","data":{"room":"x"}}');
  let err;
  c.s.on("connect_error", (e) => { err = e; });
  const d = client(); d.s.on("connect_error", (e) => { err = e; });
  d.ws.serve(OPEN); d.ws.serve('44{"message":"signature rejected","data":{"reason":"expired"}}');
  assert.strictEqual(err.message, "signature rejected");
  assert.deepStrictEqual(err.data, { reason: "expired" });
  assert.deepStrictEqual(c.log, [["connect_error", "room not found"]]);
  const count = sockets.length;
  await sleep(50);
  assert.strictEqual(sockets.length, count, "reconnected after a refusal");
  assert.ok(!c.s.active && c.ws.closed);
});

check("server DISCONNECT: reason, no reconnection", async () => {
  const c = client("http://h", { reconnection: true, reconnectionDelay: 5 });
  c.ws.serve(OPEN); c.ws.serve('40{"sid":"x"}'); c.ws.serve("41");
  assert.deepStrictEqual(c.log.slice(-1), [["disconnect", "io server disconnect"]]);
  await sleep(50);
  assert.strictEqual(c.last(), c.ws);
});

check("client disconnect(): DISCONNECT sent, reason, transport closed", () => {
  const c = client("http://h", { namespace: "/n" }); c.ws.serve(OPEN); c.ws.serve('40/n,{"sid":"x"}');
  c.s.disconnect();
  assert.deepStrictEqual(c.ws.sent.slice(-1), ["41/n"]);
  assert.deepStrictEqual(c.log.slice(-1), [["disconnect", "io client disconnect"]]);
  assert.ok(c.ws.closed && !c.s.connected && c.s.id === undefined);
});

check("ping timeout closes after pingInterval + pingTimeout", async () => {
  const c = client();
  c.ws.serve('0{"sid":"e","upgrades":[],"pingInterval":100,"pingTimeout":100,"maxPayload":100}');
  c.ws.serve('40{"sid":"x"}');
  await sleep(100); c.ws.serve("2");  // a ping re-arms the watchdog
  await sleep(100);
  assert.ok(c.s.connected, "closed although a ping came");
  await sleep(250);
  assert.deepStrictEqual(c.log.slice(-1), [["disconnect", "ping timeout"]]);
});

check("maxPayload: a larger message is not sent", () => {
  const c = client();
  c.ws.serve('0{"sid":"e","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":20}');
  c.ws.serve('40{"sid":"x"}');
  let err;
  c.s.timeout(1000).emit("big", "x".repeat(30), (e) => { err = e; });
  assert.deepStrictEqual(c.ws.sent, ["40"]);
  assert.match(err.message, /exceeds maxPayload/);
});

check("lost transport: disconnect, reconnect with a new query, reconnect event; disconnect() stops it", async () => {
  let n = 0;
  const c = client("http://h", { reconnection: true, reconnectionDelay: 10, randomizationFactor: 0, query: () => ({ n: ++n }) });
  c.ws.serve(OPEN); c.ws.serve('40{"sid":"x"}');
  c.ws.drop();
  assert.deepStrictEqual(c.log.slice(-1), [["disconnect", "transport close"]]);
  await sleep(40);
  const second = c.last();
  assert.notStrictEqual(second, c.ws);
  assert.ok(second.url.endsWith("&n=2"));
  second.drop();  // fails before open: connect_error, next attempt after 20 ms
  assert.deepStrictEqual(c.log.slice(-1)[0][0], "connect_error");
  await sleep(60);
  const third = c.last();
  third.serve(OPEN); third.serve('40{"sid":"y"}');
  assert.deepStrictEqual(c.log.slice(-2), [["connect", undefined], ["reconnect", 2]]);
  third.drop();
  c.s.disconnect();
  await sleep(40);
  assert.strictEqual(c.last(), third, "reconnected after disconnect()");
});

check("reserved event names are refused", () => {
  const c = client();
  assert.throws(() => c.s.emit("connect"), /reserved/);
  assert.throws(() => c.s.emit("disconnect"), /reserved/);
});

check("hostile frames: no exception escapes, every session ends or stays sane", () => {
  let seed = 7;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
  const alphabet = '0123456789[]{}",/:-ab\\ ';
  const prefixes = ["", "4", "40", "42", "43", "44", "41", "45", "0", "2", "42/", "4/a,", "421"];
  for (let i = 0; i < 3000; i++) {
    const c = client("http://h", { reconnection: false });
    c.ws.serve(OPEN); c.ws.serve('40{"sid":"x"}');
    c.s.on("anything", () => {});
    let text = prefixes[rnd(prefixes.length)];
    const len = rnd(30);
    for (let j = 0; j < len; j++) text += alphabet[rnd(alphabet.length)];
    c.ws.serve(text);
    c.s.disconnect();
  }
});

// A check whose promise never settles would let node exit quietly with status 0.
let finished = false;
process.on("exit", (code) => {
  if (!finished) { console.log("FAIL a check never finished"); process.exitCode = 1; }
});
// The library warns on `error` events without listeners; the checks provoke plenty.
console.warn = () => {};
console.error = () => {};

(async () => {
  let failed = 0;
  for (const [name, fn] of checks) {
    try { await fn(); console.log(`PASS ${name}`); } catch (e) { failed++; console.log(`FAIL ${name}: ${e.message}`); }
  }
  console.log(`${checks.length - failed} passed, ${failed} failed`);
  finished = true;
  process.exit(failed ? 1 : 0);
})();
