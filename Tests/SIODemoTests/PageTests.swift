import SIODemoKit
import Testing

/// The browser side as bundled: every file the server serves is there, the page carries the placeholders the server
/// fills in, loads only its own scripts, and has the element ids scripts/browser/chat-test.py drives.
@Suite struct PageTests {
    static let scripts = ["sio-lite.js", "md5.js", "chat.js"]

    func text(_ name: String) throws -> String {
        let bytes = try #require(DemoAssets.file(name), "\(name) is not bundled")
        return try #require(String(validating: bytes, as: UTF8.self), "\(name) is not UTF-8")
    }

    func occurrences(of needle: String, in text: String) -> Int {
        text.split(separator: needle, omittingEmptySubsequences: false).count - 1
    }

    @Test(arguments: ["index.html"] + scripts)
    func everyServedFileIsBundled(name: String) throws {
        #expect(try !text(name).isEmpty)
    }

    @Test func thePageHasEachPlaceholderOnce() throws {
        let page = try text("index.html")
        #expect(occurrences(of: "{{DEMO_APP}}", in: page) == 1)
        #expect(occurrences(of: "{{DEMO_KEY}}", in: page) == 1)
        for script in Self.scripts {
            #expect(!(try text(script)).contains("{{DEMO_"), "\(script) must not need filling in")
        }
    }

    @Test func thePageLoadsOnlyItsOwnScripts() throws {
        let page = try text("index.html")
        for script in Self.scripts {
            #expect(page.contains("<script src=\"\(script)\""), "index.html does not load \(script)")
        }
        // The official client's tag appears only HTML-escaped, as text in the "In production" section.
        #expect(occurrences(of: "<script src=", in: page) == Self.scripts.count)
        #expect(page.contains("&lt;script src=\"https://cdn.socket.io/4.8.1/socket.io.min.js\"&gt;"))
    }

    @Test(arguments: ["join-form", "user-id", "room", "status", "my-id", "online", "messages", "chat-form",
                      "chat-text", "chat-result", "dm-form", "dm-target", "dm-target-select", "dm-text", "dm-result"])
    func thePageHasTheElementTheBrowserTestDrives(id: String) throws {
        #expect(occurrences(of: "id=\"\(id)\"", in: try text("index.html")) == 1)
    }

    @Test func theClientSpeaksEngineIOv4OverWebSocketOnly() throws {
        let client = try text("sio-lite.js")
        #expect(client.contains("EIO=4&transport=websocket"))
        #expect(!client.contains("transport=polling"))
    }

    @Test func theChatUsesTheProtocolsEventNames() throws {
        let chat = try text("chat.js")
        for event in ["\"online\"", "\"chat\"", "\"exchange\""] {
            #expect(chat.contains("s.on(\(event)"), "chat.js does not listen to \(event)")
        }
        #expect(chat.contains("md5(demo.app + demo.key + timestamp)"))
    }
}
