#!/usr/bin/env python3
"""The sio-demo chat in headless Chromium, driven over the DevTools protocol.

    chat-test.py URL [ARTIFACT_DIR] [--timeout S]     the chat: URL is a running sio-demo (e.g. http://127.0.0.1:3000)
    chat-test.py --smoke URL [ARTIFACT_DIR]           sio-lite.js against sio-conformance-server's /socket.io/ app

The chat test opens alice and bob in room "demo", waits until both are connected and both online lists show both,
sends a direct message alice -> bob and a room chat line, lets bob reply, checks what each page shows (sender and
text), checks a direct message to an unknown id is refused by the ack, opens a page for a nonexistent room and one
signing with a wrong key (both must show the refusal), then closes bob's page (alice's online list must drop him).
Screenshots chat-alice.png and chat-bob.png (and chat-refused.png) go to ARTIFACT_DIR (default
.build/browser-artifacts).

The smoke test serves Public/ from a loopback HTTP server of its own, loads index.html (without joining) and checks
sio-lite.js there: connect, auth, emit, acks both ways, ack timeouts, pings, a namespace, a refused namespace,
reconnection with backoff and its end on disconnect(); then the page joins the same server (smoke-page.png).

One PASS/FAIL line per check, a summary line; exit status 1 when any check failed, 2 on a setup failure. Every wait
is bounded and the whole run has a hard limit (--timeout, 120 s by default). Needs chromium and websocket-client.
"""
import argparse
import base64
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

import websocket

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
PUBLIC = os.path.join(ROOT, "Examples", "SIODemo", "Kit", "Public")
WAIT = 15.0  # seconds for any single awaited condition (--wait)
CALL_TIMEOUT = 15.0  # seconds for a DevTools command to answer


class CheckFailed(Exception):
    pass


class Chromium:
    """A headless Chromium with one browser-level DevTools WebSocket; pages are flattened sessions on it."""

    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="sio-demo-chromium-")
        self.proc = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
             f"--user-data-dir={self.profile}", "--no-first-run", "--no-default-browser-check",
             "--window-size=1100,900", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.stderr_tail = []
        found = queue.Queue()

        def read_stderr():
            for line in self.proc.stderr:
                self.stderr_tail = (self.stderr_tail + [line.rstrip()])[-40:]
                m = re.search(r"DevTools listening on (ws://\S+)", line)
                if m:
                    found.put(m.group(1))

        threading.Thread(target=read_stderr, daemon=True).start()
        try:
            endpoint = found.get(timeout=30)
        except queue.Empty:
            self.close()
            raise RuntimeError("chromium did not print its DevTools address within 30 s:\n" +
                               "\n".join(self.stderr_tail))
        self.ws = websocket.create_connection(endpoint, timeout=30, suppress_origin=True)
        self.ws.settimeout(None)  # the reader blocks until the browser says something
        self.next_id = 0
        self.lock = threading.Lock()
        self.pending = {}   # id -> Queue for the answer
        self.events = []    # (session, method, params), bounded
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                raw = self.ws.recv()
                msg = json.loads(raw) if raw else None
            except Exception:
                msg = None
            if msg is None:  # closed (recv gives "" on a close frame) or broken
                for q in list(self.pending.values()):
                    q.put({"error": {"message": "DevTools connection closed"}})
                return
            if "id" in msg:
                q = self.pending.pop(msg["id"], None)
                if q:
                    q.put(msg)
            else:
                self.events = (self.events + [(msg.get("sessionId"), msg.get("method"), msg.get("params"))])[-200:]

    def call(self, method, params=None, session=None, timeout=CALL_TIMEOUT):
        with self.lock:
            self.next_id += 1
            mid = self.next_id
            q = queue.Queue()
            self.pending[mid] = q
            msg = {"id": mid, "method": method, "params": params or {}}
            if session:
                msg["sessionId"] = session
            self.ws.send(json.dumps(msg))
        try:
            answer = q.get(timeout=timeout)
        except queue.Empty:
            self.pending.pop(mid, None)
            raise CheckFailed(f"DevTools {method} did not answer within {timeout:.0f} s")
        if "error" in answer:
            raise CheckFailed(f"DevTools {method}: {answer['error'].get('message')}")
        return answer.get("result", {})

    def open_page(self, url):
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, target, session)
        page.call("Page.enable")
        page.call("Runtime.enable")
        if url:
            page.navigate(url)
        return page

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        shutil.rmtree(self.profile, ignore_errors=True)


