#!/usr/bin/env python3
"""Socket.IO interop check with the independent python-socketio client.

    socketio_interop.py URL [--path socket.io] [--timeout SECONDS] [--connect-timeout MS] [--only NAME ...]
    socketio_interop.py --self-test      (runs the checks against python-socketio's own server, py_sio_server.py)
    socketio_interop.py --fault-test     (each check must fail against that server with a matching bug)

The server at URL must serve at /socket.io/ the app that `sio-conformance-server` serves (see py_sio_server.py for
the events: auth on connect, message -> message-back, message-with-ack, join, leave, broadcast, server-ack; the
namespaces "/" and "/custom"; a connect timeout of --connect-timeout ms, 1000 by default). Each check prints one
PASS or FAIL line; the exit status is non-zero when any check fails. Every wait is bounded, and so is each check.
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

import requests
import engineio.payload
import socketio
import websocket

from checkrun import CheckFailed, run_one

TIMEOUT = 10.0
# python-engineio refuses a polling payload of more than 16 packets (a class attribute); the reference has no such
# count limit, only the byte limit, and batches every buffered packet into one response, so lift it.
engineio.payload.Payload.max_decode_packets = 100_000
CONNECT_TIMEOUT = 1.0  # seconds; the server's connectTimeout
QUIET = 0.5  # seconds to wait when checking that nothing arrives


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def short(value, limit=120):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


class Inbox:
    """Everything a client received, as (namespace, event, args) in arrival order, with bounded waits."""

    def __init__(self):
        self._items = []
        self._cond = threading.Condition()

    def put(self, namespace, event, args):
        with self._cond:
            self._items.append((namespace, event, list(args)))
            self._cond.notify_all()

    def take(self, namespace, event, timeout=None, label=""):
        """Removes and returns the args of the first matching event, waiting up to the timeout."""
        deadline = time.monotonic() + (TIMEOUT if timeout is None else timeout)
        with self._cond:
            while True:
                for i, (ns, ev, args) in enumerate(self._items):
                    if ns == namespace and ev == event:
                        del self._items[i]
                        return args
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CheckFailed(f"{label or event}: no {event!r} on {namespace} within "
                                      f"{TIMEOUT if timeout is None else timeout:.1f}s")
                self._cond.wait(left)

    def expect_none(self, namespace, event, within=QUIET, label=""):
        """Requires that no matching event arrives within `within` seconds."""
        time.sleep(within)
        with self._cond:
            extra = [args for ns, ev, args in self._items if ns == namespace and ev == event]
        expect(not extra, f"{label or event}: unexpected {event!r} on {namespace}: {short(extra)}")


class SIOClient:
    """One python-socketio client whose received events, connect errors and disconnects are collected."""

    def __init__(self, url, path, transports=None, namespaces=("/",), auth=None):
        self.url = url
        self.path = path
        self.transports = transports
        self.namespaces = list(namespaces)
        self.auth = auth
        self.inbox = Inbox()
        self.server_ack_values = []
        self.client = socketio.Client(reconnection=False, handle_sigint=False, request_timeout=TIMEOUT)
        self.client.on("*", self._on_any, namespace="*")
        self.client.on("server-ack", self._on_server_ack, namespace="*")
        self.client.on("connect_error", self._on_connect_error, namespace="*")
        self.client.on("disconnect", self._on_disconnect, namespace="*")

    def _on_any(self, event, namespace, *args):
        self.inbox.put(namespace, event, args)

    def _on_server_ack(self, namespace, *args):
        # The answer differs from the value, so a relay that echoes the value instead of the answer fails.
        value = args[0] if args else None
        self.server_ack_values.append((namespace, value))
        return {"answer": value}

    def _on_connect_error(self, namespace, *args):
        self.inbox.put(namespace, "connect_error", args)

    def _on_disconnect(self, namespace, *args):
        self.inbox.put(namespace, "disconnect", args)

    def connect(self):
        self.client.connect(self.url, transports=self.transports, namespaces=self.namespaces, auth=self.auth,
                            socketio_path=self.path, wait_timeout=TIMEOUT)
        expect(self.client.connected, "not connected after connect()")
        for ns in self.namespaces:
            expect(self.client.get_sid(ns), f"no sid for namespace {ns}")
        return self

    def transport(self):
        return self.client.transport()

    def emit(self, event, *args, namespace="/"):
        self.client.emit(event, data=tuple(args), namespace=namespace)

    def ack(self, event, *args, namespace="/", label=""):
        """Emits with an ack and returns the ack's arguments as a list."""
        done = threading.Event()
        got = []

        def callback(*answer):
            got.append(list(answer))
            done.set()

        self.client.emit(event, data=tuple(args), namespace=namespace, callback=callback)
        expect(done.wait(TIMEOUT), f"{label or event}: no ack within {TIMEOUT:.0f}s ({self.state()})")
        return got[0]

    def state(self):
        """The client's view of its session, for failure messages: a dropped session reads differently from a
        lost packet."""
        with self.inbox._cond:
            drops = [(ns, args) for ns, ev, args in self.inbox._items if ev == "disconnect"]
        eio = self.client.eio
        return (f"connected {self.client.connected}, engine {eio.state} over {eio.current_transport}, "
                f"disconnects {short(drops)}")

    def close(self):
        self.client.disconnect()

    def abort(self):
        try:
            self.client.disconnect()
        except Exception:
            pass


