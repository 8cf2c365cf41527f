#!/usr/bin/env python3
"""Interop check with the independent python-engineio client.

    engineio_interop.py URL [--path engine.io] [--timeout SECONDS]
    engineio_interop.py --self-test        (runs the checks against python-engineio's own server, py_echo_server.py)

The server at URL must serve an Engine.IO endpoint at /engine.io/ that sends every message back as it came (text as
text, binary as binary), as `sio-conformance-server` does. Each check prints one PASS or FAIL line; the exit status is
non-zero when any check fails. Every wait is bounded.
"""
import argparse
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time

import engineio
import requests

from checkrun import CheckFailed, run_one

TIMEOUT = 10.0


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


class EchoClient:
    """One python-engineio client session whose received messages and disconnect reason are collected."""

    def __init__(self, url, path, transports):
        self.url = url
        self.path = path
        self.transports = transports
        self.messages = queue.Queue()
        self.disconnected = threading.Event()
        self.disconnect_reason = None
        self.client = engineio.Client(request_timeout=TIMEOUT, handle_sigint=False)
        self.client.on("message", self.messages.put)
        self.client.on("disconnect", self._on_disconnect)

    def _on_disconnect(self, reason=None):
        self.disconnect_reason = reason
        self.disconnected.set()

    def connect(self):
        self.client.connect(self.url, transports=self.transports, engineio_path=self.path)
        expect(self.client.sid, "no sid after connect")
        return self

    def echo(self, data, label):
        """Sends `data` and requires the same value, of the same type, back within the timeout."""
        self.client.send(data)
        try:
            got = self.messages.get(timeout=TIMEOUT)
        except queue.Empty:
            raise CheckFailed(f"{label}: no echo within {TIMEOUT:.0f}s") from None
        expect(type(got) is type(data), f"{label}: sent {type(data).__name__}, got {type(got).__name__} back")
        expect(got == data, f"{label}: echo differs (sent {len(data)} bytes/chars, got {len(got)})")

    def close(self):
        """Clean client-side disconnect; the server must then forget the sid."""
        sid = self.client.sid
        transport = self.client.transport()
        self.client.disconnect()
        expect(self.disconnected.wait(TIMEOUT), "disconnect event not delivered")
        expect(self.client.state == "disconnected", f"client state {self.client.state} after disconnect")
        return sid, transport

    def abort(self):
        try:
            if self.client.state == "connected":
                self.client.disconnect(abort=True)
        except Exception:
            pass


def session_gone(url, path, sid):
    """Polls with the old sid until the server answers 400 (code 1), or the timeout passes."""
    target = f"{url.rstrip('/')}/{path.strip('/')}/?EIO=4&transport=polling&sid={sid}"
    deadline = time.monotonic() + TIMEOUT
    last = None
    while time.monotonic() < deadline:
        r = requests.get(target, timeout=TIMEOUT)
        last = f"{r.status_code} {r.text[:80]!r}"
        if r.status_code == 400:
            try:
                body = r.json()
            except ValueError:
                body = None
            # python-engineio's own server answers a bare 400; ours answers the reference's JSON body.
            if not isinstance(body, dict) or body.get("code") == 1:
                return last
        time.sleep(0.05)
    raise CheckFailed(f"sid {sid} still answered after close: {last}")


TEXT = "hello \u00e9\u20ac\U0001F600 from python-engineio"
BINARY = bytes([0, 1, 2, 3, 0xFE, 0xFF]) + b"binary\x00tail"


def check_polling(url, path):
    c = EchoClient(url, path, ["polling"]).connect()
    try:
        expect(c.client.transport() == "polling", f"transport is {c.client.transport()}")
        c.echo(TEXT, "text")
        c.echo(BINARY, "binary")
        c.echo("", "empty text")
        for i in range(5):
            c.echo(f"burst {i}", "burst")
        return f"sid {c.client.sid}"
    finally:
        c.abort()


def check_websocket(url, path):
    c = EchoClient(url, path, ["websocket"]).connect()
    try:
        expect(c.client.transport() == "websocket", f"transport is {c.client.transport()}")
        c.echo(TEXT, "text")
        c.echo(BINARY, "binary")
        for i in range(20):
            c.echo(f"burst {i}", "burst")
        return f"sid {c.client.sid}"
    finally:
        c.abort()


