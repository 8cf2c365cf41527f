// sio-lite: a small Socket.IO client for the sio-demo page. Engine.IO v4 over WebSocket only, Socket.IO v5 text
// packets (JSON), one namespace per socket. Written for the demo; production pages use the official client
// (https://cdn.socket.io/4.8.1/socket.io.min.js), whose basic API this mirrors:
//
//   const socket = sioLite.io("http://host:3000", {query: {room: "demo"}, auth: {token: "t"}});
//   socket.on("connect", () => console.log(socket.id));
//   socket.on("connect_error", (err) => console.log(err.message, err.data));
//   socket.on("disconnect", (reason) => console.log(reason));
//   socket.emit("chat", {text: "hi"}, (answer) => console.log(answer));        // last function = ack callback
//   const answer = await socket.timeout(5000).emitWithAck("chat", {text: "hi"}); // rejects after 5 s
//   socket.disconnect();
//
// Options: path ("/socket.io/"), query (object, or a function returning one, called for every attempt), auth
// (object, or a function returning one or taking a callback), namespace ("/", or the URL's path), reconnection
// (true), reconnectionAttempts (Infinity), reconnectionDelay (1000), reconnectionDelayMax (5000),
// randomizationFactor (0.5), timeout (20000 ms for the handshake and the namespace CONNECT).
//
// Not supported: HTTP long-polling, and binary. A binary WebSocket frame or a BINARY_EVENT / BINARY_ACK packet is
// dropped and reported as an `error` event (an Error); the connection stays up. Arguments are sent as JSON.
//
// Beyond the official basics: `error` (protocol trouble), `reconnect_attempt` (attempt number) and `reconnect`
// (attempt number) are emitted on the socket itself, and `onAny(fn)` / `offAny(fn)` see every incoming event.
(function (root) {
  "use strict";

  // Events the library emits itself; `emit` refuses them so that a typo cannot fake a lifecycle event.
  const RESERVED = new Set(["connect", "connect_error", "disconnect", "disconnecting", "newListener",
    "removeListener", "error", "reconnect", "reconnect_attempt"]);

  // Engine.IO v4 packet types (one character).
  const EIO = { OPEN: "0", CLOSE: "1", PING: "2", PONG: "3", MESSAGE: "4", UPGRADE: "5", NOOP: "6" };
  // Socket.IO v5 packet types (one digit after the Engine.IO "4").
  const SIO = { CONNECT: 0, DISCONNECT: 1, EVENT: 2, ACK: 3, CONNECT_ERROR: 4, BINARY_EVENT: 5, BINARY_ACK: 6 };

  /** A listener registry: on / once / off and a guarded dispatch. */
  class Emitter {
    constructor() { this._listeners = new Map(); }

    on(event, fn) {
      if (!this._listeners.has(event)) this._listeners.set(event, []);
      this._listeners.get(event).push(fn);
      return this;
    }

    once(event, fn) {
      const wrapper = (...args) => { this.off(event, wrapper); fn.apply(this, args); };
      wrapper.fn = fn;
      return this.on(event, wrapper);
    }

    /** off() drops every listener, off(event) those of one event, off(event, fn) one of them. */
    off(event, fn) {
      if (event === undefined) { this._listeners.clear(); return this; }
      if (fn === undefined) { this._listeners.delete(event); return this; }
      const list = this._listeners.get(event);
      if (list) {
        const i = list.findIndex((l) => l === fn || l.fn === fn);
        if (i >= 0) list.splice(i, 1);
      }
      return this;
    }

    listeners(event) { return (this._listeners.get(event) || []).slice(); }

    // A throwing listener must not break the protocol handling that called it.
    _fire(event, ...args) {
      if (event === "error" && !this._listeners.has("error")) console.warn(...args);
      for (const fn of this.listeners(event)) {
        try { fn.apply(this, args); } catch (e) { console.error(`sio-lite: a "${event}" listener threw`, e); }
      }
    }
  }

  /** An Error with the reason attached, as the official client's connect_error carries it. */
  function errorWith(message, data, type) {
    const err = new Error(message);
    if (data !== undefined) err.data = data;
    if (type !== undefined) err.type = type;
    return err;
  }

  /** Parses the text after Engine.IO's "4" into {type, nsp, id, data}; throws on malformed input. */
  function decodePacket(text) {
    const type = text.charCodeAt(0) - 48;
    if (!(type >= 0 && type <= 6)) throw new Error(`unknown packet type in ${JSON.stringify(text.slice(0, 20))}`);
    let i = 1;
    const packet = { type, nsp: "/", id: undefined, data: undefined };
    if (type === SIO.BINARY_EVENT || type === SIO.BINARY_ACK) return packet;
    if (text[i] === "/") {
      const comma = text.indexOf(",", i);
      if (comma < 0) {
        packet.nsp = text.slice(i);
        i = text.length;
      } else {
        packet.nsp = text.slice(i, comma);
        i = comma + 1;
      }
    }
    const idStart = i;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i > idStart) {
      packet.id = Number(text.slice(idStart, i));
      if (!Number.isSafeInteger(packet.id)) throw new Error("packet id out of range");
    }
    if (i < text.length) packet.data = JSON.parse(text.slice(i));
    return packet;
  }

  function isPlainObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  /** A client socket bound to one namespace over its own Engine.IO WebSocket session. */
  class Socket extends Emitter {
    constructor(url, opts) {
      super();
      const base = typeof location !== "undefined" ? location.href : "http://localhost/";
      const parsed = new URL(url || base, base);
      this.opts = Object.assign({
        path: "/socket.io/", query: {}, auth: undefined, namespace: undefined, reconnection: true,
        reconnectionAttempts: Infinity, reconnectionDelay: 1000, reconnectionDelayMax: 5000,
        randomizationFactor: 0.5, timeout: 20000,
      }, opts || {});
      this.nsp = this.opts.namespace || (parsed.pathname !== "/" ? parsed.pathname : "/");
      if (this.nsp[0] !== "/") this.nsp = "/" + this.nsp;
      this._origin = `${parsed.protocol === "https:" || parsed.protocol === "wss:" ? "wss:" : "ws:"}//${parsed.host}`;
      /** The socket's id in the namespace, set on connect, cleared on disconnect. */
      this.id = undefined;
      /** Whether the namespace CONNECT was acknowledged and the session is up. */
      this.connected = false;
      /** False after disconnect() or a refusal: nothing reconnects any more. */
      this.active = false;
      this.engine = { sid: undefined, pingInterval: 0, pingTimeout: 0, maxPayload: Infinity };
      this._ws = null;
      this._sendBuffer = [];     // encoded packets emitted before connect, sent on connect
      this._receiveBuffer = [];  // events that arrived before the namespace CONNECT, delivered on connect
      this._acks = new Map();    // id -> {fn, timer}
      this._nextAckId = 0;
      this._attempts = 0;        // consecutive failed attempts, for the backoff
      this._anyListeners = [];
      this._timers = { ping: null, connect: null, reconnect: null };
      this._flags = {};
      this.connect();
    }

    /** Starts connecting (the constructor does it; call again after disconnect() to come back). */
    connect() {
      if (this.connected || this._ws) return this;
      this.active = true;
      clearTimeout(this._timers.reconnect);
      this._timers.reconnect = null;
      this._open();
      return this;
    }

    open() { return this.connect(); }

    /** Leaves the namespace, closes the session and stops reconnecting. */
    disconnect() {
      this.active = false;
      clearTimeout(this._timers.reconnect);
      this._timers.reconnect = null;
      if (this.connected) this._sendRaw(EIO.MESSAGE + SIO.DISCONNECT + this._nspPrefix(false));
      this._teardown("io client disconnect");
      return this;
    }

    close() { return this.disconnect(); }

    /** Listens to every incoming event: fn(event, ...args). */
    onAny(fn) { this._anyListeners.push(fn); return this; }

    offAny(fn) {
      this._anyListeners = fn === undefined ? [] : this._anyListeners.filter((l) => l !== fn);
      return this;
    }

    /** Sends an event; a last function argument is called with the ack's arguments. */
    emit(event, ...args) {
      if (RESERVED.has(event)) throw new Error(`"${event}" is a reserved event name`);
      const flags = this._flags;
      this._flags = {};
      let id;
      if (typeof args[args.length - 1] === "function") {
        id = this._nextAckId++;
        this._registerAck(id, args.pop(), flags.timeout);
      }
      let encoded;
      try {
        encoded = EIO.MESSAGE + SIO.EVENT + this._nspPrefix(true) + (id === undefined ? "" : id) +
          JSON.stringify([event, ...args]);
      } catch (e) {
        this._failAck(id, errorWith(`cannot encode "${event}" as JSON: ${e.message}`));
        throw e;
      }
      if (this.connected) this._send(encoded, id);
      else this._sendBuffer.push({ encoded, id });
      return this;
    }

    /** Sends an event and resolves with the ack's first argument (rejects on timeout when one is set). */
    emitWithAck(event, ...args) {
      const withError = this._flags.timeout !== undefined;
      return new Promise((resolve, reject) => {
        args.push((first, second) => {
          if (!withError) return resolve(first);
          return first ? reject(first) : resolve(second);
        });
        this.emit(event, ...args);
      });
    }

    /** The next emit's ack gets (error, ...args), with an Error when no ack came within ms. */
    timeout(ms) {
      this._flags.timeout = ms;
      return this;
    }

    // --- connection ---

    _open() {
      const query = typeof this.opts.query === "function" ? this.opts.query() : this.opts.query;
      let search = "EIO=4&transport=websocket";
      for (const [k, v] of Object.entries(query || {})) {
        if (v === undefined || v === null) continue;
        search += `&${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`;
      }
      let path = this.opts.path || "/socket.io/";
      if (path[0] !== "/") path = "/" + path;
      if (!path.endsWith("/")) path += "/";
      let ws;
      try {
        ws = new WebSocket(`${this._origin}${path}?${search}`);
      } catch (e) {
        this._fire("connect_error", errorWith(`websocket error: ${e.message}`, undefined, "TransportError"));
        this._scheduleReconnect();
        return;
      }
      ws.binaryType = "arraybuffer";
      this._ws = ws;
      this._timers.connect = setTimeout(() => {
        if (this._ws !== ws || this.connected) return;
        this._fire("connect_error", errorWith("timeout"));
        this._teardown(null);
        this._scheduleReconnect();
      }, this.opts.timeout);
      ws.onmessage = (ev) => { if (this._ws === ws) this._onFrame(ev.data); };
      ws.onclose = (ev) => {
        if (this._ws !== ws) return;
        const wasConnected = this.connected;
        this._teardown(wasConnected ? "transport close" : null);
        if (!wasConnected) {
          this._fire("connect_error", errorWith(`websocket error (close code ${ev.code})`, undefined, "TransportError"));
        }
        this._scheduleReconnect();
      };
      // A WebSocket error is always followed by close; the close handler does the work.
      ws.onerror = () => {};
    }

    _onFrame(data) {
      if (typeof data !== "string") {
        this._fire("error", errorWith("binary frames are not supported by sio-lite (frame dropped)"));
        return;
      }
      const kind = data[0];
      switch (kind) {
        case EIO.OPEN: return this._onOpen(data.slice(1));
        case EIO.PING:
          this._sendRaw(EIO.PONG + data.slice(1));
          this._armPingWatchdog();
          return;
        case EIO.MESSAGE: return this._onPacket(data.slice(1));
        case EIO.CLOSE: {
          const wasConnected = this.connected;
          this._teardown(wasConnected ? "transport close" : null);
          if (!wasConnected) this._fire("connect_error", errorWith("server closed the session", undefined, "TransportError"));
          this._scheduleReconnect();
          return;
        }
        case EIO.PONG: case EIO.UPGRADE: case EIO.NOOP: return;
        default: return this._protocolError(`unknown Engine.IO packet ${JSON.stringify(data.slice(0, 20))}`);
      }
    }

    _onOpen(json) {
      let handshake;
      try { handshake = JSON.parse(json); } catch (e) { return this._protocolError(`bad open packet: ${e.message}`); }
      if (!isPlainObject(handshake) || typeof handshake.sid !== "string") {
        return this._protocolError("open packet without a sid");
      }
      this.engine = {
        sid: handshake.sid,
        pingInterval: Number(handshake.pingInterval) || 25000,
        pingTimeout: Number(handshake.pingTimeout) || 20000,
        maxPayload: Number(handshake.maxPayload) || Infinity,
      };
      this._armPingWatchdog();
      this._resolveAuth((auth) => {
        if (!this._ws) return;
        const body = auth === undefined ? "" : JSON.stringify(auth);
        this._sendRaw(EIO.MESSAGE + SIO.CONNECT + this._nspPrefix(body !== "") + body);
      });
    }

    _resolveAuth(done) {
      const auth = this.opts.auth;
      if (typeof auth !== "function") return done(auth);
      let called = false;
      const once = (value) => { if (!called) { called = true; done(value); } };
      const returned = auth(once);
      if (returned !== undefined) once(returned);
    }

    // The server closes the session when it hears nothing for pingInterval + pingTimeout; so does the client.
    _armPingWatchdog() {
      clearTimeout(this._timers.ping);
      const ws = this._ws;
      this._timers.ping = setTimeout(() => {
        if (this._ws !== ws) return;
        const wasConnected = this.connected;
        this._teardown(wasConnected ? "ping timeout" : null);
        if (!wasConnected) this._fire("connect_error", errorWith("ping timeout", undefined, "TransportError"));
        this._scheduleReconnect();
      }, this.engine.pingInterval + this.engine.pingTimeout);
    }

    _onPacket(text) {
      let packet;
      try { packet = decodePacket(text); } catch (e) { return this._protocolError(`bad Socket.IO packet: ${e.message}`, true); }
      if (packet.type === SIO.BINARY_EVENT || packet.type === SIO.BINARY_ACK) {
        this._fire("error", errorWith("binary packets are not supported by sio-lite (packet dropped)"));
        return;
      }
      if (packet.nsp !== this.nsp) return;
      switch (packet.type) {
        case SIO.CONNECT: return this._onConnect(packet.data);
        case SIO.CONNECT_ERROR: {
          const d = isPlainObject(packet.data) ? packet.data : { message: String(packet.data) };
          // A refusal by the server's middleware is final, as in the official client: no reconnection.
          this.active = false;
          this._teardown(null);
          this._fire("connect_error", errorWith(typeof d.message === "string" ? d.message : "connect error", d.data));
          return;
        }
        case SIO.DISCONNECT:
          this.active = false;
          this._teardown("io server disconnect");
          return;
        case SIO.EVENT: return this._onEvent(packet);
        case SIO.ACK: return this._onAck(packet);
        default: return undefined;
      }
    }

    _onConnect(data) {
      if (!isPlainObject(data) || typeof data.sid !== "string") return this._protocolError("CONNECT without a sid", true);
      clearTimeout(this._timers.connect);
      this._timers.connect = null;
      this.id = data.sid;
      this.connected = true;
      const reconnected = this._attempts > 0;
      const attempts = this._attempts;
      this._attempts = 0;
      // As the official client does: events the server sent ahead of its CONNECT first, then our buffered emits.
      const received = this._receiveBuffer;
      this._receiveBuffer = [];
      for (const packet of received) this._dispatchEvent(packet);
      const buffered = this._sendBuffer;
      this._sendBuffer = [];
      for (const { encoded, id } of buffered) this._send(encoded, id);
      this._fire("connect");
      if (reconnected) this._fire("reconnect", attempts);
    }

    _onEvent(packet) {
      if (!Array.isArray(packet.data) || packet.data.length === 0 || typeof packet.data[0] !== "string") {
        return this._protocolError("EVENT without an event name", true);
      }
      if (!this.connected) {
        // Bounded: a server that never sends CONNECT is cut off by the connect timeout anyway.
        if (this._receiveBuffer.length >= 1000) return this._protocolError("more than 1000 events before CONNECT");
        this._receiveBuffer.push(packet);
        return undefined;
      }
      return this._dispatchEvent(packet);
    }

    _dispatchEvent(packet) {
      const [event, ...args] = packet.data;
      if (packet.id !== undefined) {
        let sent = false;
        const ws = this._ws;
        args.push((...answer) => {
          if (sent || this._ws !== ws) return;
          sent = true;
          this._sendRaw(EIO.MESSAGE + SIO.ACK + this._nspPrefix(true) + packet.id + JSON.stringify(answer));
        });
      }
      for (const fn of this._anyListeners.slice()) {
        try { fn(event, ...args); } catch (e) { console.error("sio-lite: an onAny listener threw", e); }
      }
      this._fire(event, ...args);
    }

    _onAck(packet) {
      const entry = this._acks.get(packet.id);
      if (!entry) return;
      this._acks.delete(packet.id);
      clearTimeout(entry.timer);
      const args = Array.isArray(packet.data) ? packet.data : [];
      try {
        if (entry.withError) entry.fn(null, ...args); else entry.fn(...args);
      } catch (e) { console.error("sio-lite: an ack callback threw", e); }
    }

    // --- acks and sending ---

    _registerAck(id, fn, timeout) {
      const entry = { fn, withError: timeout !== undefined, timer: null };
      if (timeout !== undefined) {
        entry.timer = setTimeout(() => {
          this._sendBuffer = this._sendBuffer.filter((p) => p.id !== id);
          this._failAck(id, errorWith("operation has timed out"));
        }, timeout);
      }
      this._acks.set(id, entry);
    }

    /** Drops an ack; one registered with a timeout is called with err, the others are never called. */
    _failAck(id, err) {
      const entry = id === undefined ? undefined : this._acks.get(id);
      if (!entry) return;
      this._acks.delete(id);
      clearTimeout(entry.timer);
      if (entry.withError) {
        try { entry.fn(err); } catch (e) { console.error("sio-lite: an ack callback threw", e); }
      }
    }

    _send(encoded, id) {
      // maxPayload bounds what the server accepts in one message; a larger one would cost the whole session.
      if (new TextEncoder().encode(encoded).length > this.engine.maxPayload) {
        const err = errorWith(`packet of ${encoded.length} characters exceeds maxPayload ${this.engine.maxPayload}`);
        this._failAck(id, err);
        this._fire("error", err);
        return;
      }
      this._sendRaw(encoded);
    }

    _sendRaw(text) {
      if (this._ws && this._ws.readyState === 1) this._ws.send(text);
    }

    _nspPrefix(withComma) {
      if (this.nsp === "/") return "";
      return withComma ? this.nsp + "," : this.nsp;
    }

    _protocolError(message, closeSession) {
      this._fire("error", errorWith(`sio-lite: ${message}`));
      if (closeSession === false) return;
      const wasConnected = this.connected;
      this._teardown(wasConnected ? "parse error" : null);
      if (!wasConnected) this._fire("connect_error", errorWith(message));
      this._scheduleReconnect();
    }

    /** Closes the transport and clears the session; emits disconnect(reason) when a session was up. */
    _teardown(reason) {
      clearTimeout(this._timers.ping);
      clearTimeout(this._timers.connect);
      this._timers.ping = this._timers.connect = null;
      const ws = this._ws;
      this._ws = null;
      if (ws) {
        ws.onmessage = ws.onclose = ws.onerror = null;
        try { ws.close(); } catch (e) { /* already closing */ }
      }
      const wasConnected = this.connected;
      this.connected = false;
      this.id = undefined;
      this._receiveBuffer = [];
      // Acks of the old session can never come; those with a timeout learn it now, the others are dropped.
      // (Acks of packets still in the send buffer wait for the next session.)
      for (const id of [...this._acks.keys()]) {
        if (!this._sendBuffer.some((p) => p.id === id)) this._failAck(id, errorWith("socket has been disconnected"));
      }
      if (wasConnected && reason) this._fire("disconnect", reason);
    }

    _scheduleReconnect() {
      if (!this.active || !this.opts.reconnection || this._timers.reconnect) return;
      if (this._attempts >= this.opts.reconnectionAttempts) {
        this.active = false;
        this._fire("reconnect_failed");
        return;
      }
      const o = this.opts;
      let delay = o.reconnectionDelay * Math.pow(2, this._attempts);
      const jitter = o.randomizationFactor ? (Math.random() * 2 - 1) * o.randomizationFactor * delay : 0;
      delay = Math.min(o.reconnectionDelayMax, Math.max(0, delay + jitter));
      this._attempts++;
      const attempt = this._attempts;
      this._timers.reconnect = setTimeout(() => {
        this._timers.reconnect = null;
        if (!this.active) return;
        this._fire("reconnect_attempt", attempt);
        this._open();
      }, delay);
    }
  }

  /** Creates a socket and starts connecting: io(url, opts). */
  function io(url, opts) {
    if (isPlainObject(url) && opts === undefined) { opts = url; url = undefined; }
    return new Socket(url, opts);
  }

  const sioLite = { io, Socket, decodePacket, protocol: 5 };
  if (typeof module !== "undefined" && module.exports) module.exports = sioLite;
  else root.sioLite = sioLite;
})(typeof self !== "undefined" ? self : this);
