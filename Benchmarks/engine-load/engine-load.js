#!/usr/bin/env node
// Load tool for an Engine.IO v4 server whose endpoint echoes every message back as it came
// (`sio-conformance-server` at /engine.io/). Speaks raw Engine.IO over WebSocket (Debian's node-ws) and HTTP polling.
//
//   engine-load.js idle     --sessions N [--batch B] [--hold SECONDS]
//   engine-load.js ws-echo  --clients C --seconds S [--size BYTES] [--window W] [--binary]
//   engine-load.js polling  --clients C --seconds S [--size BYTES]
// common: --url http://127.0.0.1:3000 --path /engine.io/ --server-pid PID --warmup SECONDS --max-seconds SECONDS
//         --json FILE (also write the JSON summary there)
//
// Every phase has a time bound and the tool stops by itself (--max-seconds, default 600, is the last resort). It
// prints human lines, then the JSON summary as the last line. With --server-pid it samples the server's RSS
// (/proc/PID/status VmRSS) and CPU time (/proc/PID/stat utime+stime) and reports per-session memory and work per
// server CPU-second. Client and server share this machine's cores: the tool's own CPU use is reported too, so a run
// where the load tool is the bottleneck can be told apart.
'use strict';

const fs = require('fs');
const http = require('http');
const { execSync } = require('child_process');
const WebSocket = require('ws');

// ---------------------------------------------------------------------------------------------------------------
// Options

function parseArgs(argv) {
  const opts = {
    mode: argv[0],
    url: 'http://127.0.0.1:3000',
    path: '/engine.io/',
    sessions: 1000,
    batch: 250,
    clients: 10,
    seconds: 10,
    size: 32,
    window: 1,
    binary: false,
    warmup: 1,
    serverPid: null,
    maxSeconds: 600,
    openTimeout: 120,
    hold: 0,
    settleMax: 30,
    json: null,
  };
  const numeric = {
    '--sessions': 'sessions', '--batch': 'batch', '--clients': 'clients', '--seconds': 'seconds', '--size': 'size',
    '--window': 'window', '--warmup': 'warmup', '--server-pid': 'serverPid', '--max-seconds': 'maxSeconds',
    '--open-timeout': 'openTimeout', '--settle-max': 'settleMax', '--hold': 'hold',
  };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a in numeric) {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < 0) fail(`${a} needs a non-negative number`);
      opts[numeric[a]] = v;
    } else if (a === '--url') opts.url = argv[++i];
    else if (a === '--path') opts.path = argv[++i];
    else if (a === '--json') opts.json = argv[++i];
    else if (a === '--binary') opts.binary = true;
    else if (a === '-h' || a === '--help') usage(0);
    else fail(`unknown argument ${a}`);
  }
  if (!['idle', 'ws-echo', 'polling'].includes(opts.mode)) usage(2);
  if (!opts.path.endsWith('/')) opts.path += '/';
  opts.window = Math.max(1, Math.floor(opts.window));
  opts.batch = Math.max(1, Math.floor(opts.batch));
  return opts;
}

function usage(code) {
  const text = fs.readFileSync(__filename, 'utf8').split('\n').slice(1, 17).map((l) => l.replace(/^\/\/ ?/, ''));
  console.log(text.join('\n'));
  process.exit(code);
}