class Page:
    def __init__(self, browser, target, session):
        self.browser, self.target, self.session = browser, target, session

    def call(self, method, params=None, timeout=CALL_TIMEOUT):
        return self.browser.call(method, params, self.session, timeout)

    def navigate(self, url):
        answer = self.call("Page.navigate", {"url": url})
        if answer.get("errorText"):
            raise CheckFailed(f"cannot load {url}: {answer['errorText']}")
        self.wait("document.readyState === 'complete'", label=f"load {url}")

    def eval(self, expression, timeout=CALL_TIMEOUT):
        """The value of a JavaScript expression (promises awaited); a thrown exception is a failure."""
        answer = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, timeout=timeout + 5)
        if "exceptionDetails" in answer:
            d = answer["exceptionDetails"]
            text = d.get("exception", {}).get("description") or d.get("text")
            raise CheckFailed(f"JavaScript threw: {text}")
        return answer.get("result", {}).get("value")

    def wait(self, expression, timeout=None, label=""):
        """Polls until the expression is truthy (up to --wait seconds); returns its value."""
        timeout = WAIT if timeout is None else timeout
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            try:
                last = self.eval(expression)
            except CheckFailed as e:
                last = str(e)
            if last:
                return last
            time.sleep(0.1)
        raise CheckFailed(f"{label or expression}: not true within {timeout:.0f} s (last value {last!r})")

    def screenshot(self, path):
        # Chromium paints only the page in front; a background tab's screenshot never comes.
        self.call("Page.bringToFront")
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        self.browser.call("Target.closeTarget", {"targetId": self.target})


class Report:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, name, fn):
        started = time.monotonic()
        try:
            note = fn()
        except Exception as e:  # a DevTools or page failure is a failed check too
            self.failed += 1
            print(f"FAIL {name}: {e} ({time.monotonic() - started:.1f}s)", flush=True)
            return False
        self.passed += 1
        print(f"PASS {name}{': ' + note if note else ''} ({time.monotonic() - started:.1f}s)", flush=True)
        return True


def js(value):
    return json.dumps(value)


# ---------------------------------------------------------------------------------------------------------------
# The chat against sio-demo


def page_state(page):
    return page.eval("({state: document.querySelector('#status').dataset.state,"
                     " status: document.querySelector('#status').textContent,"
                     " id: document.querySelector('#my-id').textContent})")


def online_ids(page):
    return page.eval("[...document.querySelectorAll('#online li[data-id]')]"
                     ".map(li => ({id: li.dataset.id, userId: li.dataset.userId}))")


def find_message(kind, sender, text):
    return (f"[...document.querySelectorAll('#messages li[data-kind={kind}]')].find(li => "
            f"li.dataset.from === {js(sender)} && li.dataset.text === {js(text)} && "
            f"li.textContent.includes({js(text)}))?.dataset.fromUser")


def submit(page, form, values):
    fills = "".join(f"document.getElementById({js(k)}).value = {js(v)};" for k, v in values.items())
    page.eval(f"{fills} document.getElementById({js(form)}).requestSubmit(); true")