def connected(url, path, **kwargs):
    return SIOClient(url, path, **kwargs).connect()


TEXT = "h\u00e9llo \u20ac \U0001F600 \u4e2d\u6587 from python-socketio"
BINARY = bytes([0, 1, 2, 3, 0x7F, 0x80, 0xFE, 0xFF]) + b"binary\x00tail"
VALUES = [
    "plain",
    "",
    TEXT,
    "quotes \" and \\ backslash and \n newline and \u2028 separator",
    0,
    42,
    -17,
    2 ** 53 - 1,
    1.5,
    -0.25,
    True,
    False,
    None,
    [],
    {},
    [1, "two", None, [3, [4, {"five": 5}]]],
    {"k": "v", "n": 1, "nested": {"list": [1, 2, 3], "u": "\u00fc\U0001F680"}, "empty": {}},
]
BINARY_VALUES = [
    BINARY,
    b"",
    bytes(range(256)) * 400,  # 102,400 bytes
    {"bin": BINARY, "text": TEXT, "list": [b"\x01\x02", 3]},
    [BINARY, "text", [b"\xff"]],
]


def echo_round(c, label, namespace="/"):
    """One ack round trip and one message -> message-back, text and binary."""
    got = c.ack("message-with-ack", TEXT, 7, {"k": [1, 2]}, namespace=namespace, label=label)
    expect(got == [TEXT, 7, {"k": [1, 2]}], f"{label}: ack args {short(got)}")
    got = c.ack("message-with-ack", BINARY, namespace=namespace, label=label)
    expect(got == [BINARY], f"{label}: binary ack args {short(got)}")
    c.emit("message", TEXT, {"b": BINARY}, namespace=namespace)
    got = c.inbox.take(namespace, "message-back", label=label)
    expect(got == [TEXT, {"b": BINARY}], f"{label}: message-back args {short(got)}")


def check_transport(url, path, transports, want):
    auth = {"transport": want}
    c = connected(url, path, transports=transports, auth=auth)
    try:
        expect(c.transport() == want, f"transport is {c.transport()}, wanted {want}")
        got = c.inbox.take("/", "auth")
        expect(got == [auth], f"auth event {short(got)}")
        echo_round(c, want)
        return f"sid {c.client.get_sid('/')} over {c.transport()}"
    finally:
        c.abort()


def check_polling(url, path):
    return check_transport(url, path, ["polling"], "polling")


def check_websocket(url, path):
    return check_transport(url, path, ["websocket"], "websocket")


def check_upgrade(url, path):
    c = connected(url, path, transports=["polling", "websocket"])
    try:
        # python-engineio upgrades inside connect(): handshake over polling, probe, then upgrade.
        expect("websocket" in (c.client.eio.upgrades or []), f"server offered upgrades {c.client.eio.upgrades}")
        expect(c.transport() == "websocket", f"transport after connect is {c.transport()} (no upgrade)")
        echo_round(c, "after upgrade")
        for i in range(10):
            got = c.ack("message-with-ack", f"burst {i}", i)
            expect(got == [f"burst {i}", i], f"burst {i}: ack args {short(got)}")
        return "polling -> websocket, events after the upgrade"
    finally:
        c.abort()


