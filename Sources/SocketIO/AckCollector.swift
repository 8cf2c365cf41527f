import NIOConcurrencyHelpers
import SIOParserNIO

/// Collects a broadcast's acknowledgements: complete once every node reported its client count and that many
/// answers arrived; otherwise the timeout ends it with the answers so far.
final class AckCollector: Sendable {
    private struct State {
        var continuation: CheckedContinuation<[SIOArguments], any Error>?
        var responses: [SIOArguments] = []
        var expectedClients = 0
        var reportedServers = 0
        var expectedServers = -1
        var timer: Task<Void, Never>?
    }

    private let state = NIOLockedValueBox(State())

    /// Starts waiting; the timeout fails the wait with what arrived.
    func start(_ continuation: CheckedContinuation<[SIOArguments], any Error>, timeout: Duration) {
        let timer = Task { [self] in
            try? await Task.sleep(for: timeout)
            guard !Task.isCancelled else { return }
            expire()
        }
        state.withLockedValue { state in
            state.continuation = continuation
            state.timer = timer
        }
    }

    /// A node reported how many sockets the packet reached there.
    func addClients(_ count: Int) {
        update { state in
            state.expectedClients += count
            state.reportedServers += 1
        }
    }

    /// The number of nodes is known.
    func setServerCount(_ count: Int) {
        update { $0.expectedServers = count }
    }

    /// An answer arrived.
    func add(_ response: SIOArguments) {
        update { $0.responses.append(response) }
    }

    private func update(_ body: (inout State) -> Void) {
        let finished: (CheckedContinuation<[SIOArguments], any Error>, [SIOArguments], Task<Void, Never>?)? =
            state.withLockedValue { state in
                body(&state)
                guard state.expectedServers >= 0, state.reportedServers >= state.expectedServers,
                    state.responses.count >= state.expectedClients, let continuation = state.continuation
                else { return nil }
                state.continuation = nil
                return (continuation, state.responses, state.timer)
            }
        guard let (continuation, responses, timer) = finished else { return }
        timer?.cancel()
        continuation.resume(returning: responses)
    }

    private func expire() {
        let finished: (CheckedContinuation<[SIOArguments], any Error>, BroadcastAckTimeout)? =
            state.withLockedValue { state in
                guard let continuation = state.continuation else { return nil }
                state.continuation = nil
                let expected = state.reportedServers >= state.expectedServers && state.expectedServers >= 0
                    ? state.expectedClients : -1
                return (continuation, BroadcastAckTimeout(responses: state.responses, expected: expected))
            }
        guard let (continuation, error) = finished else { return }
        continuation.resume(throwing: error)
    }
}
