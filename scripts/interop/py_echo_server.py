#!/usr/bin/env python3
"""A reference echo server for checking engineio_interop.py itself: python-engineio's own Server (threading mode,
Werkzeug's WSGI server, simple-websocket) at /engine.io/, every message sent back as it came. Not used by CI; needs
`pip install werkzeug` in the interop venv (run.sh --self-test does that).

    py_echo_server.py PORT
"""
import sys

import engineio
from werkzeug.serving import run_simple

eio = engineio.Server(async_mode="threading", ping_interval=1, ping_timeout=1, max_http_buffer_size=1_000_000,
                      cors_allowed_origins="*")


@eio.on("message")
def message(sid, data):
    eio.send(sid, data)


app = engineio.WSGIApp(eio, engineio_path="engine.io")

if __name__ == "__main__":
    run_simple("127.0.0.1", int(sys.argv[1]), app, threaded=True)