def check_custom_namespace(url, path):
    auth = {"token": "s3cr\u00e9t", "n": 1, "list": [1, "two"], "nested": {"ok": True}}
    c = connected(url, path, transports=["websocket"], namespaces=["/custom"], auth=auth)
    try:
        got = c.inbox.take("/custom", "auth")
        expect(got == [auth], f"/custom auth event {short(got)}")
        echo_round(c, "/custom", namespace="/custom")
    finally:
        c.abort()
    # Both namespaces on one connection: each gets the auth and answers in its own namespace.
    c = connected(url, path, transports=["polling", "websocket"], namespaces=["/", "/custom"], auth=auth)
    try:
        for ns in ("/", "/custom"):
            got = c.inbox.take(ns, "auth")
            expect(got == [auth], f"{ns} auth event {short(got)}")
        expect(c.client.get_sid("/") != c.client.get_sid("/custom"), "both namespaces got the same socket id")
        got = c.ack("message-with-ack", "on custom", namespace="/custom")
        expect(got == ["on custom"], f"/custom ack {short(got)}")
        c.emit("message", "to custom", namespace="/custom")
        got = c.inbox.take("/custom", "message-back")
        expect(got == ["to custom"], f"/custom message-back {short(got)}")
        c.inbox.expect_none("/", "message-back", label="message-back leaked to /")
        return "auth echoed on /custom alone and multiplexed with /"
    finally:
        c.abort()


def check_unknown_namespace(url, path):
    c = SIOClient(url, path, transports=["websocket"], namespaces=["/nope"])
    try:
        try:
            c.client.connect(url, transports=["websocket"], namespaces=["/nope"], socketio_path=path,
                             wait_timeout=TIMEOUT)
        except socketio.exceptions.ConnectionError as e:
            refused = str(e)
        else:
            raise CheckFailed("connect to /nope succeeded")
        got = c.inbox.take("/nope", "connect_error")
        expect(got == [{"message": "Invalid namespace"}], f"connect_error data {short(got)}")
    finally:
        c.abort()
    # The refusal concerns that namespace only: the same Engine.IO session can still CONNECT to "/" and use it.
    ws = websocket.create_connection(endpoint(url, path, scheme_ws=True) + "websocket", timeout=TIMEOUT)
    try:
        first = ws.recv()
        expect(isinstance(first, str) and first.startswith("0{"), f"open packet {short(first)}")
        ws.send("40/nope,")
        refusal = raw_next(ws, lambda t: t.startswith("44"), "CONNECT_ERROR for /nope")
        expect(refusal.startswith("44/nope,") and json.loads(refusal[len("44/nope,"):]) ==
               {"message": "Invalid namespace"}, f"raw refusal {short(refusal)}")
        ws.send("40")
        raw_next(ws, lambda t: t.startswith("40{"), "CONNECT answer for / after the refusal")
        ws.send('427["message-with-ack","still usable"]')
        raw_next(ws, lambda t: t == '437["still usable"]', "ack on / after the refusal")
    finally:
        try:
            ws.close(timeout=1)
        except Exception:
            pass
    return f"refused: {refused}; {got[0]}; the session then connects to / (raw {refusal!r})"


def raw_next(ws, wanted, label):
    """Reads text frames from a raw Engine.IO WebSocket, answering pings, until one satisfies `wanted`."""
    deadline = time.monotonic() + TIMEOUT
    seen = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise CheckFailed(f"{label}: not within {TIMEOUT:.0f}s; got {short(seen)}")
        ws.settimeout(left)
        try:
            text = ws.recv()
        except websocket.WebSocketTimeoutException:
            continue
        except (websocket.WebSocketConnectionClosedException, OSError) as e:
            raise CheckFailed(f"{label}: connection closed ({type(e).__name__}); got {short(seen)}") from None
        if text == "2":
            ws.send("3")
            continue
        if text in ("", "1"):  # websocket-client's answer to a close frame, or an Engine.IO close packet
            raise CheckFailed(f"{label}: the server closed the session; got {short(seen + [text])}")
        if isinstance(text, str) and wanted(text):
            return text
        seen.append(text)