def run_chat(browser, url, artifacts, report):
    base = url.rstrip("/")
    room = "demo"
    pages = {}
    ids = {}

    def open_user(name, in_room):
        q = urllib.parse.urlencode({"userId": name, "room": in_room, "autojoin": "1"})
        pages[name] = browser.open_page(f"{base}/?{q}")

    def connected(name):
        def check():
            page = pages[name]
            page.wait("document.querySelector('#status[data-state=connected]') && "
                      "document.querySelector('#my-id').textContent", label=f"{name} connected")
            ids[name] = page_state(page)["id"]
            return f"socket id {ids[name]}"
        return check

    if not report.check("alice's page loads and connects", lambda: (open_user("alice", room), connected("alice")())[1]):
        return
    if not report.check("bob's page loads and connects", lambda: (open_user("bob", room), connected("bob")())[1]):
        return

    def both_online():
        want = sorted([{"id": ids["alice"], "userId": "alice"}, {"id": ids["bob"], "userId": "bob"}],
                      key=lambda c: (c["userId"], c["id"]))
        for name in ("alice", "bob"):
            pages[name].wait(f"JSON.stringify([...document.querySelectorAll('#online li[data-id]')]"
                             f".map(li => ({{id: li.dataset.id, userId: li.dataset.userId}}))) === {js(json.dumps(want, separators=(',', ':')))}",
                             label=f"{name}'s online list is alice and bob")
        return "both lists: " + ", ".join(c["userId"] for c in want)
    if not report.check("both online lists show alice and bob", both_online):
        return

    def direct(sender, receiver, text):
        def check():
            submit(pages[sender], "dm-form", {"dm-target": ids[receiver], "dm-text": text})
            pages[sender].wait("document.querySelector('#dm-result').dataset.state === 'ok'",
                               label=f"{sender}'s exchange ack")
            user = pages[receiver].wait(find_message("exchange", ids[sender], text),
                                        label=f"{receiver} shows the direct message from {sender}")
            if user != sender:
                raise CheckFailed(f"{receiver} shows the sender as {user!r}, want {sender!r}")
            pages[sender].wait(f"[...document.querySelectorAll('#messages li[data-kind=exchange-sent]')]"
                               f".some(li => li.dataset.to === {js(ids[receiver])} && li.dataset.text === {js(text)})",
                               label=f"{sender} shows the sent direct message")
            leaked = pages[sender].eval(find_message("exchange", ids[sender], text))
            if leaked:
                raise CheckFailed(f"{sender} received its own direct message")
            return f"{receiver} shows {sender}: {text!r}"
        return check

    report.check("alice sends bob a direct message", direct("alice", "bob", "hello bob, direct"))

    def chat():
        text = "hello room, from alice"
        submit(pages["alice"], "chat-form", {"chat-text": text})
        for name in ("alice", "bob"):
            user = pages[name].wait(find_message("chat", ids["alice"], text), label=f"{name} shows alice's chat")
            if user != "alice":
                raise CheckFailed(f"{name} shows the chat sender as {user!r}")
        pages["alice"].wait("document.querySelector('#chat-result').dataset.state === 'ok'", label="chat ack")
        return f"alice and bob show alice: {text!r}"
    report.check("alice's room chat reaches both pages", chat)

    report.check("bob replies to alice", direct("bob", "alice", "hi alice, bob here"))

    def unknown_target():
        submit(pages["alice"], "dm-form", {"dm-target": "no-such-socket", "dm-text": "anyone?"})
        text = pages["alice"].wait("document.querySelector('#dm-result[data-state=error]')?.textContent",
                                   label="the ack's error")
        if "unknown target" not in text:
            raise CheckFailed(f"ack error {text!r}, want 'unknown target'")
        return f"ack error {text!r}"
    report.check("a direct message to an unknown id is refused", unknown_target)

    def screenshots():
        os.makedirs(artifacts, exist_ok=True)
        for name in ("alice", "bob"):
            pages[name].screenshot(os.path.join(artifacts, f"chat-{name}.png"))
        return f"chat-alice.png, chat-bob.png in {artifacts}"
    report.check("screenshots", screenshots)

    def refused():
        q = urllib.parse.urlencode({"userId": "carol", "room": "no-such-room", "autojoin": "1"})
        page = browser.open_page(f"{base}/?{q}")
        text = page.wait("document.querySelector('#status[data-state=refused]')?.textContent",
                         label="carol's refusal")
        if "room not found" not in text:
            raise CheckFailed(f"status {text!r}, want 'room not found'")
        page.screenshot(os.path.join(artifacts, "chat-refused.png"))
        # A refusal is final: the page must not be retrying.
        time.sleep(1.5)
        state = page_state(page)["state"]
        if state != "refused":
            raise CheckFailed(f"status went from refused to {state!r}")
        return f"status {text!r}"
    report.check("a nonexistent room is refused", refused)

    def bad_signature():
        # The page signs with ?key= instead of the key the server wrote into it.
        q = urllib.parse.urlencode({"userId": "mallory", "room": room, "autojoin": "1", "key": "not-the-key"})
        page = browser.open_page(f"{base}/?{q}")
        text = page.wait("document.querySelector('#status[data-state=refused]')?.textContent",
                         label="mallory's refusal")
        if "signature rejected" not in text or "bad signature" not in text:
            raise CheckFailed(f"status {text!r}, want 'signature rejected' with reason 'bad signature'")
        page.close()
        return f"status {text!r}"
    report.check("a handshake signed with a wrong key is refused", bad_signature)

    def bob_leaves():
        pages["bob"].close()
        pages["alice"].wait(f"JSON.stringify([...document.querySelectorAll('#online li[data-id]')]"
                            f".map(li => li.dataset.id)) === {js(json.dumps([ids['alice']]))}",
                            label="alice's online list without bob")
        pages["alice"].wait("[...document.querySelectorAll('#messages li[data-kind=online]')]"
                            ".some(li => li.textContent.includes('User(bob) left.'))", label="bob's leave message")
        return "alice's list is alice only, 'User(bob) left.' shown"
    report.check("bob closes his page; alice sees him leave", bob_leaves)


