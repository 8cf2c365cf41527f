import SIODemoKit
import Testing

@Suite struct DemoFlagsTests {
    @Test func defaults() throws {
        let flags = try DemoFlags([])
        #expect(flags.host == "127.0.0.1")
        #expect(flags.port == 3000)
        #expect(flags.configPath == nil)
        #expect(!flags.help)
        #expect(flags.logLevel == "info")
    }

    @Test func logLevels() throws {
        for level in DemoFlags.logLevels {
            #expect(try DemoFlags(["--log-level", level]).logLevel == level)
        }
        #expect(try DemoFlags(["--log-level=debug"]).logLevel == "debug")
    }

    @Test func everyFlagInBothSpellings() throws {
        let spaced = try DemoFlags(["--host", "0.0.0.0", "--port", "0", "--config", "a.json"])
        let joined = try DemoFlags(["--host=0.0.0.0", "--port=0", "--config=a.json"])
        #expect(spaced == joined)
        #expect(spaced.host == "0.0.0.0")
        #expect(spaced.port == 0)
        #expect(spaced.configPath == "a.json")
        #expect(try DemoFlags(["--help"]).help)
        #expect(try DemoFlags(["-h"]).help)
    }

    @Test(arguments: [
        (["--port"], "--port needs a value"),
        (["--port", "x"], "--port: 'x' is not a port number (0-65535)"),
        (["--port", "65536"], "--port: '65536' is not a port number (0-65535)"),
        (["--port", "-1"], "--port: '-1' is not a port number (0-65535)"),
        (["--host"], "--host needs a value"),
        (["--host="], "--host needs a non-empty value"),
        (["--config"], "--config needs a value"),
        (["--config="], "--config needs a file name"),
        (["--verbose"], "unknown argument '--verbose'"),
        (["extra"], "unknown argument 'extra'"),
        (["--help=yes"], "--help takes no value"),
        (["--log-level"], "--log-level needs a value"),
        (["--log-level", "loud"], "--log-level: 'loud' is not one of trace, debug, info, notice, warning, error, critical"),
    ])
    func mistakesAreNamed(arguments: [String], message: String) {
        #expect(throws: DemoFlagError(message)) { try DemoFlags(arguments) }
    }
}