def check_client_acks(url, path, transports):
    c = connected(url, path, transports=transports)
    try:
        for v in VALUES:
            got = c.ack("message-with-ack", v)
            expect(got == [v], f"value {short(v)}: ack args {short(got)}")
        got = c.ack("message-with-ack", "a", 1, {"b": [2]}, None, TEXT)
        expect(got == ["a", 1, {"b": [2]}, None, TEXT], f"several args: ack args {short(got)}")
        got = c.ack("message-with-ack")
        expect(got == [], f"no args: ack args {short(got)}")
        # Many acks in flight at once: each answer must reach its own callback.
        results, done = {}, threading.Event()
        lock = threading.Lock()
        count = 30

        def make_callback(i):
            def callback(*args):
                with lock:
                    results[i] = list(args)
                    if len(results) == count:
                        done.set()
            return callback

        for i in range(count):
            c.client.emit("message-with-ack", data=(i, f"in flight {i}"), callback=make_callback(i))
        expect(done.wait(TIMEOUT), f"only {len(results)} of {count} concurrent acks within {TIMEOUT:.0f}s")
        bad = [i for i in range(count) if results.get(i) != [i, f"in flight {i}"]]
        expect(not bad, f"concurrent acks mismatched for ids {bad[:5]}: {short([results.get(i) for i in bad[:3]])}")
        return f"{len(VALUES)} values, several args, no args, {count} in flight over {c.transport()}"
    finally:
        c.abort()


def check_server_acks(url, path, transports):
    c = connected(url, path, transports=transports)
    try:
        for v in VALUES:
            got = c.ack("server-ack", v)
            expect(got == [{"answer": v}], f"value {short(v)}: relayed answer {short(got)}")
        seen = [value for ns, value in c.server_ack_values]
        expect(seen == VALUES, f"the client's handler saw {short(seen)}")
        return f"{len(VALUES)} values answered by the client and relayed over {c.transport()}"
    finally:
        c.abort()


def check_binary(url, path, transports):
    c = connected(url, path, transports=transports)
    try:
        for v in BINARY_VALUES:
            got = c.ack("message-with-ack", v, "after")
            expect(got == [v, "after"], f"message-with-ack {short(v)}: ack args {short(got)}")
        got = c.ack("message-with-ack", BINARY, b"second", {"third": [b"\x03"]})
        expect(got == [BINARY, b"second", {"third": [b"\x03"]}], f"three attachments: ack args {short(got)}")
        for v in BINARY_VALUES:
            c.emit("message", v)
            got = c.inbox.take("/", "message-back")
            expect(got == [v], f"message-back {short(v)}: args {short(got)}")
        # Server -> client event with binary, answered by the client with a binary ack, relayed back as binary.
        for v in BINARY_VALUES:
            got = c.ack("server-ack", v)
            expect(got == [{"answer": v}], f"server-ack {short(v)}: relayed answer {short(got)}")
        return f"{len(BINARY_VALUES)} binary shapes in events, acks and server-acks over {c.transport()}"
    finally:
        c.abort()


def room_event_check(clients, sender, room, members, payload, label):
    """`sender` broadcasts `payload` to `room`; exactly `members` (indexes into clients) must receive it once."""
    size = sender.ack("broadcast", room, *payload, label=label)
    expect(size == [len(members)], f"{label}: broadcast acked {short(size)}, wanted [{len(members)}]")
    for i in members:
        got = clients[i].inbox.take("/", "broadcast", label=f"{label}: client {i}")
        expect(got == list(payload), f"{label}: client {i} got {short(got)}")
    for i, c in enumerate(clients):
        c.inbox.expect_none("/", "broadcast", within=QUIET if i == 0 else 0,
                            label=f"{label}: client {i} (extra or not a member)")


