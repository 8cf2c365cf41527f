#!/usr/bin/env python3
"""A reference Socket.IO server for checking socketio_interop.py itself: python-socketio's own Server (threading
mode, Werkzeug's WSGI server, simple-websocket) at /socket.io/, serving the same app as sio-conformance-server.
Not used by CI; needs werkzeug in the interop venv (run-socketio.sh --self-test installs it).

    py_sio_server.py [--host H] [--port P] [--ping-interval MS] [--ping-timeout MS] [--connect-timeout MS]
                     [--max-payload BYTES]

Prints `listening on HOST:PORT` once the socket is bound. The app (namespaces "/" and "/custom"):
  connect                  -> emits "auth" with the handshake's auth object
  message(...args)         -> emits "message-back" with the same args
  message-with-ack(...)    -> acks with the same args
  join(room)               -> joins, acks {room, size}
  leave(room)              -> leaves, acks with the room
  broadcast(room, ...args) -> emits "broadcast" with args to the room, acks with the room size
  server-ack(value)        -> emitWithAck("server-ack", value) to the caller, acks with the answer
A session that sends no CONNECT within the connect timeout is closed, as the reference server does; python-socketio
has no such option, so this server adds it.

`--fault NAME` makes the server misbehave in one way (see FAULTS), so that `socketio_interop.py --fault-test` can show
that each check fails when the behaviour it checks is broken.
"""
import argparse
import base64
import sys
import threading

import engineio.payload
import socketio
from socketio import packet
from werkzeug.serving import make_server

NAMESPACES = ("/", "/custom")
# Deliberate bugs for socketio_interop.py --fault-test; each must make the checks it names fail.
FAULTS = {
    "no-upgrade": "offers no upgrade to websocket",
    "auth-empty": "emits an empty auth object whatever the handshake carried",
    "namespace-message": "refuses an unknown namespace with python-socketio's own 'Unable to connect'",
    "refusal-closes": "closes the whole session after refusing an unknown namespace",
    "ack-drops-last-arg": "message-with-ack acks without its last argument when it has several",
    "server-ack-echo": "server-ack acks the caller with its own value instead of the client's answer",
    "binary-as-text": "message-with-ack and message-back turn bytes into base64 text",
    "broadcast-skips-sender": "broadcast leaves out the sender",
    "leave-ignored": "leave does nothing",
    "sticky-size": "join reports the largest size the room ever had, as if disconnected sockets stayed",
    "no-connect-timeout": "never closes a session that sends no CONNECT",
}
# python-engineio refuses a polling payload of more than 16 packets (a class attribute); the reference has no such
# count limit, only the byte limit, and batches every buffered packet into one response, so lift it.
engineio.payload.Payload.max_decode_packets = 100_000


class AppServer(socketio.Server):
    """python-socketio's Server with the reference's answer to an unknown namespace and its connect timeout."""

    def __init__(self, connect_timeout, fault=None, **kwargs):
        super().__init__(**kwargs)
        self.connect_timeout = connect_timeout
        self.fault = fault
        self._connected_once = set()
        self._lock = threading.Lock()

    def _handle_eio_connect(self, eio_sid, environ):
        super()._handle_eio_connect(eio_sid, environ)
        if self.fault == "no-connect-timeout":
            return
        timer = threading.Timer(self.connect_timeout, self._connect_deadline, args=(eio_sid,))
        timer.daemon = True
        timer.start()

    def _connect_deadline(self, eio_sid):
        with self._lock:
            connected = eio_sid in self._connected_once
        if not connected:
            try:
                self.eio.disconnect(eio_sid)
            except Exception:  # the session may have gone meanwhile
                pass

    def _handle_connect(self, eio_sid, namespace, data):
        namespace = namespace or "/"
        if namespace not in NAMESPACES and self.fault != "namespace-message":
            # The reference answers CONNECT_ERROR {"message": "Invalid namespace"}; python-socketio's own answer is
            # the bare string "Unable to connect".
            self._send_packet(eio_sid, self.packet_class(
                packet.CONNECT_ERROR, data={"message": "Invalid namespace"}, namespace=namespace))
            if self.fault == "refusal-closes":
                self.eio.disconnect(eio_sid)
            return
        with self._lock:
            self._connected_once.add(eio_sid)
        super()._handle_connect(eio_sid, namespace, data)

    def _handle_eio_disconnect(self, eio_sid, reason):
        with self._lock:
            self._connected_once.discard(eio_sid)
        super()._handle_eio_disconnect(eio_sid, reason)


def room_size(sio, namespace, room):
    return sum(1 for _ in sio.manager.get_participants(namespace, room))