# ---------------------------------------------------------------------------------------------------------------
# sio-lite against sio-conformance-server

SMOKE_CHECKS = {
    "connect, id and auth on /": """
        const s = sioLite.io(URL, {auth: {token: "smoke"}, query: {"a b": "c&d=é"}, reconnection: false});
        const auth = await new Promise((resolve, reject) => {
          s.on("auth", resolve); s.on("connect_error", (e) => reject(e));
          setTimeout(() => reject(new Error("no auth event")), 5000);
        });
        if (!s.connected || !s.id) throw new Error("not connected");
        if (JSON.stringify(auth) !== '{"token":"smoke"}') throw new Error("auth echoed as " + JSON.stringify(auth));
        s.disconnect();
        return "id " + s.engine.sid + "/" + JSON.stringify(auth);
    """,
    "emit before connect is buffered; message-back": """
        const s = sioLite.io(URL, {reconnection: false});
        s.emit("message", "early", 1, {x: [true, null]});
        const args = await new Promise((resolve, reject) => {
          s.on("message-back", (...a) => resolve(a)); setTimeout(() => reject(new Error("no message-back")), 5000);
        });
        s.disconnect();
        if (JSON.stringify(args) !== '["early",1,{"x":[true,null]}]') throw new Error("got " + JSON.stringify(args));
        return JSON.stringify(args);
    """,
    "ack callback, emitWithAck and ack timeout": """
        const s = sioLite.io(URL, {reconnection: false});
        await new Promise((resolve) => s.on("connect", resolve));
        const viaCallback = await new Promise((resolve) => s.emit("message-with-ack", "a", 2, (...x) => resolve(x)));
        const viaPromise = await s.timeout(3000).emitWithAck("message-with-ack", {ok: "ü"});
        let timedOut = "";
        try { await s.timeout(300).emitWithAck("no-such-event"); } catch (e) { timedOut = e.message; }
        s.disconnect();
        if (JSON.stringify(viaCallback) !== '["a",2]') throw new Error("callback got " + JSON.stringify(viaCallback));
        if (JSON.stringify(viaPromise) !== '{"ok":"ü"}') throw new Error("promise got " + JSON.stringify(viaPromise));
        if (timedOut !== "operation has timed out") throw new Error("timeout: " + JSON.stringify(timedOut));
        return "callback " + JSON.stringify(viaCallback) + ", promise " + JSON.stringify(viaPromise) + ", " + timedOut;
    """,
    "the server's ack request is answered (server-ack)": """
        const s = sioLite.io(URL, {reconnection: false});
        s.on("server-ack", (value, ack) => ack({seen: value}));
        await new Promise((resolve) => s.on("connect", resolve));
        const answer = await s.timeout(3000).emitWithAck("server-ack", 42);
        s.disconnect();
        if (JSON.stringify(answer) !== '{"seen":42}') throw new Error("got " + JSON.stringify(answer));
        return "the server got " + JSON.stringify(answer);
    """,
    "pings answered: the session outlives several ping intervals": """
        const s = sioLite.io(URL, {reconnection: false});
        const reasons = [];
        s.on("disconnect", (r) => reasons.push(r));
        await new Promise((resolve) => s.on("connect", resolve));
        const wait = Math.min(4000, 4 * (s.engine.pingInterval + s.engine.pingTimeout));
        await new Promise((resolve) => setTimeout(resolve, wait));
        const alive = s.connected;
        const answer = alive ? await s.timeout(2000).emitWithAck("message-with-ack", "still") : null;
        s.disconnect();
        if (!alive) throw new Error("disconnected: " + reasons.join(","));
        if (reasons.join() !== "io client disconnect") throw new Error("reasons " + reasons.join(","));
        return "still connected after " + wait + " ms (pingInterval " + s.engine.pingInterval + "), then " + reasons;
    """,
    "namespace /custom": """
        const s = sioLite.io(URL, {namespace: "/custom", auth: {n: 1}, reconnection: false});
        const auth = await new Promise((resolve, reject) => {
          s.on("auth", resolve); setTimeout(() => reject(new Error("no auth on /custom")), 5000);
        });
        const back = await s.timeout(3000).emitWithAck("message-with-ack", "custom");
        s.disconnect();
        if (back !== "custom") throw new Error("ack " + JSON.stringify(back));
        return "auth " + JSON.stringify(auth) + ", ack " + JSON.stringify(back);
    """,
    "unknown namespace is refused with connect_error, no retry": """
        const s = sioLite.io(URL, {namespace: "/nope"});
        const err = await new Promise((resolve, reject) => {
          s.on("connect_error", resolve); setTimeout(() => reject(new Error("no connect_error")), 5000);
        });
        let attempts = 0;
        s.on("reconnect_attempt", () => attempts++);
        await new Promise((resolve) => setTimeout(resolve, 2000));
        if (s.active || attempts) throw new Error("still retrying: active " + s.active + ", attempts " + attempts);
        return "connect_error " + JSON.stringify(err.message);
    """,
    "reconnection backs off from about 1 s and stops after disconnect()": """
        const dead = "http://127.0.0.1:" + DEAD_PORT;
        const started = performance.now();
        const s = sioLite.io(dead, {timeout: 2000});
        const times = [], errors = [];
        s.on("connect_error", (e) => errors.push(e.message));
        await new Promise((resolve, reject) => {
          s.on("reconnect_attempt", (n) => { times.push(Math.round(performance.now() - started)); if (n === 2) resolve(); });
          setTimeout(() => reject(new Error("attempts at " + times.join(","))), 8000);
        });
        s.disconnect();
        const count = times.length;
        await new Promise((resolve) => setTimeout(resolve, 3500));
        if (times.length !== count) throw new Error("attempted again after disconnect(): " + times.join(","));
        if (errors.length < 2) throw new Error("connect_error count " + errors.length);
        // First delay 1 s +-50 %, the second 2 s +-50 % (plus the failed attempt's own time).
        if (times[0] < 400 || times[0] > 2500) throw new Error("first attempt at " + times[0] + " ms");
        if (times[1] - times[0] < 900) throw new Error("second attempt only " + (times[1] - times[0]) + " ms later");
        return "attempts at " + times.join(", ") + " ms; none after disconnect()";
    """,
}


