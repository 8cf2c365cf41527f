/// The configuration `sio-demo` runs with when no `--config` is given: the same text as
/// `Examples/SIODemo/sio-demo.json` (a test keeps them equal), embedded so the binary runs from anywhere.
public enum DemoDefaultConfiguration {
    /// The JSON text.
    public static let json = #"""
        {
          "engine": { "pingInterval": 25000, "pingTimeout": 20000 },
          "namespaces": { "/": { "connectionMiddleware": ["signature", "auth"], "packetMiddleware": ["log"] } },
          "adapter": { "type": "memory" },
          "generateId": "demo",
          "settings": { "rooms": ["demo", "lobby"], "apps": { "demo": "demo-key-change-me" }, "maxClockSkewSeconds": 300,
                        "demoApp": "demo" }
        }

        """#
}