def bytes_as_text(value):
    """The binary-as-text fault: every bytes value inside `value` becomes base64 text (iteratively, no recursion)."""
    root = [value]
    stack = [(root, 0)]
    while stack:
        container, key = stack.pop()
        item = container[key]
        if isinstance(item, bytes):
            container[key] = base64.b64encode(item).decode("ascii")
        elif isinstance(item, list):
            stack.extend((item, i) for i in range(len(item)))
        elif isinstance(item, dict):
            stack.extend((item, k) for k in item)
    return root[0]


def install_handlers(sio, namespace):
    fault = sio.fault
    largest = {}

    def args_out(args):
        return tuple(bytes_as_text(list(args))) if fault == "binary-as-text" else tuple(args)

    def on_connect(sid, environ, auth=None):
        # always_connect is on, so the CONNECT answer is already out and this event arrives after it.
        given = {} if auth is None or fault == "auth-empty" else auth
        sio.emit("auth", given, to=sid, namespace=namespace)

    def on_message(sid, *args):
        sio.emit("message-back", args_out(args), to=sid, namespace=namespace)

    def on_message_with_ack(sid, *args):
        if fault == "ack-drops-last-arg" and len(args) > 1:
            args = args[:-1]
        return args_out(args)

    def on_join(sid, room, *_):
        sio.enter_room(sid, room, namespace=namespace)
        size = room_size(sio, namespace, room)
        if fault == "sticky-size":
            size = largest[room] = max(size, largest.get(room, 0))
        return {"room": room, "size": size}

    def on_leave(sid, room, *_):
        if fault != "leave-ignored":
            sio.leave_room(sid, room, namespace=namespace)
        return room

    def on_broadcast(sid, room, *args):
        # One emit per member: python-socketio 5.18.1 builds a room emit's Engine.IO packets once and caches their
        # encoding, so a binary attachment sent raw to a websocket member then goes out as raw bytes to a polling
        # member too, and that poll fails with a 500.
        members = [member for member, _ in sio.manager.get_participants(namespace, room)]
        for member in members:
            if not (fault == "broadcast-skips-sender" and member == sid):
                sio.emit("broadcast", tuple(args), to=member, namespace=namespace)
        return len(members)

    def on_server_ack(sid, value=None, *_):
        # call() gives one answer as itself and several as a tuple, which the ack expands back into arguments.
        answer = sio.call("server-ack", value, to=sid, namespace=namespace, timeout=10)
        return value if fault == "server-ack-echo" else answer

    sio.on("connect", on_connect, namespace=namespace)
    sio.on("message", on_message, namespace=namespace)
    sio.on("message-with-ack", on_message_with_ack, namespace=namespace)
    sio.on("join", on_join, namespace=namespace)
    sio.on("leave", on_leave, namespace=namespace)
    sio.on("broadcast", on_broadcast, namespace=namespace)
    sio.on("server-ack", on_server_ack, namespace=namespace)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3000)
    # python-engineio announces int(seconds) * 1000 as pingInterval, so anything under a second becomes 0 and its
    # client then times its reads out after pingTimeout alone: whole seconds here, unlike the Swift server's 300/200.
    parser.add_argument("--ping-interval", type=int, default=1000, help="ms, whole seconds (default 1000)")
    parser.add_argument("--ping-timeout", type=int, default=1000, help="ms (default 1000)")
    parser.add_argument("--connect-timeout", type=int, default=1000, help="ms (default 1000)")
    parser.add_argument("--max-payload", type=int, default=1_000_000, help="bytes (default 1000000)")
    parser.add_argument("--log", action="store_true", help="log Socket.IO and Engine.IO traffic to stderr")
    parser.add_argument("--fault", choices=sorted(FAULTS), help="misbehave on purpose (for --fault-test)")
    args = parser.parse_args()

    sio = AppServer(connect_timeout=args.connect_timeout / 1000, fault=args.fault, async_mode="threading",
                    ping_interval=max(1, round(args.ping_interval / 1000)), ping_timeout=args.ping_timeout / 1000,
                    max_http_buffer_size=args.max_payload, cors_allowed_origins="*",
                    allow_upgrades=args.fault != "no-upgrade", always_connect=True,
                    namespaces=list(NAMESPACES), logger=args.log, engineio_logger=args.log)
    for ns in NAMESPACES:
        install_handlers(sio, ns)
    app = socketio.WSGIApp(sio, socketio_path="socket.io")
    server = make_server(args.host, args.port, app, threaded=True)
    print(f"listening on {args.host}:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
