public import Logging
public import NIOCore
import NIOHTTP1
public import NIOPosix
public import ServiceLifecycle
import Synchronization

/// An HTTP/1.1 server on SwiftNIO hosting an `EngineHTTPService` (normally an `EngineEndpoint`) at its path and an
/// `EngineHTTPFallback` for every other request, with the connection limits of `EngineConnectionLimits`.
///
/// `start()` binds, `shutdown()` stops; `run()` does both around ServiceLifecycle's graceful shutdown.
public final class EngineServer: Service, Sendable {
    /// The host the server binds to.
    public let host: String
    /// The port asked for (0 picks a free one; see `localAddress` for the bound one).
    public let requestedPort: Int
    /// What serves the engine path.
    public let service: any EngineHTTPService
    /// The limits every connection gets.
    public let limits: EngineConnectionLimits
    /// Logs refusals and failures at debug level.
    public let logger: Logger

    private let configuration: HTTPServerConfiguration
    private let group: any EventLoopGroup
    /// Open connections (internal for tests).
    let registry: ConnectionRegistry
    private let state = Mutex(LifecycleState.idle)
    /// Completed when `shutdown()` has finished (or `start()` failed).
    private let finished: EventLoopPromise<Void>

    private enum LifecycleState {
        case idle
        case starting
        case running(any Channel)
        case stopping
        case stopped
    }

