import SIOParserNIO

extension AppNamespace {
    /// Routes `event` to a controller method without arguments; its value is emitted per `reply` and acknowledges.
    @discardableResult
    public func route<C: SocketController, Output: Encodable & Sendable>(
        _ event: String, to handler: @escaping @Sendable (C) -> () async throws -> Output,
        reply: RouteReply = .ack, middleware: [PacketMiddleware] = []
    ) -> AppNamespace {
        add(event, Route(middleware: middleware, reply: reply) { context in
            .value(try await handler(C(context: context))())
        })
        return self
    }

    /// Routes `event` to a controller method taking the first argument, decoded as `A`.
    @discardableResult
    public func route<C: SocketController, A: Decodable & SendableMetatype, Output: Encodable & Sendable>(
        _ event: String, to handler: @escaping @Sendable (C) -> (A) async throws -> Output,
        reply: RouteReply = .ack, middleware: [PacketMiddleware] = []
    ) -> AppNamespace {
        add(event, Route(middleware: middleware, reply: reply) { context in
            let a: A = try Self.decode(context.arguments, at: 0)
            return .value(try await handler(C(context: context))(a))
        })
        return self
    }

    /// Routes `event` to a controller method taking the first two arguments, decoded as `A` and `B`.
    @discardableResult
    public func route<
        C: SocketController, A: Decodable & SendableMetatype, B: Decodable & SendableMetatype,
        Output: Encodable & Sendable
    >(
        _ event: String, to handler: @escaping @Sendable (C) -> (A, B) async throws -> Output,
        reply: RouteReply = .ack, middleware: [PacketMiddleware] = []
    ) -> AppNamespace {
        add(event, Route(middleware: middleware, reply: reply) { context in
            let a: A = try Self.decode(context.arguments, at: 0)
            let b: B = try Self.decode(context.arguments, at: 1)
            return .value(try await handler(C(context: context))(a, b))
        })
        return self
    }

    /// Routes `event` to a controller method without arguments or result (an empty acknowledgement when asked).
    @discardableResult
    public func route<C: SocketController>(
        _ event: String, to handler: @escaping @Sendable (C) -> () async throws -> Void,
        reply: RouteReply = .ack, middleware: [PacketMiddleware] = []
    ) -> AppNamespace {
        add(event, Route(middleware: middleware, reply: reply) { context in
            try await handler(C(context: context))()
            return .void
        })
        return self
    }

    /// Routes `event` to a controller method taking the first argument, without result.
    @discardableResult
    public func route<C: SocketController, A: Decodable & SendableMetatype>(
        _ event: String, to handler: @escaping @Sendable (C) -> (A) async throws -> Void,
        reply: RouteReply = .ack, middleware: [PacketMiddleware] = []
    ) -> AppNamespace {
        add(event, Route(middleware: middleware, reply: reply) { context in
            let a: A = try Self.decode(context.arguments, at: 0)
            try await handler(C(context: context))(a)
            return .void
        })
        return self
    }

    /// Routes `event` to a controller method taking the first two arguments, without result.
    @discardableResult
    public func route<C: SocketController, A: Decodable & SendableMetatype, B: Decodable & SendableMetatype>(
        _ event: String, to handler: @escaping @Sendable (C) -> (A, B) async throws -> Void,
        reply: RouteReply = .ack, middleware: [PacketMiddleware] = []
    ) -> AppNamespace {
        add(event, Route(middleware: middleware, reply: reply) { context in
            let a: A = try Self.decode(context.arguments, at: 0)
            let b: B = try Self.decode(context.arguments, at: 1)
            try await handler(C(context: context))(a, b)
            return .void
        })
        return self
    }

    /// Decodes one argument, a failure as `AppArgumentError`.
    static func decode<T: Decodable>(_ arguments: SIOArguments, at index: Int) throws(AppArgumentError) -> T {
        do {
            return try arguments.decode(T.self, at: index)
        } catch {
            throw AppArgumentError(index: index, detail: "\(error)")
        }
    }
}
