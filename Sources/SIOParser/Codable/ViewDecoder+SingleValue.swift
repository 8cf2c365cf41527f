extension ViewDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool {
        guard let value else { return true }
        return value.kind == .null
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        let value = try require(.bool, as: Bool.self)
        guard let bool = value.boolValue else { throw mismatch(Bool.self, found: value.kind.phrase) }
        return bool
    }

    func decode(_ type: String.Type) throws -> String {
        let value = try require(.string, as: String.self)
        guard let string = value.stringValue else { throw mismatch(String.self, found: value.kind.phrase) }
        return string
    }

    func decode(_ type: Double.Type) throws -> Double { try floatingPoint(Double.self) }
    func decode(_ type: Float.Type) throws -> Float { try floatingPoint(Float.self) }
    func decode(_ type: Int.Type) throws -> Int { try integer(Int.self) }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer(Int8.self) }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer(Int16.self) }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer(Int32.self) }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer(Int64.self) }
    func decode(_ type: UInt.Type) throws -> UInt { try integer(UInt.self) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(UInt8.self) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(UInt16.self) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(UInt32.self) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(UInt64.self) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decodeValue(T.self)
    }

    // MARK: - Numbers

    /// Reads an integer: exact integers in range; integral numbers written with a fraction or exponent if the options
    /// allow; anything else (1.5, out of range) is `dataCorrupted`, as in JSONDecoder.
    func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let value = try require(.number, as: T.self)
        let plain = value.isInteger
        guard plain || context.options.acceptsIntegralFloatingPointForIntegers else { throw doesNotFit(value, T.self) }
        if let int = value.int64Value {
            guard let result = T(exactly: int) else { throw doesNotFit(value, T.self) }
            return result
        }
        if plain {
            // Too large for Int64: only a UInt64 (or UInt) target can still hold it.
            guard let big = NumberText.unsignedValue(of: value.rawBytes), let result = T(exactly: big) else {
                throw doesNotFit(value, T.self)
            }
            return result
        }
        // Written with a fraction or exponent and not an Int64: a huge integral value, a fraction, or out of range.
        guard let double = value.doubleValue, let result = T(exactly: double) else {
            throw doesNotFit(value, T.self)
        }
        return result
    }

    /// Reads a floating-point number; integers are accepted; a finite number too large for the target is an error.
    func floatingPoint<T: BinaryFloatingPoint>(_ type: T.Type) throws -> T {
        let value = try require(.number, as: T.self)
        guard let double = value.doubleValue else { throw doesNotFit(value, T.self) }
        let result = T(double)
        guard result.isFinite || !double.isFinite else { throw doesNotFit(value, T.self) }
        return result
    }

    private func doesNotFit(_ value: JSONView<RawBytes>, _ type: Any.Type) -> DecodingError {
        corrupted("Number \(String(decoding: value.rawBytes, as: UTF8.self)) does not fit in \(type).")
    }
}