function fail(message) {
  console.error(`engine-load: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------------
// Server process sampling

const CLK_TCK = (() => {
  try { return Number(execSync('getconf CLK_TCK').toString().trim()) || 100; } catch { return 100; }
})();

/** RSS in KiB and CPU seconds (user + system) of `pid`, or null when it cannot be read. */
function sampleProcess(pid) {
  if (!pid) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = Number((/VmRSS:\s+(\d+)\s+kB/.exec(status) || [])[1]);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may contain spaces, start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpu = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;  // utime, stime (fields 14 and 15)
    return { rssKiB: rss, cpuSeconds: cpu, at: Date.now() };
  } catch {
    return null;
  }
}

function selfCpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * The tool's own event-loop lag: a late pong is the tool's fault, not the server's, when this exceeds the server's
 * pingTimeout.
 */
const lag = { max: 0, last: Date.now() };
setInterval(() => {
  const now = Date.now();
  lag.max = Math.max(lag.max, now - lag.last - 20);
  lag.last = now;
}, 20).unref();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function round(x, digits = 1) {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

// ---------------------------------------------------------------------------------------------------------------
// Engine.IO over WebSocket

function wsURL(opts) {
  const u = new URL(opts.path, opts.url);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.search = '?EIO=4&transport=websocket';
  return u.toString();
}

/**
 * One WebSocket session: resolves `opened` with the sid once the open packet arrives; answers pings; calls
 * `onMessage(data, isBinary)` for every message packet.
 */
class WSSession {
  constructor(url, onMessage) {
    this.sid = null;
    this.closed = false;
    this.onMessage = onMessage || (() => {});
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.opened = new Promise((resolve, reject) => {
      this.ws.on('message', (data, isBinary) => {
        if (isBinary) return this.onMessage(data, true);
        const text = data.toString();
        switch (text[0]) {
          case '0':
            try { this.sid = JSON.parse(text.slice(1)).sid; } catch { this.sid = '?'; }
            resolve(this);
            break;
          case '2': this.ws.send('3' + text.slice(1)); break;
          case '4': this.onMessage(text.slice(1), false); break;
          case '1': this.closed = true; this.ws.close(); break;
          default: break;
        }
      });
      this.ws.on('error', (e) => { this.closed = true; reject(e); });
      this.ws.on('close', (code) => {
        if (!this.closed && this.sid && !this.closing) WSSession.dropped[code] = (WSSession.dropped[code] || 0) + 1;
        this.closed = true;
        reject(new Error('closed before open'));
      });
    });
    this.opened.catch(() => {});
  }

  send(payload, binary) {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return false;
    if (binary) this.ws.send(payload, { binary: true });
    else this.ws.send('4' + payload);
    return true;
  }

  /** Sends the Engine.IO close packet and closes; resolves when the socket is closed (or after `ms`). */
  close(ms = 5000) {
    this.closing = true;
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      const timer = setTimeout(() => { this.ws.terminate(); resolve(); }, ms);
      this.ws.once('close', () => { clearTimeout(timer); resolve(); });
      try {
        if (this.ws.readyState === WebSocket.OPEN) this.ws.send('1');
        this.ws.close();
      } catch { this.ws.terminate(); }
    });
  }
}

/** Sessions the server closed while the tool kept them open, by WebSocket close code. */
WSSession.dropped = {};

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------------------------
// idle: memory per idle WebSocket session

async function runIdle(opts, report) {
  const url = wsURL(opts);
  const before = await settledSample(opts, 2, 10);
  lag.max = 0;
  report.line(`server RSS before: ${before ? before.rssKiB + ' KiB' : 'n/a (no --server-pid)'}`);

  const started = Date.now();
  const { sessions, failures, firstError } = await openMany(url, opts, report);
  const openSeconds = (Date.now() - started) / 1000;
  report.line(`opened ${sessions.length}/${opts.sessions} sessions in ${openSeconds.toFixed(1)} s` +
    (failures ? ` (${failures} failed: ${firstError})` : ''));

  const after = await settledSample(opts, 3, opts.settleMax);
  const stillOpen = sessions.filter((s) => !s.closed).length;
  report.line(`still open after settling: ${stillOpen}`);
  const droppedText = () => Object.entries(WSSession.dropped).map(([code, n]) => `${n} with close code ${code}`).join(', ');
  if (stillOpen < sessions.length) report.line(`WARNING: the server closed ${droppedText()}`);
  let perSession = null;
  if (before && after && stillOpen > 0) {
    perSession = (after.rssKiB - before.rssKiB) / stillOpen;
    report.line(`server RSS after: ${after.rssKiB} KiB (+${after.rssKiB - before.rssKiB} KiB)`);
    report.line(`KiB per idle session: ${perSession.toFixed(2)}`);
  }
  const cpuWhileIdle = before && after ? after.cpuSeconds - before.cpuSeconds : null;
  // Holding the sessions across several heartbeats shows that they stay up (pings answered) and what idling costs.
  let held = null;
  if (opts.hold > 0) {
    const h0 = sampleProcess(opts.serverPid);
    await sleep(opts.hold * 1000);
    const h1 = sampleProcess(opts.serverPid);
    held = {
      seconds: opts.hold,
      stillOpen: sessions.filter((s) => !s.closed).length,
      serverRssKiB: h1 && h1.rssKiB,
      serverCpuSeconds: h0 && h1 ? round(h1.cpuSeconds - h0.cpuSeconds, 2) : null,
    };
    report.line(`after holding ${opts.hold} s: ${held.stillOpen} still open` +
      (h1 ? `, server RSS ${h1.rssKiB} KiB, server CPU ${held.serverCpuSeconds} s` : ''));
  }

  const lagWhileOpen = lag.max;
  if (lagWhileOpen > 100) report.line(`WARNING: the tool stalled ${lagWhileOpen} ms while sessions were open`);
  const closeStarted = Date.now();
  await Promise.all(sessions.map((s) => s.close(10000)));
  const closeSeconds = (Date.now() - closeStarted) / 1000;
  const afterClose = await settledSample(opts, 2, 10);
  report.line(`closed all in ${closeSeconds.toFixed(1)} s; server RSS after close: ` +
    `${afterClose ? afterClose.rssKiB + ' KiB' : 'n/a'}`);
  return {
    sessionsRequested: opts.sessions,
    sessionsOpened: sessions.length,
    sessionsOpenAfterSettle: stillOpen,
    failures,
    firstError,
    openSeconds: round(openSeconds, 2),
    serverRssBeforeKiB: before && before.rssKiB,
    serverRssAfterKiB: after && after.rssKiB,
    serverRssAfterCloseKiB: afterClose && afterClose.rssKiB,
    kibPerSession: round(perSession, 2),
    serverCpuSecondsOpenAndSettle: round(cpuWhileIdle, 2),
    hold: held,
    droppedByCloseCode: WSSession.dropped,
    maxEventLoopLagWhileOpenMs: lagWhileOpen,
    ok: sessions.length === opts.sessions && stillOpen === opts.sessions && (!held || held.stillOpen === opts.sessions),
  };
}

/**
 * Opens `opts.sessions` WebSocket sessions with at most `opts.batch` handshakes in flight, creating a few at a time
 * and yielding in between, so the tool's event loop keeps answering pings (a stall longer than the server's
 * pingTimeout would look like a server failure).
 */
async function openMany(url, opts, report) {
  const sessions = [];
  let failures = 0;
  let firstError = null;
  let inFlight = 0;
  let wake = null;
  const deadline = Date.now() + opts.openTimeout * 1000;
  for (let i = 0; i < opts.sessions && Date.now() < deadline; i++) {
    while (inFlight >= opts.batch) await new Promise((r) => { wake = r; });
    inFlight++;
    const s = new WSSession(url);
    withTimeout(s.opened, 30000, 'open').then(
      () => { sessions.push(s); },
      (e) => { failures++; firstError = firstError || String(e && e.message || e); s.ws.terminate(); },
    ).finally(() => {
      inFlight--;
      const done = sessions.length + failures;
      if (done % 2500 === 0) report.line(`  ${sessions.length} open, ${failures} failed`);
      if (wake) { const w = wake; wake = null; w(); }
    });
    if (i % 10 === 9) await new Promise((r) => setImmediate(r));
  }
  while (inFlight > 0) await new Promise((r) => { wake = r; });
  return { sessions, failures, firstError };
}

/**
 * Samples the server until RSS changes by less than 0.5 % between two samples 500 ms apart, waiting at least
 * `minSeconds` and at most `maxSeconds`.
 */
async function settledSample(opts, minSeconds, maxSeconds) {
  if (!opts.serverPid) return null;
  const start = Date.now();
  await sleep(minSeconds * 1000);
  let last = sampleProcess(opts.serverPid);
  while (last && Date.now() - start < maxSeconds * 1000) {
    await sleep(500);
    const next = sampleProcess(opts.serverPid);
    if (!next) return last;
    const stable = Math.abs(next.rssKiB - last.rssKiB) <= last.rssKiB * 0.005;
    last = next;
    if (stable) break;
  }
  return last;
}

// ---------------------------------------------------------------------------------------------------------------
// ws-echo: messages per second over WebSocket

function makePayload(size, binary) {
  if (binary) {
    const b = Buffer.alloc(size);
    for (let i = 0; i < size; i++) b[i] = (i * 31 + 7) & 0xff;
    return b;
  }
  return 'x'.repeat(size);
}

async function runWSEcho(opts, report) {
  const url = wsURL(opts);
  const payload = makePayload(opts.size, opts.binary);
  let echoes = 0;
  let mismatches = 0;
  let running = true;
  const clients = [];
  for (let i = 0; i < opts.clients; i++) {
    const s = new WSSession(url, (data, isBinary) => {
      const len = isBinary ? data.length : data.length;
      if (isBinary !== opts.binary || len !== opts.size) mismatches++;
      echoes++;
      if (running) s.send(payload, opts.binary);
    });
    clients.push(s);
  }
  const opened = await Promise.allSettled(clients.map((s) => withTimeout(s.opened, 30000, 'open')));
  const ready = clients.filter((_, i) => opened[i].status === 'fulfilled');
  if (ready.length === 0) throw new Error(`no session opened: ${opened[0] && opened[0].reason}`);
  report.line(`${ready.length}/${opts.clients} WebSocket sessions open; ${opts.window} in flight each, ` +
    `${opts.size}-byte ${opts.binary ? 'binary' : 'text'} messages`);
  for (const s of ready) for (let w = 0; w < opts.window; w++) s.send(payload, opts.binary);

  const m = await measure(opts, () => echoes);
  running = false;
  await Promise.all(clients.map((s) => s.close(5000)));
  const perSecond = m.count / m.seconds;
  const bytesPerMessage = opts.size + (opts.binary ? 0 : 1);
  report.line(`echoed ${m.count} messages in ${m.seconds.toFixed(2)} s: ${Math.round(perSecond)} msg/s, ` +
    `${(perSecond * bytesPerMessage * 2 / 1e6).toFixed(2)} MB/s both ways`);
  if (m.serverCpu !== null) {
    report.line(`server CPU: ${m.serverCpu.toFixed(2)} s (${(100 * m.serverCpu / m.seconds).toFixed(0)} %), ` +
      `${Math.round(m.count / m.serverCpu)} msg per server CPU-second`);
  }
  report.line(`load tool CPU: ${m.selfCpu.toFixed(2)} s (${(100 * m.selfCpu / m.seconds).toFixed(0)} %)`);
  if (mismatches) report.line(`WARNING: ${mismatches} echoes differed in type or size`);
  return {
    clients: ready.length, window: opts.window, size: opts.size, binary: opts.binary,
    seconds: round(m.seconds, 3), messages: m.count, messagesPerSecond: round(perSecond, 0),
    megabytesPerSecondBothWays: round(perSecond * bytesPerMessage * 2 / 1e6, 3),
    serverCpuSeconds: round(m.serverCpu, 3),
    messagesPerServerCpuSecond: m.serverCpu ? round(m.count / m.serverCpu, 0) : null,
    serverRssKiB: m.serverRss, loadToolCpuSeconds: round(m.selfCpu, 3), mismatches,
    ok: mismatches === 0 && m.count > 0,
  };
}

/** Waits `warmup`, then counts `counter()` over `seconds`, sampling server and own CPU at both ends. */
async function measure(opts, counter) {
  await sleep(opts.warmup * 1000);
  const s0 = sampleProcess(opts.serverPid);
  const c0 = counter();
  const self0 = selfCpuSeconds();
  const t0 = process.hrtime.bigint();
  await sleep(opts.seconds * 1000);
  const c1 = counter();
  const t1 = process.hrtime.bigint();
  const s1 = sampleProcess(opts.serverPid);
  const self1 = selfCpuSeconds();
  return {
    count: c1 - c0,
    seconds: Number(t1 - t0) / 1e9,
    serverCpu: s0 && s1 ? s1.cpuSeconds - s0.cpuSeconds : null,
    serverRss: s1 ? s1.rssKiB : null,
    selfCpu: self1 - self0,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// polling: requests per second over HTTP long-polling

function request(agent, opts, method, query, body) {
  return new Promise((resolve, reject) => {
    const u = new URL(opts.path, opts.url);
    const req = http.request({
      agent, method, hostname: u.hostname, port: u.port, path: u.pathname + query,
      headers: body !== undefined
        ? { 'Content-Type': 'text/plain;charset=UTF-8', 'Content-Length': Buffer.byteLength(body) } : {},
      timeout: 10000,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} timed out`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function runPolling(opts, report) {
  // Each client keeps its own pair of connections, as a browser tab would.
  const payload = makePayload(opts.size, false);
  const stats = { requests: 0, echoes: 0, errors: 0, firstError: null, pings: 0 };
  let running = true;
  let stopAt = Infinity;

  async function client() {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
    try {
      const open = await request(agent, opts, 'GET', '?EIO=4&transport=polling');
      stats.requests++;
      if (open.status !== 200 || open.body[0] !== '0') throw new Error(`handshake ${open.status} ${open.body.slice(0, 60)}`);
      const sid = JSON.parse(open.body.split('\x1e')[0].slice(1)).sid;
      const q = `?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`;
      let outstanding = 0;
      let pongs = 0;
      while (running && Date.now() < stopAt) {
        const packets = [];
        for (; pongs > 0; pongs--) packets.push('3');
        if (outstanding === 0) { packets.push('4' + payload); outstanding++; }
        if (packets.length) {
          const r = await request(agent, opts, 'POST', q, packets.join('\x1e'));
          stats.requests++;
          if (r.status !== 200 || r.body.toLowerCase() !== 'ok') throw new Error(`POST ${r.status} ${r.body.slice(0, 60)}`);
        }
        const g = await request(agent, opts, 'GET', q);
        stats.requests++;
        if (g.status !== 200) throw new Error(`GET ${g.status} ${g.body.slice(0, 60)}`);
        for (const p of g.body.split('\x1e')) {
          if (p[0] === '4') { stats.echoes++; outstanding--; }
          else if (p[0] === '2') { pongs++; stats.pings++; }
          else if (p[0] === '1') throw new Error('server closed the session');
        }
      }
      await request(agent, opts, 'POST', q, '1').catch(() => {});
    } catch (e) {
      stats.errors++;
      stats.firstError = stats.firstError || String(e.message || e);
    } finally {
      agent.destroy();
    }
  }

  const total = opts.warmup + opts.seconds;
  stopAt = Date.now() + total * 1000 + 2000;
  const all = Promise.all(Array.from({ length: opts.clients }, client));
  report.line(`${opts.clients} polling sessions, each POST (${opts.size}-byte message) then GET (the echo)`);
  const m = await measure(opts, () => stats.requests);
  const echoesAtEnd = stats.echoes;
  running = false;
  await withTimeout(all, 15000, 'polling clients').catch((e) => report.line(`WARNING: ${e.message}`));
  const perSecond = m.count / m.seconds;
  report.line(`${m.count} requests in ${m.seconds.toFixed(2)} s: ${Math.round(perSecond)} req/s ` +
    `(${echoesAtEnd} echoes in the whole run, ${stats.pings} pings answered)`);
  if (m.serverCpu !== null) {
    report.line(`server CPU: ${m.serverCpu.toFixed(2)} s (${(100 * m.serverCpu / m.seconds).toFixed(0)} %), ` +
      `${Math.round(m.count / m.serverCpu)} requests per server CPU-second`);
  }
  report.line(`load tool CPU: ${m.selfCpu.toFixed(2)} s (${(100 * m.selfCpu / m.seconds).toFixed(0)} %)`);
  if (stats.errors) report.line(`WARNING: ${stats.errors} clients failed; first: ${stats.firstError}`);
  return {
    clients: opts.clients, size: opts.size, seconds: round(m.seconds, 3), requests: m.count,
    requestsPerSecond: round(perSecond, 0), serverCpuSeconds: round(m.serverCpu, 3),
    requestsPerServerCpuSecond: m.serverCpu ? round(m.count / m.serverCpu, 0) : null,
    serverRssKiB: m.serverRss, loadToolCpuSeconds: round(m.selfCpu, 3), echoes: echoesAtEnd,
    pingsAnswered: stats.pings, failedClients: stats.errors, firstError: stats.firstError,
    ok: stats.errors === 0 && m.count > 0,
  };
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const guard = setTimeout(() => {
    console.error(`engine-load: gave up after --max-seconds ${opts.maxSeconds}`);
    process.exit(3);
  }, opts.maxSeconds * 1000);
  guard.unref();
  if (opts.serverPid && !sampleProcess(opts.serverPid)) fail(`cannot read /proc/${opts.serverPid}`);
  const report = { line: (s) => console.log(s) };
  report.line(`engine-load ${opts.mode} against ${new URL(opts.path, opts.url)}` +
    (opts.serverPid ? ` (server pid ${opts.serverPid})` : ''));
  const run = { idle: runIdle, 'ws-echo': runWSEcho, polling: runPolling }[opts.mode];
  let result;
  try {
    result = await run(opts, report);
  } catch (e) {
    result = { ok: false, error: String(e && e.message || e) };
    report.line(`ERROR: ${result.error}`);
  }
  report.line(`load tool's longest event-loop stall: ${lag.max} ms`);
  const summary = { tool: 'engine-load', mode: opts.mode, url: opts.url, path: opts.path,
    serverPid: opts.serverPid, ...result, maxEventLoopLagMs: lag.max };
  const json = JSON.stringify(summary);
  if (opts.json) fs.writeFileSync(opts.json, json + '\n');
  console.log(json);
  process.exit(summary.ok ? 0 : 1);
}

main();