def check_rooms(url, path):
    clients = []
    try:
        # Mixed transports: a broadcast goes out over whatever each member uses.
        for transports in (["websocket"], ["polling"], ["polling", "websocket"]):
            clients.append(connected(url, path, transports=transports))
        a, b, c = clients
        room = f"room-{os.getpid()}-{time.monotonic_ns()}"
        got = a.ack("join", room)
        expect(got == [{"room": room, "size": 1}], f"a joins: ack {short(got)}")
        got = b.ack("join", room)
        expect(got == [{"room": room, "size": 2}], f"b joins: ack {short(got)}")
        room_event_check(clients, a, room, [0, 1], ("hello", 1, {"x": [TEXT]}), "a to a+b")
        room_event_check(clients, c, room, [0, 1], (BINARY, "bin"), "c (outside) to a+b")
        room_event_check(clients, b, room, [0, 1], (), "no args")
        b.ack("leave", room)
        room_event_check(clients, a, room, [0], ("after b left",), "after leave")
        got = c.ack("join", room)
        expect(got == [{"room": room, "size": 2}], f"c joins: ack {short(got)}")
        room_event_check(clients, b, room, [0, 2], ("to a+c",), "b (left) to a+c")
        other = room + "-other"
        got = b.ack("join", other)
        expect(got == [{"room": other, "size": 1}], f"b joins another room: ack {short(got)}")
        room_event_check(clients, a, other, [1], ("only b",), "other room")
        return "join sizes, broadcast to exactly the members (sender included, outsider excluded), leave"
    finally:
        for c in clients:
            c.abort()


def check_disconnect(url, path):
    clients = []
    try:
        for _ in range(3):
            clients.append(connected(url, path, transports=["websocket"]))
        a, b, c = clients
        room = f"gone-{os.getpid()}-{time.monotonic_ns()}"
        for i, x in enumerate((a, b, c)):
            got = x.ack("join", room)
            expect(got == [{"room": room, "size": i + 1}], f"join {i}: ack {short(got)}")
        b.close()
        # The server removes b from the room once it has seen the disconnect; joining again is idempotent.
        deadline = time.monotonic() + TIMEOUT
        size = None
        while time.monotonic() < deadline:
            size = a.ack("join", room)[0].get("size")
            if size == 2:
                break
            time.sleep(0.05)
        expect(size == 2, f"room size {size} after b disconnected, wanted 2")
        room_event_check([a, c], c, room, [0, 1], ("after disconnect",), "broadcast after b left")
        # python-socketio closes a polling client too: the server must see that one as well.
        d = connected(url, path, transports=["polling"])
        clients.append(d)
        got = d.ack("join", room)
        expect(got == [{"room": room, "size": 3}], f"polling client joins: ack {short(got)}")
        d.close()
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            size = a.ack("join", room)[0].get("size")
            if size == 2:
                break
            time.sleep(0.05)
        expect(size == 2, f"room size {size} after the polling client disconnected, wanted 2")
        return "room sizes drop after websocket and polling clients disconnect"
    finally:
        for c in clients:
            c.abort()


def endpoint(url, path, scheme_ws=False):
    base = url.rstrip("/")
    if scheme_ws:
        parsed = urllib.parse.urlsplit(base)
        base = urllib.parse.urlunsplit(("wss" if parsed.scheme == "https" else "ws",) + tuple(parsed[1:]))
    return f"{base}/{path.strip('/')}/?EIO=4&transport="


def raw_ws_lifetime(url, path, send_connect, observe):
    """Opens a raw Engine.IO WebSocket session, answers pings, optionally sends CONNECT to "/", and returns the
    seconds from the open packet until the server closed the session (None if still open after `observe` s)."""
    ws = websocket.create_connection(endpoint(url, path, scheme_ws=True) + "websocket", timeout=TIMEOUT)
    try:
        first = ws.recv()
        expect(isinstance(first, str) and first.startswith("0{"), f"open packet {short(first)}")
        opened = time.monotonic()
        if send_connect:
            ws.send("40")
        while True:
            left = observe - (time.monotonic() - opened)
            if left <= 0:
                return None
            ws.settimeout(left)
            try:
                opcode, data = ws.recv_data(control_frame=True)
            except websocket.WebSocketTimeoutException:
                return None
            except (websocket.WebSocketConnectionClosedException, ConnectionError, OSError):
                return time.monotonic() - opened
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                return time.monotonic() - opened
            if opcode == websocket.ABNF.OPCODE_TEXT:
                text = data.decode("utf-8")
                if text == "2":
                    ws.send("3")
                elif text == "1":  # an Engine.IO close packet
                    return time.monotonic() - opened
    finally:
        try:
            ws.close(timeout=1)
        except Exception:
            pass


