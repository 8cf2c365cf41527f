// The sio-demo chat page: joins a room with a signed handshake, shows who is online, the room chat and direct
// messages (`exchange`). The protocol is described in docs/APP.md.
//
// The page URL's query prefills the form: ?userId=alice&room=demo&autojoin=1 joins at once. ?server=URL connects
// somewhere else than the page's own origin (for a page opened from a file), ?app=&key= stand in for the values
// the demo server writes into the page.
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const meta = (name) => (document.querySelector(`meta[name="${name}"]`) || {}).content || "";
  const demo = { app: meta("sio-demo-app"), key: meta("sio-demo-key") };
  // An unserved page still has the placeholders; the URL may provide the values instead.
  if (params.get("app") || String(demo.app).startsWith("{{")) demo.app = params.get("app") || "";
  if (params.get("key") || String(demo.key).startsWith("{{")) demo.key = params.get("key") || "";
  const server = params.get("server") || (location.protocol.startsWith("http") ? location.origin : "http://127.0.0.1:3000");

  let socket = null;
  let online = [];   // [{id, userId}] as the last `online` event listed it

  function setStatus(state, text) {
    const el = $("status");
    el.dataset.state = state;
    el.textContent = text;
    const up = state === "connected";
    $("chat-send").disabled = !up;
    $("dm-send").disabled = !up;
    $("leave-button").disabled = socket === null;
  }

  function userOf(id) {
    const c = online.find((x) => x.id === id);
    return c ? c.userId : "";
  }

  function describe(payload) {
    if (payload && typeof payload === "object" && typeof payload.text === "string") return payload.text;
    return typeof payload === "string" ? payload : JSON.stringify(payload);
  }

  /** Appends a line to #messages; `from` is the sender's socket id (or ""), `user` its userId when known, `to`
   *  the target of a direct message this page sent. */
  function addMessage(kind, from, user, text, to) {
    const li = document.createElement("li");
    li.dataset.kind = kind;
    li.dataset.from = from || "";
    li.dataset.fromUser = user || "";
    li.dataset.text = text;
    if (to) li.dataset.to = to;
    const k = document.createElement("span");
    k.className = "kind";
    k.textContent = { chat: "room", exchange: "direct", "exchange-sent": "direct", online: "", error: "error" }[kind] || kind;
    const f = document.createElement("span");
    f.className = "from";
    const who = (id, name) => (name ? `${name}${id ? ` (${id})` : ""}` : id || "");
    f.textContent = to ? `${who(from, user)} → ${who(to, userOf(to))}:` : who(from, user) ? `${who(from, user)}:` : "";
    const t = document.createElement("span");
    t.className = "text";
    t.textContent = text;
    li.append(k, f, t);
    const list = $("messages");
    list.append(li);
    list.scrollTop = list.scrollHeight;
  }

  function renderOnline() {
    const ul = $("online");
    ul.replaceChildren();
    const select = $("dm-target-select");
    const chosen = select.value;
    select.replaceChildren(new Option("— online user —", ""));
    for (const c of online) {
      const li = document.createElement("li");
      li.dataset.id = c.id;
      li.dataset.userId = c.userId;
      li.dataset.self = String(socket !== null && c.id === socket.id);
      li.textContent = `${c.userId} `;
      const code = document.createElement("code");
      code.textContent = c.id;
      li.append(code);
      li.title = "Send a direct message";
      li.addEventListener("click", () => { select.value = c.id; $("dm-target").value = ""; $("dm-text").focus(); });
      ul.append(li);
      select.append(new Option(`${c.userId} (${c.id})`, c.id));
    }
    if (online.some((c) => c.id === chosen)) select.value = chosen;
  }

  // The signature covers a fresh timestamp on every attempt, so a reconnect after minutes is not "expired".
  function handshakeQuery(userId, room) {
    return () => {
      const timestamp = String(Date.now());
      return { room, userId, app: demo.app, timestamp, sign: md5(demo.app + demo.key + timestamp) };
    };
  }

  function join(userId, room) {
    leave();
    online = [];
    renderOnline();
    const s = sioLite.io(server, { query: handshakeQuery(userId, room) });
    socket = s;
    setStatus("connecting", "connecting…");
    s.on("connect", () => {
      $("my-id").textContent = s.id;
      setStatus("connected", `connected as ${userId} in ${room}`);
    });
    s.on("connect_error", (err) => {
      const detail = err.data ? ` (${JSON.stringify(err.data)})` : "";
      if (s.active) {
        setStatus("connecting", `cannot connect: ${err.message}, retrying…`);
      } else {
        setStatus("refused", `refused: ${err.message}${detail}`);
      }
    });
    s.on("disconnect", (reason) => {
      $("my-id").textContent = "";
      online = [];
      renderOnline();
      setStatus(s.active ? "reconnecting" : "disconnected", `disconnected: ${reason}${s.active ? ", reconnecting…" : ""}`);
    });
    s.on("error", (err) => addMessage("error", "", "", err.message));
    s.on("online", (event) => {
      online = Array.isArray(event && event.clients) ? event.clients : [];
      renderOnline();
      if (event && event.message) addMessage("online", "", "", event.message);
    });
    s.on("chat", (m) => {
      addMessage("chat", m && m.id, (m && m.userId) || userOf(m && m.id), String(m && m.text));
    });
    s.on("exchange", (m) => {
      const from = m && m.meta ? m.meta.client : "";
      const payload = m && m.data ? m.data.payload : m;
      addMessage("exchange", from, userOf(from), describe(payload));
    });
  }

  function leave() {
    if (socket) socket.disconnect();
    socket = null;
    $("my-id").textContent = "";
  }

  function showResult(id, answer) {
    const el = $(id);
    if (answer && answer.error) {
      el.dataset.state = "error";
      el.textContent = answer.error;
    } else {
      el.dataset.state = "ok";
      el.textContent = "sent";
    }
  }

  $("join-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const userId = $("user-id").value.trim();
    const room = $("room").value.trim();
    if (userId && room) join(userId, room);
  });

  $("leave-button").addEventListener("click", () => {
    leave();
    online = [];
    renderOnline();
    setStatus("disconnected", "left");
  });

  $("chat-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = $("chat-text").value;
    if (!socket || !text.trim()) return;
    try {
      showResult("chat-result", await socket.timeout(5000).emitWithAck("chat", { text }));
      $("chat-text").value = "";
    } catch (err) {
      showResult("chat-result", { error: err.message });
    }
  });

  $("dm-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const target = $("dm-target").value.trim() || $("dm-target-select").value;
    const text = $("dm-text").value;
    if (!socket || !target || !text.trim()) return;
    try {
      const answer = await socket.timeout(5000).emitWithAck("exchange", { target, payload: { text } });
      showResult("dm-result", answer);
      if (!(answer && answer.error)) {
        addMessage("exchange-sent", socket.id, userOf(socket.id), text, target);
        $("dm-text").value = "";
      }
    } catch (err) {
      showResult("dm-result", { error: err.message });
    }
  });

  $("user-id").value = params.get("userId") || "";
  $("room").value = params.get("room") || "";
  if (params.get("autojoin") === "1" && $("user-id").value && $("room").value) {
    join($("user-id").value, $("room").value);
  }
})();