class StaticServer:
    """Serves Public/ on a loopback port. Chromium refuses WebSockets to loopback from about:blank, data: and file://
    pages (local network access), so the smoke pages come from here."""

    def __init__(self):
        import functools
        import http.server

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass
        handler = functools.partial(Quiet, directory=PUBLIC)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def run_smoke(browser, url, artifacts, report):
    static = StaticServer()
    try:
        smoke_checks(browser, url, static.url, artifacts, report)
    finally:
        static.close()


def smoke_checks(browser, url, static_url, artifacts, report):
    # index.html without autojoin: sio-lite.js loaded, nothing connected.
    page = browser.open_page(f"{static_url}/index.html")
    if page.eval("typeof sioLite.io") != "function":
        raise CheckFailed("sio-lite.js did not load")
    dead_port = free_port()
    for name, body in SMOKE_CHECKS.items():
        expression = (f"(async () => {{ const URL = {js(url)}; const DEAD_PORT = {dead_port};\n{body}\n}})()")
        report.check(f"sio-lite: {name}", lambda e=expression: page.eval(e, timeout=20))

    def the_page():
        q = urllib.parse.urlencode({"server": url, "userId": "smoke", "room": "demo", "autojoin": "1"})
        p = browser.open_page(f"{static_url}/index.html?{q}")
        p.wait("document.querySelector('#status[data-state=connected]') && "
               "document.querySelector('#my-id').textContent", label="the page connects")
        os.makedirs(artifacts, exist_ok=True)
        p.screenshot(os.path.join(artifacts, "smoke-page.png"))
        return f"status {page_state(p)['status']!r}, id {page_state(p)['id']}"
    report.check("index.html (served by a static server) connects", the_page)


