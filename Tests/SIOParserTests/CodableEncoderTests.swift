import Foundation
import SIOParser
import Testing

@Suite struct CodableEncoderTests {
    /// Encodes `value` and returns its JSON text (no attachments expected).
    func json<T: Encodable>(_ value: T) throws -> String {
        let encoded = try SIOValueEncoder().encode(value)
        #expect(encoded.attachments.isEmpty)
        return encoded.jsonString
    }

    // Every expected string below was printed by `node -e 'console.log(JSON.stringify(...))'` for the same object.

    @Test func structInDeclarationOrderLikeJSONStringify() throws {
        let message = SampleMessage(
            user: "ann", text: "hi", mood: .happy, level: .high, tags: ["a", "b"],
            meta: SampleMeta(id: 7, ratio: 0.5, grid: [[1, 2], [], [3]]), scores: ["x": 1], shape: .square(side: 2)
        )
        // node -e 'console.log(JSON.stringify({user:"ann",text:"hi",mood:"happy",level:2,tags:["a","b"],
        //   meta:{id:7,ratio:0.5,grid:[[1,2],[],[3]]},scores:{x:1},shape:{square:{side:2}}}))'
        #expect(try json(message) == #"{"user":"ann","text":"hi","mood":"happy","level":2,"tags":["a","b"],"#
            + #""meta":{"id":7,"ratio":0.5,"grid":[[1,2],[],[3]]},"scores":{"x":1},"shape":{"square":{"side":2}}}"#)
    }

    @Test func nilOptionalsAreOmittedLikeUndefined() throws {
        let message = SampleMessage(
            user: "u", text: "", mood: nil, level: .low, tags: [], meta: nil, scores: [:], shape: .none
        )
        // node: JSON.stringify({user:"u",text:"",mood:undefined,level:1,tags:[],meta:undefined,scores:{},shape:{none:{}}})
        #expect(try json(message) == #"{"user":"u","text":"","level":1,"tags":[],"scores":{},"shape":{"none":{}}}"#)
        // In arrays and at the top level nil is null: JSON.stringify([1,null]) and JSON.stringify(null).
        #expect(try json([1, nil] as [Int?]) == "[1,null]")
        #expect(try json(nil as Int?) == "null")
    }

    @Test func escapeHeavyAndUnicodeStrings() throws {
        let text = "q\"b\\s/n\nt\tr\rb\u{8}f\u{C}\u{0}\u{1}\u{1F}\u{7F}\u{2028}\u{2029}é中😀"
        // node -e 'console.log(JSON.stringify("q\"b\\s/n\nt\tr\rb\bf\f\0\x01\x1f\x7f\u2028\u2029é中😀"))'
        #expect(try json(text) == "\"q\\\"b\\\\s/n\\nt\\tr\\rb\\bf\\f\\u0000\\u0001\\u001f\u{7F}\u{2028}\u{2029}é中😀\"")
        #expect(try json(["ké\ny": 1]) == #"{"ké\ny":1}"#)
    }

