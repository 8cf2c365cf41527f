import NIOCore
import Testing
import WSFraming

@testable import Transports

/// Every idle WebSocket session carries these values; their sizes decide which malloc size class the session's two
/// objects land in (an object one byte over a 16-byte boundary costs 16 more). A field added without care fails here.
@Suite struct IdleMemoryLayoutTests {
    @Test func perConnectionValuesStaySmall() {
        #expect(MemoryLayout<WSConnection>.size <= 161)
        #expect(MemoryLayout<EngineHeartbeatTimer>.size <= 24)
        #expect(MemoryLayout<CompactRequestHead>.size <= 16)
        #expect(MemoryLayout<EngineSessionStateMachine>.size <= 65)
        #expect(MemoryLayout<CompactRecvAllocator>.size <= 3 * MemoryLayout<Int>.size)
    }
}