def free_port():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    global WAIT
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("url")
    ap.add_argument("artifacts", nargs="?", default=os.path.join(ROOT, ".build", "browser-artifacts"))
    ap.add_argument("--smoke", action="store_true", help="check sio-lite.js against sio-conformance-server")
    ap.add_argument("--timeout", type=float, default=120, help="hard limit for the whole run, seconds")
    ap.add_argument("--wait", type=float, default=WAIT, help=f"limit for each awaited condition, s ({WAIT:.0f})")
    ap.add_argument("--chromium", default=os.environ.get("CHROMIUM") or shutil.which("chromium")
                    or shutil.which("chromium-browser") or "chromium")
    args = ap.parse_args()
    WAIT = args.wait

    browser_box = []

    def hard_stop():
        print(f"FAIL the run did not finish within {args.timeout:.0f} s", flush=True)
        for b in browser_box:
            b.close()
        os._exit(1)
    watchdog = threading.Timer(args.timeout, hard_stop)
    watchdog.daemon = True
    watchdog.start()

    started = time.monotonic()
    try:
        browser = Chromium(args.chromium)
    except Exception as e:
        print(f"setup failed: {e}", file=sys.stderr)
        return 2
    browser_box.append(browser)
    report = Report()
    try:
        (run_smoke if args.smoke else run_chat)(browser, args.url.rstrip("/"), args.artifacts, report)
    finally:
        browser.close()
        watchdog.cancel()
    print(f"{report.passed} passed, {report.failed} failed ({time.monotonic() - started:.1f}s)", flush=True)
    return 1 if report.failed or not report.passed else 0


if __name__ == "__main__":
    sys.exit(main())
