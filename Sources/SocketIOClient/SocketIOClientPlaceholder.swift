// The SocketIOClient module is being written; this file keeps the target buildable until then.