def raw_polling_lifetime(url, path, observe):
    """A raw polling session that answers pings and never sends CONNECT; seconds until the server ended it."""
    base = endpoint(url, path) + "polling"
    r = requests.get(base, timeout=TIMEOUT)
    expect(r.status_code == 200 and r.text.startswith("0{"), f"handshake {r.status_code} {short(r.text)}")
    opened = time.monotonic()
    sid = json.loads(r.text[1:])["sid"]
    target = f"{base}&sid={sid}"
    while time.monotonic() - opened < observe:
        r = requests.get(target, timeout=TIMEOUT)
        if r.status_code != 200:
            return time.monotonic() - opened
        for pkt in r.text.split("\x1e"):
            if pkt == "2":
                p = requests.post(target, data="3", timeout=TIMEOUT)
                if p.status_code != 200:
                    return time.monotonic() - opened
            elif pkt == "1":
                return time.monotonic() - opened
    return None


def check_connect_timeout(url, path):
    low, high = 0.8 * CONNECT_TIMEOUT, CONNECT_TIMEOUT + 2.0
    silent = raw_ws_lifetime(url, path, send_connect=False, observe=high + 1)
    expect(silent is not None, f"a websocket session without CONNECT still open after {high + 1:.1f}s")
    expect(low <= silent <= high, f"websocket session without CONNECT closed after {silent:.2f}s, "
                                  f"wanted {low:.2f}-{high:.2f}s")
    polled = raw_polling_lifetime(url, path, observe=high + 1)
    expect(polled is not None, f"a polling session without CONNECT still open after {high + 1:.1f}s")
    expect(low <= polled <= high, f"polling session without CONNECT closed after {polled:.2f}s, "
                                  f"wanted {low:.2f}-{high:.2f}s")
    # Control: with CONNECT the same raw session outlives the timeout, so the close above was the connect timeout
    # and not the heartbeat.
    kept = raw_ws_lifetime(url, path, send_connect=True, observe=CONNECT_TIMEOUT + 1.0)
    expect(kept is None, f"a websocket session that sent CONNECT closed after {kept or 0:.2f}s")
    return (f"closed after {silent:.2f}s (websocket) and {polled:.2f}s (polling) without CONNECT; "
            f"open for {CONNECT_TIMEOUT + 1.0:.1f}s with CONNECT")


CHECKS = [
    ("polling only: auth, acks, message-back", check_polling),
    ("websocket only: auth, acks, message-back", check_websocket),
    ("upgrade polling to websocket", check_upgrade),
    ("namespace /custom with auth", check_custom_namespace),
    ("unknown namespace refused with Invalid namespace", check_unknown_namespace),
    ("client-to-server acks over websocket", lambda u, p: check_client_acks(u, p, ["websocket"])),
    ("client-to-server acks over polling", lambda u, p: check_client_acks(u, p, ["polling"])),
    ("server-to-client acks (server-ack) over websocket", lambda u, p: check_server_acks(u, p, ["websocket"])),
    ("server-to-client acks (server-ack) over polling", lambda u, p: check_server_acks(u, p, ["polling"])),
    ("binary both ways over websocket", lambda u, p: check_binary(u, p, ["websocket"])),
    ("binary both ways over polling", lambda u, p: check_binary(u, p, ["polling"])),
    ("rooms and broadcasts with three clients", check_rooms),
    ("client disconnect seen by the server", check_disconnect),
    ("connect timeout closes a session without CONNECT", check_connect_timeout),
]


# For --fault-test: each deliberate bug of py_sio_server.py --fault and the checks that must catch it.
FAULT_CATCHERS = {
    "no-upgrade": ["upgrade polling to websocket"],
    "auth-empty": ["polling only: auth, acks, message-back", "websocket only: auth, acks, message-back",
                   "namespace /custom with auth"],
    "namespace-message": ["unknown namespace refused with Invalid namespace"],
    "refusal-closes": ["unknown namespace refused with Invalid namespace"],
    "ack-drops-last-arg": ["client-to-server acks over websocket", "client-to-server acks over polling",
                           "polling only: auth, acks, message-back"],
    "server-ack-echo": ["server-to-client acks (server-ack) over websocket", "binary both ways over polling"],
    "binary-as-text": ["binary both ways over websocket", "binary both ways over polling",
                       "websocket only: auth, acks, message-back"],
    "broadcast-skips-sender": ["rooms and broadcasts with three clients"],
    "leave-ignored": ["rooms and broadcasts with three clients"],
    "sticky-size": ["client disconnect seen by the server"],
    "no-connect-timeout": ["connect timeout closes a session without CONNECT"],
}


