#!/usr/bin/env python3
"""A stand-in for sio-demo written with python-socketio, for checking chat-test.py and the page without the Swift
server (`run.sh --self-test`). It follows docs/APP.md's chat protocol (the demo's rooms and app; a key with HTML
special characters) and serves Examples/SIODemo/Kit/Public with {{DEMO_APP}} and {{DEMO_KEY}} filled in. Not used by CI.

    py_demo_server.py [--host H] [--port P] [--fault NAME]

Prints `listening on HOST:PORT` once bound. Needs python-socketio and werkzeug (the interop venv after
`scripts/interop/run-socketio.sh --self-test`). `--fault NAME` breaks one behaviour so that the checks can be seen
to fail (see FAULTS).
"""
import argparse
import hashlib
import html
import json
import os
import sys
import threading
import time
import urllib.parse

import socketio
from werkzeug.serving import make_server

PUBLIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Examples", "SIODemo", "Kit", "Public")
ROOMS = ("demo", "lobby")
# The key has characters HTML escaping changes, to check the page reads it back unescaped.
APPS = {"demo": "demo-key-change-me&<\"'>"}
MAX_SKEW_MS = 300_000
FAULTS = {
    "no-leave": "sends no `online` when a user leaves",
    "exchange-wrong-sender": "reports the target as the sender of an exchange",
    "chat-skips-sender": "does not send a room chat back to its sender",
    "accept-any-room": "accepts rooms that are not configured",
    "no-signature-check": "accepts any signature",
}
TYPES = {"html": "text/html; charset=utf-8", "js": "application/javascript"}


def now_ms():
    return int(time.time() * 1000)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=3000)
    ap.add_argument("--fault", choices=sorted(FAULTS))
    args = ap.parse_args()

    sio = socketio.Server(async_mode="threading", ping_interval=25, ping_timeout=20, cors_allowed_origins="*")
    users = {}  # sid -> {"userId", "room"}
    lock = threading.Lock()

    def online(room, action, user):
        with lock:
            clients = sorted(({"id": sid, "userId": u["userId"]} for sid, u in users.items() if u["room"] == room),
                             key=lambda c: (c["userId"], c["id"]))
        verb = "joined" if action == "join" else "left"
        sio.emit("online", {"clients": clients, "action": action, "target": "participator",
                            "message": f"User({user}) {verb}."}, to=room)

    @sio.event
    def connect(sid, environ, auth):
        q = dict(urllib.parse.parse_qsl(environ.get("QUERY_STRING", "")))
        app, ts, sign = q.get("app", ""), q.get("timestamp", ""), q.get("sign", "")
        if app not in APPS:
            raise socketio.exceptions.ConnectionRefusedError("signature rejected", {"reason": "unknown app"})
        if hashlib.md5((app + APPS[app] + ts).encode()).hexdigest() != sign and args.fault != "no-signature-check":
            raise socketio.exceptions.ConnectionRefusedError("signature rejected", {"reason": "bad signature"})
        if not ts.isdigit() or abs(now_ms() - int(ts)) > MAX_SKEW_MS:
            raise socketio.exceptions.ConnectionRefusedError("signature rejected", {"reason": "expired"})
        user, room = q.get("userId", ""), q.get("room", "")
        if not user:
            raise socketio.exceptions.ConnectionRefusedError("userId required")
        if room not in ROOMS and args.fault != "accept-any-room":
            raise socketio.exceptions.ConnectionRefusedError("room not found", {"room": room})
        with lock:
            users[sid] = {"userId": user, "room": room}
        sio.enter_room(sid, room)
        online(room, "join", user)

    @sio.event
    def disconnect(sid, *reason):
        with lock:
            u = users.pop(sid, None)
        if u and args.fault != "no-leave":
            online(u["room"], "leave", u["userId"])

    @sio.on("exchange")
    def exchange(sid, data):
        target = data.get("target") if isinstance(data, dict) else None
        with lock:
            known = target in users
        if not known:
            return {"error": "unknown target"}
        payload = data.get("payload")
        if len(json.dumps(payload)) > 4096:
            return {"error": "payload too large"}
        sender = target if args.fault == "exchange-wrong-sender" else sid
        sio.emit("exchange", {"data": {"action": "exchange", "payload": payload},
                              "meta": {"timestamp": now_ms(), "client": sender, "target": target}}, to=target)
        return {"delivered": True, "timestamp": now_ms()}

    @sio.on("chat")
    def chat(sid, data):
        text = data.get("text") if isinstance(data, dict) else None
        if not isinstance(text, str) or not (1 <= len(text.strip()) <= 500):
            return {"error": "invalid text"}
        with lock:
            u = users.get(sid)
        if not u:
            return {"error": "not joined"}
        message = {"id": sid, "userId": u["userId"], "text": text.strip(), "timestamp": now_ms()}
        sio.emit("chat", message, to=u["room"], skip_sid=sid if args.fault == "chat-skips-sender" else None)
        return message

    def static(environ, start_response):
        path = environ.get("PATH_INFO", "/")
        if path == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        name = "index.html" if path == "/" else path.lstrip("/")
        if name not in ("index.html", "sio-lite.js", "md5.js", "chat.js"):
            start_response("404 Not Found", [("Content-Type", "text/plain")])
            return [b"not found"]
        with open(os.path.join(PUBLIC, name), "rb") as f:
            body = f.read()
        if name == "index.html":
            fill = {b"{{DEMO_APP}}": "demo", b"{{DEMO_KEY}}": APPS["demo"]}
            for placeholder, value in fill.items():
                body = body.replace(placeholder, html.escape(value, quote=True).encode())
        start_response("200 OK", [("Content-Type", TYPES[name.rsplit(".", 1)[1]])])
        return [body]

    server = make_server(args.host, args.port, socketio.WSGIApp(sio, static, socketio_path="socket.io"), threaded=True)
    print(f"listening on {args.host}:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
