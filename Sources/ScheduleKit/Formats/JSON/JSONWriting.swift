/// JSON text of a value, keys in order, for Hallway's own small state files (stars, places, the
/// digest of changes): laid out as Foundation's JSONSerialization laid them out (`"key" : value`
/// and two spaces a level when pretty, empty containers on two lines), which it replaces for
/// issue 25's port. Keys are in plain text order; JSONSerialization's was a localised one
/// ("a9" before "a10", case ignored), which no reader of the files depends on.
extension JSONValue {
    public func written(pretty: Bool = false, escapingSlashes: Bool = true) -> String {
        var output = ""
        write(into: &output, depth: 0, pretty: pretty, escapingSlashes: escapingSlashes)
        return output
    }

    private func write(into output: inout String, depth: Int, pretty: Bool, escapingSlashes: Bool) {
        /// `[…]` or `{…}`: each item on a line of its own when pretty, an empty one on two lines.
        func container(_ open: String, _ close: String, count: Int, item: (Int, inout String) -> Void) {
            let indent = pretty ? String(repeating: "  ", count: depth + 1) : ""
            output += open
            if pretty { output += "\n" }
            for index in 0..<count {
                output += indent
                item(index, &output)
                if index < count - 1 { output += "," }
                if pretty { output += "\n" }
            }
            if pretty && count == 0 { output += "\n" }
            if pretty { output += String(repeating: "  ", count: depth) }
            output += close
        }
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let value):
            output += value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let text): Self.writeString(text, into: &output, escapingSlashes: escapingSlashes)
        case .array(let items):
            container("[", "]", count: items.count) { index, output in
                items[index].write(into: &output, depth: depth + 1, pretty: pretty, escapingSlashes: escapingSlashes)
            }
        case .object(let object):
            let fields = zip(object.keys, object.values).sorted { $0.0 < $1.0 }
            container("{", "}", count: fields.count) { index, output in
                Self.writeString(fields[index].0, into: &output, escapingSlashes: escapingSlashes)
                output += pretty ? " : " : ":"
                fields[index].1.write(into: &output, depth: depth + 1, pretty: pretty, escapingSlashes: escapingSlashes)
            }
        }
    }

    private static func writeString(_ text: String, into output: inout String, escapingSlashes: Bool) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "/" where escapingSlashes: output += "\\/"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{8}": output += "\\b"
            case "\u{C}": output += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