def check_upgrade(url, path):
    c = EchoClient(url, path, ["polling", "websocket"]).connect()
    try:
        # python-engineio upgrades inside connect(): handshake over polling, probe, then upgrade.
        expect("websocket" in (c.client.upgrades or []), f"server offered upgrades {c.client.upgrades}")
        expect(c.client.transport() == "websocket", f"transport after connect is {c.client.transport()}")
        c.echo(TEXT, "text after upgrade")
        c.echo(BINARY, "binary after upgrade")
        return f"sid {c.client.sid}"
    finally:
        c.abort()


def check_large(url, path):
    big_text = ("0123456789abcdef\u00e9" * 20_000)[:300_000]
    big_binary = bytes((i * 7 + 3) % 256 for i in range(300_000))
    for transports in (["polling"], ["websocket"]):
        c = EchoClient(url, path, transports).connect()
        try:
            c.echo(big_text, f"{len(big_text)}-char text over {transports[0]}")
            c.echo(big_binary, f"{len(big_binary)}-byte binary over {transports[0]}")
        finally:
            c.abort()
    return "300,000 chars and 300,000 bytes over polling and websocket"


def check_disconnect(url, path):
    notes = []
    for transports in (["polling"], ["websocket"], ["polling", "websocket"]):
        c = EchoClient(url, path, transports).connect()
        try:
            c.echo("before close", "echo before close")
            sid, transport = c.close()
            expect(c.disconnect_reason in (None, engineio.Client.reason.CLIENT_DISCONNECT),
                   f"disconnect reason {c.disconnect_reason!r}")
            answer = session_gone(url, path, sid)
            notes.append(f"{transport}: {answer.split(' ')[0]}")
        finally:
            c.abort()
    return "old sid refused after close (" + ", ".join(notes) + ")"


CHECKS = [
    ("polling-only session: text and binary echo", check_polling),
    ("websocket-only session: text and binary echo", check_websocket),
    ("polling to websocket upgrade, then echo", check_upgrade),
    ("large messages", check_large),
    ("clean disconnect", check_disconnect),
]


def run_checks(url, path, per_check_timeout):
    failures = 0
    for name, check in CHECKS:
        error, note, trace, elapsed = run_one(check, url, path, per_check_timeout)
        result = {"note": note}
        if error is not None:
            result["error"] = error
        if trace is not None:
            result["trace"] = trace
        if "error" in result:
            failures += 1
            print(f"FAIL  {name}: {result['error']} ({elapsed:.2f}s)", flush=True)
            if "trace" in result and os.environ.get("INTEROP_VERBOSE"):
                print(result["trace"], flush=True)
        else:
            print(f"PASS  {name}: {result.get('note', '')} ({elapsed:.2f}s)", flush=True)
    passed = len(CHECKS) - failures
    print(f"interop: {passed} passed, {failures} failed", flush=True)
    return failures


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_test(path, per_check_timeout):
    port = free_port()
    here = os.path.dirname(os.path.abspath(__file__))
    server = subprocess.Popen([sys.executable, os.path.join(here, "py_echo_server.py"), str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 15
        while True:
            try:
                requests.get(f"{url}/{path}/?EIO=4&transport=polling", timeout=2)
                break
            except requests.RequestException:
                if time.monotonic() > deadline or server.poll() is not None:
                    print("FAIL  self-test server did not start", flush=True)
                    return 1
                time.sleep(0.2)
        return run_checks(url, path, per_check_timeout)
    finally:
        server.terminate()
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()


def main():
    global TIMEOUT
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?", help="server base URL, e.g. http://127.0.0.1:3000")
    parser.add_argument("--path", default="engine.io", help="Engine.IO path (default engine.io)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds for each wait (default 10)")
    parser.add_argument("--self-test", action="store_true", help="run against python-engineio's own echo server")
    args = parser.parse_args()
    TIMEOUT = args.timeout
    per_check = TIMEOUT * 6
    if args.self_test:
        failures = self_test(args.path, per_check)
    elif args.url:
        failures = run_checks(args.url, args.path, per_check)
    else:
        parser.error("give a URL or --self-test")
    sys.stdout.flush()
    # Client threads of a failed check may still block on a socket; do not wait for them.
    os._exit(1 if failures else 0)


if __name__ == "__main__":
    main()