    @Test func numbersAtTheEdges() throws {
        // node: JSON.stringify([9223372036854775807n...]) cannot take BigInt; integers beyond 2^53 are written exactly.
        #expect(try json([Int64.max]) == "[9223372036854775807]")
        #expect(try json([Int64.min]) == "[-9223372036854775808]")
        #expect(try json([UInt64.max]) == "[18446744073709551615]")
        #expect(try json([Int8.min, 0, Int8.max]) == "[-128,0,127]")
        // node -e 'console.log(JSON.stringify([0.1,1e21,1e-7,-0,5e-324,1.7976931348623157e308,123456789012345680000,
        //   1.5,-2.25,100,NaN,Infinity,-Infinity]))'
        let doubles: [Double] = [
            0.1, 1e21, 1e-7, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1.2345678901234568e20,
            1.5, -2.25, 100, .nan, .infinity, -.infinity,
        ]
        #expect(try json(doubles) == "[0.1,1e+21,1e-7,0,5e-324,1.7976931348623157e+308,123456789012345680000,"
            + "1.5,-2.25,100,null,null,null]")
        // A Float is written with its own shortest digits: node -e 'console.log(JSON.stringify([0.1,3.4028235e38,null]))'
        #expect(try json([Float(0.1), .greatestFiniteMagnitude, .nan]) == "[0.1,3.4028235e+38,null]")
        #expect(try json(true) == "true")
    }

    @Test func superEncoderWritesTheSuperMember() throws {
        // node: JSON.stringify({name:"rex",super:{legs:4}})
        #expect(try json(Dog(legs: 4, name: "rex")) == #"{"name":"rex","super":{"legs":4}}"#)
    }

    @Test func subclassSharingItsEncoderWithSuper() throws {
        class Point: Codable {
            var x = 1
        }
        final class Point3D: Point {
            var z = 3
            private enum CodingKeys: String, CodingKey { case z }
            override init() { super.init() }
            required init(from decoder: any Decoder) throws {
                z = try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .z)
                try super.init(from: decoder)
            }
            override func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try super.encode(to: encoder)
                try container.encode(z, forKey: .z)
            }
        }
        // node: JSON.stringify({x:1,z:3})
        let encoded = try SIOValueEncoder().encode(Point3D())
        #expect(encoded.jsonString == #"{"x":1,"z":3}"#)
        let decoded = try SIOValueDecoder().decode(Point3D.self, from: codableDocument(encoded.jsonString).root)
        #expect(decoded.x == 1 && decoded.z == 3)
    }

    @Test func nestedContainersAndEmptyValues() throws {
        struct Manual: Encodable {
            func encode(to encoder: any Encoder) throws {
                var top = encoder.container(keyedBy: TestKey.self)
                var list = top.nestedUnkeyedContainer(forKey: TestKey("list"))
                try list.encode(1)
                var inner = list.nestedContainer(keyedBy: TestKey.self)
                try inner.encode("x", forKey: TestKey("k"))
                try list.encode(2)  // closes `inner` first
                try top.encode(true, forKey: TestKey("after"))  // closes `list`
                _ = top.nestedContainer(keyedBy: TestKey.self, forKey: TestKey("empty"))
                _ = top.superEncoder(forKey: TestKey("nothing"))
                var again = encoder.container(keyedBy: TestKey.self)  // the same container, as JSONEncoder allows
                try again.encode(3, forKey: TestKey("last"))
            }
        }
        // node: JSON.stringify({list:[1,{k:"x"},2],after:true,empty:{},nothing:{},last:3})
        #expect(try json(Manual()) == #"{"list":[1,{"k":"x"},2],"after":true,"empty":{},"nothing":{},"last":3}"#)
        struct Nothing: Encodable { func encode(to encoder: any Encoder) throws {} }
        #expect(try json([Nothing()]) == "[{}]")
    }

    @Test func outOfOrderContainerUseIsAnError() throws {
        struct Interleaved: Encodable {
            func encode(to encoder: any Encoder) throws {
                var top = encoder.container(keyedBy: TestKey.self)
                var a = top.nestedContainer(keyedBy: TestKey.self, forKey: TestKey("a"))
                _ = top.nestedContainer(keyedBy: TestKey.self, forKey: TestKey("b"))
                try a.encode(1, forKey: TestKey("late"))
            }
        }
        let error = #expect(throws: EncodingError.self) { try SIOValueEncoder().encode(Interleaved()) }
        guard case .invalidValue(_, let context) = error else { return }
        #expect(context.codingPath.map(\.stringValue) == ["a", "late"])

        struct Twice: Encodable {
            func encode(to encoder: any Encoder) throws {
                var single = encoder.singleValueContainer()
                try single.encode(1)
                try single.encode(2)
            }
        }
        #expect(throws: EncodingError.self) { try SIOValueEncoder().encode(Twice()) }

        struct Mixed: Encodable {
            func encode(to encoder: any Encoder) throws {
                var single = encoder.singleValueContainer()
                try single.encode(1)
                var keyed = encoder.container(keyedBy: TestKey.self)
                try keyed.encode(2, forKey: TestKey("k"))
            }
        }
        #expect(throws: EncodingError.self) { try SIOValueEncoder().encode(Mixed()) }
    }

    @Test func depthIsBounded() throws {
        final class Node: Encodable {
            var next: Node?
        }
        let cycle = Node()
        cycle.next = cycle
        let error = #expect(throws: EncodingError.self) { try SIOValueEncoder().encode(cycle) }
        #expect(error != nil)
        var chain = Node()
        for _ in 0..<10 {
            let head = Node()
            head.next = chain
            chain = head
        }
        #expect(throws: EncodingError.self) { try SIOValueEncoder(options: .init(maxDepth: 5)).encode(chain) }
        #expect(try SIOValueEncoder().encode(chain).json.count > 0)
    }

    @Test func attachmentsBecomePlaceholders() throws {
        let upload = SampleUpload(name: "a", file: [1, 2, 3], thumbnail: nil)
        let encoded = try SIOValueEncoder().encodeEvent(
            "upload", upload, Data([9, 8]), [UInt8]([7]), [UInt8]()
        )
        #expect(encoded.jsonString == #"["upload",{"name":"a","file":{"_placeholder":true,"num":0}},"#
            + #"{"_placeholder":true,"num":1},{"_placeholder":true,"num":2},{"_placeholder":true,"num":3}]"#)
        #expect(encoded.attachments.map(bytesOf) == [[1, 2, 3], [9, 8], [7], []])
        #expect(encoded.attachments[1] is Data)
    }

    @Test func argumentListsAndAppending() throws {
        let encoder = SIOValueEncoder()
        #expect(try encoder.encodeArguments().jsonString == "[]")
        #expect(try encoder.encodeArguments(1, "a", [true]).jsonString == #"[1,"a",[true]]"#)
        let mixed: [any Encodable] = ["chat", 2, [UInt8]([5])]
        let encoded = try encoder.encodeArguments(mixed)
        #expect(encoded.jsonString == #"["chat",2,{"_placeholder":true,"num":0}]"#)

        var out = Array("42".utf8)
        var attachments: [any BinaryAttachment] = [[UInt8]([0])]
        try encoder.encode(["x": [UInt8]([1])], into: &out, attachments: &attachments)
        #expect(String(decoding: out, as: UTF8.self) == #"42{"x":{"_placeholder":true,"num":1}}"#)
        #expect(attachments.count == 2)
        // On failure nothing is appended.
        final class Loop: Encodable { var next: Loop? }
        let loop = Loop()
        loop.next = loop
        #expect(throws: EncodingError.self) { try encoder.encode(loop, into: &out, attachments: &attachments) }
        #expect(String(decoding: out, as: UTF8.self) == #"42{"x":{"_placeholder":true,"num":1}}"#)
        #expect(attachments.count == 2)
    }
}

/// A string-or-int key for hand-written containers.
struct TestKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}
