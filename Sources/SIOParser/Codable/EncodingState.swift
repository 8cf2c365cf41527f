/// The output and the stack of open JSON containers that every encoder and container of one encode share.
///
/// Values are written straight to `out` as they are encoded. Each open container (or a slot still waiting for a
/// value) is a frame; writing through a container first closes every frame opened above it, because those nested
/// values are complete once their parent moves on. Using a container after it was closed that way (interleaving two
/// sibling containers) cannot be streamed and is reported as an `EncodingError`.
final class EncodingState {
    /// What a frame on the stack is.
    enum Kind {
        /// An open object: `{` written.
        case object
        /// An open array: `[` written.
        case array
        /// A place where a value is due (after a key, a comma or at the top level), nothing written yet.
        case slot
        /// A slot whose single value has been written.
        case filled
    }

    struct Frame {
        var serial: Int
        var kind: Kind
        var count: Int
    }

    // Every write goes through these class properties; dynamic exclusivity checks on them cost more than the
    // writes themselves. No access here ever overlaps another: accesses are short and a value's `encode(to:)`
    // runs while none is in progress.
    @exclusivity(unchecked) var out: [UInt8] = []
    @exclusivity(unchecked) var attachments: [any BinaryAttachment] = []
    @exclusivity(unchecked) private(set) var frames: [Frame] = []
    private var nextSerial = 0
    /// An error found in a non-throwing call (`nestedContainer`, `superEncoder`), thrown at the next write.
    var deferredError: EncodingError?
    let maxDepth: Int
    let userInfo: [CodingUserInfoKey: Any]

    init(maxDepth: Int, userInfo: [CodingUserInfoKey: Any]) {
        self.maxDepth = maxDepth
        self.userInfo = userInfo
    }

    /// Opens a frame on top of the stack and returns its position and serial.
    func push(_ kind: Kind) -> (index: Int, serial: Int) {
        nextSerial += 1
        frames.append(Frame(serial: nextSerial, kind: kind, count: 0))
        switch kind {
        case .object: out.append(UInt8(ascii: "{"))
        case .array: out.append(UInt8(ascii: "["))
        case .slot, .filled: break
        }
        return (frames.count - 1, nextSerial)
    }

    /// Whether the frame a container or encoder refers to is still open.
    func isOpen(_ index: Int, _ serial: Int) -> Bool {
        index < frames.count && frames[index].serial == serial
    }

    func kind(at index: Int) -> Kind { frames[index].kind }

    func setKind(_ kind: Kind, at index: Int) { frames[index].kind = kind }

    func count(at index: Int) -> Int { frames[index].count }

    /// Turns the slot at `index` into an open object or array, writing its opening bracket.
    func replaceSlot(at index: Int, with kind: Kind) {
        frames[index].kind = kind
        switch kind {
        case .object: out.append(UInt8(ascii: "{"))
        case .array: out.append(UInt8(ascii: "["))
        case .slot, .filled: break
        }
    }

    /// Closes (writes the end of) every frame above `index`; with `including`, that frame too.
    func close(above index: Int, including: Bool = false) {
        let keep = including ? index : index + 1
        while frames.count > keep {
            let frame = frames.removeLast()
            switch frame.kind {
            case .object: out.append(UInt8(ascii: "}"))
            case .array: out.append(UInt8(ascii: "]"))
            case .slot: out.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])  // encoded nothing: `{}`
            case .filled: break
            }
        }
    }

    /// Prepares the frame at `index` for its next member or element: checks it is still open, closes what is
    /// above it, writes the separating comma.
    func beginEntry(_ index: Int, _ serial: Int, path: @autoclosure () -> [any CodingKey]) throws {
        if let deferredError { throw deferredError }
        guard isOpen(index, serial) else { throw outOfOrder(path()) }
        close(above: index)
        if frames[index].count > 0 { out.append(UInt8(ascii: ",")) }
        frames[index].count += 1
    }

    /// `beginEntry` for the non-throwing container calls: a failure is kept and thrown by the next write.
    func beginEntryDeferringError(_ index: Int, _ serial: Int, path: @autoclosure () -> [any CodingKey]) {
        do {
            try beginEntry(index, serial, path: path())
        } catch {
            deferredError = deferredError ?? (error as? EncodingError) ?? outOfOrder(path())
        }
    }

    func outOfOrder(_ path: [any CodingKey]) -> EncodingError {
        EncodingError.invalidValue(
            (),
            .init(
                codingPath: path,
                debugDescription: "A container was used after a sibling container was started; SIOValueEncoder writes "
                    + "in order and cannot go back."
            )
        )
    }

    /// Writes a member name and its colon.
    func writeKey(_ key: String) {
        JSONOut.string(key, to: &out)
        out.append(UInt8(ascii: ":"))
    }

    /// Writes any `Encodable` in the current position: attachments as placeholders, everything else through its
    /// `encode(to:)` into a fresh slot that is closed when it returns.
    func encodeValue<T: Encodable>(_ value: T, parent: CodingPathNode, step: PathStep) throws {
        // Common leaf types first: a metatype comparison is far cheaper than the attachment conformance check, and
        // arrays and dictionaries send every element through here.
        if T.self == String.self, let string = value as? String {
            JSONOut.string(string, to: &out)
            return
        }
        if T.self == Int.self, let int = value as? Int {
            JSONOut.int(int, to: &out)
            return
        }
        if T.self == Double.self, let double = value as? Double {
            JSONOut.double(double, to: &out)
            return
        }
        if T.self == Bool.self, let bool = value as? Bool {
            JSONOut.bool(bool, to: &out)
            return
        }
        if let attachment = value as? any BinaryAttachment {
            writePlaceholder(attachment)
            return
        }
        guard frames.count < maxDepth else {
            throw EncodingError.invalidValue(
                value,
                .init(
                    codingPath: step.node(after: parent).keys,
                    debugDescription: "Nesting is deeper than the limit of \(maxDepth) (SIOValueEncoder.Options.maxDepth)."
                )
            )
        }
        let slot = push(.slot)
        try value.encode(to: SlotEncoder(state: self, index: slot.index, serial: slot.serial, parent: parent, step: step))
        if let deferredError { throw deferredError }
        close(above: slot.index, including: true)
    }

    /// Writes `{"_placeholder":true,"num":N}` and records the attachment as number N.
    func writePlaceholder(_ attachment: any BinaryAttachment) {
        out.append(contentsOf: #"{"_placeholder":true,"num":"#.utf8)
        JSONOut.int(Int64(attachments.count), to: &out)
        out.append(UInt8(ascii: "}"))
        attachments.append(attachment)
    }
}