def select(only=(), exact=()):
    if exact:
        return [(name, check) for name, check in CHECKS if name in exact]
    return [(name, check) for name, check in CHECKS
            if not only or any(o.lower() in name.lower() for o in only)]


def run_checks(url, path, per_check_timeout, only):
    failures = 0
    chosen = select(only)
    for name, check in chosen:
        error, note, trace, elapsed = run_one(check, url, path, per_check_timeout)
        if error:
            failures += 1
            print(f"FAIL  {name}: {error} ({elapsed:.2f}s)", flush=True)
            if trace and os.environ.get("INTEROP_VERBOSE"):
                print(trace, flush=True)
        else:
            print(f"PASS  {name}: {note} ({elapsed:.2f}s)", flush=True)
    if not chosen:
        print("FAIL  no check matched --only", flush=True)
        return 1
    print(f"socketio-interop: {len(chosen) - failures} passed, {failures} failed", flush=True)
    return failures


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ReferenceServer:
    """py_sio_server.py on a free port, optionally with a deliberate fault; a context manager that stops it."""

    def __init__(self, fault=None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        here = os.path.dirname(os.path.abspath(__file__))
        command = [sys.executable, os.path.join(here, "py_sio_server.py"), "--port", str(self.port),
                   "--connect-timeout", str(int(CONNECT_TIMEOUT * 1000))]
        if fault:
            command += ["--fault", fault]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

    def __enter__(self):
        line = []
        reader = threading.Thread(target=lambda: line.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(15)
        if not line or not line[0].startswith("listening on "):
            self.__exit__()
            return None
        return self

    def __exit__(self, *_):
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def self_test(path, per_check_timeout, only):
    with ReferenceServer() as server:
        if server is None:
            print("FAIL  self-test server did not start", flush=True)
            return 1
        return run_checks(server.url, path, per_check_timeout, only)


def fault_test(path, per_check_timeout):
    """Every check named in FAULT_CATCHERS must fail against the server with that fault: the checks can fail."""
    failures = 0
    for fault, names in FAULT_CATCHERS.items():
        with ReferenceServer(fault) as server:
            if server is None:
                print(f"FAIL  fault {fault}: server did not start", flush=True)
                failures += 1
                continue
            missed, caught = [], []
            for name, check in select(exact=names):
                error, _, _, _ = run_one(check, server.url, path, per_check_timeout)
                if error is None:
                    missed.append(name)
                else:
                    caught.append(f"{name} ({error[:100]})")
            unknown = [n for n in names if n not in dict(CHECKS)]
            if missed or unknown:
                failures += 1
                print(f"FAIL  fault {fault}: not caught by {missed + unknown}", flush=True)
            else:
                print(f"PASS  fault {fault}: caught by " + "; ".join(caught), flush=True)
    print(f"socketio-interop fault test: {len(FAULT_CATCHERS) - failures} passed, {failures} failed", flush=True)
    return failures


def main():
    global TIMEOUT, CONNECT_TIMEOUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", help="server base URL, e.g. http://127.0.0.1:3000")
    parser.add_argument("--path", default="socket.io", help="Socket.IO path (default socket.io)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds for each wait (default 10)")
    parser.add_argument("--connect-timeout", type=int, default=1000,
                        help="the server's connect timeout in ms (default 1000)")
    parser.add_argument("--only", action="append", default=[], help="run the checks whose name contains this")
    parser.add_argument("--self-test", action="store_true", help="run against python-socketio's own server")
    parser.add_argument("--fault-test", action="store_true",
                        help="require each check to fail against python-socketio's server with a matching bug")
    args = parser.parse_args()
    TIMEOUT = args.timeout
    CONNECT_TIMEOUT = args.connect_timeout / 1000
    per_check = TIMEOUT * 6
    if args.fault_test:
        failures = fault_test(args.path, per_check)
    elif args.self_test:
        failures = self_test(args.path, per_check, args.only)
    elif args.url:
        failures = run_checks(args.url, args.path, per_check, args.only)
    else:
        parser.error("give a URL, --self-test or --fault-test")
    sys.stdout.flush()
    # Client threads of a failed check may still block on a socket; do not wait for them.
    os._exit(1 if failures else 0)


if __name__ == "__main__":
    main()