    /// A server for `service`. `limits` default to the endpoint's `options.connectionLimits` when `service` is an
    /// `EngineEndpoint`, and the fallback's body limit to its `maxHttpBufferSize` (else 1 MB).
    public init(
        host: String = "127.0.0.1", port: Int = 0, service: any EngineHTTPService,
        limits: EngineConnectionLimits? = nil, fallback: (any EngineHTTPFallback)? = nil,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "engine.server")
    ) {
        let endpointOptions = (service as? EngineEndpoint)?.options
        let limits = limits ?? endpointOptions?.connectionLimits ?? EngineConnectionLimits()
        self.host = host
        self.requestedPort = port
        self.service = service
        self.limits = limits
        self.logger = logger
        self.group = group
        let registry = ConnectionRegistry(maxConnections: limits.maxConnections)
        self.registry = registry
        self.configuration = HTTPServerConfiguration(
            service: service, fallback: fallback ?? NotFoundFallback(), limits: limits,
            fallbackBodyLimit: endpointOptions?.maxHttpBufferSize ?? 1_000_000, logger: logger, registry: registry
        )
        self.finished = group.next().makePromise(of: Void.self)
    }

    /// A server for a new `EngineEndpoint` with `options`, reporting sessions to `handler`.
    public convenience init(
        host: String = "127.0.0.1", port: Int = 0, options: EngineServerOptions, handler: any EngineHandler,
        fallback: (any EngineHTTPFallback)? = nil,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "engine.server")
    ) {
        let endpoint = EngineEndpoint(options: options, handler: handler, logger: logger)
        self.init(
            host: host, port: port, service: endpoint, limits: options.connectionLimits, fallback: fallback,
            group: group, logger: logger
        )
    }

    /// The address the server listens on, once started.
    public var localAddress: SocketAddress? {
        state.withLock { state in
            switch state {
            case .running(let channel): channel.localAddress
            case .idle, .starting, .stopping, .stopped: nil
            }
        }
    }

    /// The port the server listens on, once started.
    public var port: Int? { localAddress?.port }

    /// The number of open TCP connections.
    public var connectionCount: Int { registry.count }

    /// Binds and starts accepting; returns the bound address. Throws if already started or binding fails.
    @discardableResult
    public func start() async throws -> SocketAddress {
        try state.withLock { state in
            switch state {
            case .idle: state = .starting
            case .starting, .running, .stopping, .stopped: throw EngineServerError.alreadyStarted
            }
        }
        let channel: any Channel
        do {
            channel = try await makeBootstrap().bind(host: host, port: requestedPort).get()
        } catch {
            state.withLock { $0 = .stopped }
            finished.succeed()
            throw error
        }
        let stoppedEarly = state.withLock { state -> Bool in
            switch state {
            case .starting:
                state = .running(channel)
                return false
            case .idle, .running, .stopping, .stopped:
                return true
            }
        }
        if stoppedEarly { try? await channel.close() }
        guard let address = channel.localAddress else { throw EngineServerError.alreadyStarted }
        logger.debug("engine server listening", metadata: ["address": "\(address)"])
        return address
    }

    /// Starts if needed, serves until graceful shutdown or cancellation, then shuts down.
    public func run() async throws {
        let needsStart = state.withLock { state -> Bool in
            switch state {
            case .idle: true
            case .starting, .running, .stopping, .stopped: false
            }
        }
        if needsStart { try await start() }
        let finished = self.finished.futureResult
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                try? await finished.get()
            } onCancel: {
                Task { await self.shutdown() }
            }
        } onGracefulShutdown: {
            Task { await self.shutdown() }
        }
    }

    /// Stops accepting, closes every session with `serverShuttingDown`, then closes the remaining connections.
    /// Safe to call more than once and concurrently; every call returns once shutdown is complete.
    public func shutdown() async {
        let listener: (any Channel)?? = state.withLock { state in
            switch state {
            case .running(let channel):
                state = .stopping
                return .some(channel)
            case .idle:
                state = .stopped
                return .some(nil)
            case .starting:
                // `start()` sees the change and closes the listener it is binding.
                state = .stopping
                return .some(nil)
            case .stopping, .stopped:
                return nil
            }
        }
        guard let listener else {
            try? await finished.futureResult.get()
            return
        }
        if let listener { try? await listener.close() }
        _ = registry.stopAccepting()
        await service.shutdown(reason: .serverShuttingDown)
        for channel in registry.openChannels {
            channel.close(promise: nil)
            try? await channel.closeFuture.get()
        }
        state.withLock { $0 = .stopped }
        finished.succeed()
    }

    private func makeBootstrap() -> ServerBootstrap {
        let configuration = self.configuration
        let registry = self.registry
        let limits = self.limits
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            // NIO keeps each channel's read buffer for its lifetime at the largest size it grew to, so request heads
            // are read in small fixed chunks (HTTPConnectionGuard switches to an adaptive size after the head).
            .childChannelOption(.recvAllocator, value: HTTPConnectionGuard.headAllocator)
            // One pooled read buffer while the head arrives: the decoder holds a partial head's buffer, and NIO
            // would keep a second (up to maxMessagesPerRead) buffer per connection.
            .childChannelOption(.maxMessagesPerRead, value: 1)
            .childChannelInitializer { channel in
                guard registry.admit(channel) else {
                    configuration.logger.debug("connection refused at accept: connection cap or shutting down")
                    return channel.close()
                }
                return channel.eventLoop.makeCompletedFuture {
                    do {
                        try Self.configureHTTP(channel, configuration: configuration, limits: limits)
                    } catch {
                        // No handler may be there to report the teardown.
                        registry.remove(channel)
                        throw error
                    }
                }
            }
    }

    /// The HTTP phase of a connection: guard, decoder, encoder, router.
    static func configureHTTP(
        _ channel: any Channel, configuration: HTTPServerConfiguration, limits: EngineConnectionLimits
    ) throws {
        var decoderLimits = NIOHTTPDecoderLimitConfiguration()
        decoderLimits.maxHeaderListSize = limits.maxHeaderBytes
        decoderLimits.maxHeaderFieldSize = limits.maxHeaderBytes
        decoderLimits.maxHeaderFieldCount = limits.maxHeaderCount
        let guardHandler = HTTPConnectionGuard(
            limits: limits, logger: configuration.logger, registry: configuration.registry
        )
        let encoder = HTTPResponseEncoder()
        let decoder = ByteToMessageHandler(
            HTTPRequestDecoder(leftOverBytesStrategy: .forwardBytes, limitConfiguration: decoderLimits)
        )
        let router = HTTPConnectionHandler(
            configuration: configuration, connectionGuard: guardHandler, encoder: encoder, decoder: decoder
        )
        let pipeline = channel.pipeline.syncOperations
        try pipeline.addHandler(guardHandler)
        try pipeline.addHandler(decoder)
        try pipeline.addHandler(encoder)
        try pipeline.addHandler(router)
    }
}

/// Why an `EngineServer` call failed.
public struct EngineServerError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Code: Hashable, Sendable { case alreadyStarted }
    private let code: Code
    private init(_ code: Code) { self.code = code }
    /// `start()` was called on a server that already started (or stopped).
    public static let alreadyStarted = EngineServerError(.alreadyStarted)
    /// The cause's name.
    public var description: String {
        switch code {
        case .alreadyStarted: "server already started"
        }
    }
}
