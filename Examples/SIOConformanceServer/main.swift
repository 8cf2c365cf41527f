// The conformance server: an Engine.IO echo at /engine.io/ (and, later, the Socket.IO test app at /socket.io/).
// (Owner: conformance/interop helper. Placeholder.)
print("sio-conformance-server: not implemented yet")
