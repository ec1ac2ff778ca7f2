internal import CLibxml2
import Foundation

/// An XML element as the frab XML reader needs it: name, attributes, child elements, text, and
/// where it starts, with its element path (`schedule/day[1]/room[2]/event[3]`) for messages.
final class XMLNode {
    let name: String
    /// In document order; a handful per element, so a list beats a dictionary.
    let attributes: [(name: String, value: String)]
    let line: Int
    /// This element's number among its parent's children of the same name, from 1 (XPath's).
    let ordinal: Int
    fileprivate(set) unowned var parent: XMLNode?
    fileprivate(set) var children: [XMLNode] = []
    fileprivate(set) var text = ""

    fileprivate init(name: String, attributes: [(name: String, value: String)], line: Int, ordinal: Int, parent: XMLNode?) {
        self.name = name
        self.attributes = attributes
        self.line = line
        self.ordinal = ordinal
        self.parent = parent
    }

    /// `schedule/day[1]/room[2]/event[3]`, built when a message needs it.
    var path: String {
        guard let parent else { return name }
        return "\(parent.path)/\(name)[\(ordinal)]"
    }

    func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }
    func children(_ name: String) -> [XMLNode] { children.filter { $0.name == name } }

    /// The trimmed text of a child element, nil when it is missing or empty.
    func childText(_ name: String) -> String? {
        guard let text = child(name)?.text.trimmed, !text.isEmpty else { return nil }
        return text
    }

    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value.trimmedOrNil
    }
}

/// Parses XML with libxml2's streaming reader into `XMLNode`s. Foundation's XMLParser builds the
/// same tree in the same time (docs/PERFORMANCE.md); this one was chosen because its options are
/// explicit (no network, no entity substitution, no DTD loading) and each node knows its line. A DOCTYPE is refused before libxml2 sees the file at all:
/// schedule files need none, and it is the way in for external entities and entity bombs.
enum XMLTree {
    static func parse(_ data: Data, file: String) throws(ScheduleLoadError) -> XMLNode {
        try parseDocument(declarationMovedToStart(data), file: file)
    }

    /// Real exports (a congress's, version 1.4 of one) start with a line break before
    /// `<?xml …?>`, which XML allows only first. The declaration is then blanked where it stands
    /// (lines and columns stay true) when it names UTF-8 or no encoding; one naming another
    /// encoding is read from the declaration on. Everything else stays strict.
    static func declarationMovedToStart(_ data: Data) -> Data {
        let offset = data.withUnsafeBytes { ScheduleLoader.firstMeaningfulOffset($0) }
        let hasMark = data.starts(with: [0xEF, 0xBB, 0xBF])
        guard offset > (hasMark ? 3 : 0), data.dropFirst(offset).starts(with: Array("<?xml".utf8)),
              let close = data[(data.startIndex + offset)...].firstRange(of: Array("?>".utf8)) else { return data }
        let declaration = String(decoding: data[(data.startIndex + offset)..<close.upperBound], as: UTF8.self).lowercased()
        let namesOther = declaration.contains("encoding") && !declaration.contains("utf-8") && !declaration.contains("utf8")
        if namesOther { return Data(data[(data.startIndex + offset)...]) }
        var blanked = data
        blanked.replaceSubrange((data.startIndex + offset)..<close.upperBound, with: [UInt8](repeating: 0x20, count: close.upperBound - data.startIndex - offset))
        return blanked
    }

    private static func parseDocument(_ data: Data, file: String) throws(ScheduleLoadError) -> XMLNode {
        func fail(line: Int, column: Int, _ message: String) -> ScheduleLoadError {
            ScheduleLoadError([Diagnostic(file: file, location: .position(line: line, column: column), message: message)])
        }
        if let offset = doctypeOffset(data) {
            let (line, column) = JSONDocument.lineAndColumn(ofByteOffset: offset, in: data)
            throw fail(line: line, column: column, "a DOCTYPE declaration is refused: schedule files need none, and it is how external entities and entity bombs get in")
        }
        let xml: LibXML2
        switch LibXML2.shared {
        case .success(let library): xml = library
        case .failure(let failure): throw ScheduleLoadError([Diagnostic(file: file, location: .file, message: failure.message)])
        }
        let errors = ErrorCollector()
        let result: Result<XMLNode, ScheduleLoadError> = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress, raw.count > 0 else { return .failure(fail(line: 1, column: 1, "the file is empty")) }
            let options = Int32(XML_PARSE_NONET.rawValue) | Int32(XML_PARSE_NOCDATA.rawValue)
            guard let reader = xml.readerForMemory(base.assumingMemoryBound(to: CChar.self), Int32(raw.count), nil, nil, options) else {
                return .failure(fail(line: 1, column: 1, "not readable as XML"))
            }
            defer { xml.freeTextReader(reader) }
            let context = Unmanaged.passUnretained(errors).toOpaque()
            xml.setStructuredErrorHandler(reader, { context, error in
                guard let context, let error else { return }
                let collector = Unmanaged<ErrorCollector>.fromOpaque(context).takeUnretainedValue()
                guard collector.first == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
                let message = error.pointee.message.map { String(cString: $0) } ?? "not well-formed"
                collector.first = (Int(error.pointee.line), Int(error.pointee.int2), message.trimmed)
            }, context)

            // Parents being filled, with how many children of each name they have so far.
            var stack: [(node: XMLNode, counts: [String: Int])] = []
            var root: XMLNode?
            // libxml2 interns names, so one pointer is always one name: convert each once.
            var names: [UnsafePointer<xmlChar>: String] = [:]
            func name(_ pointer: UnsafePointer<xmlChar>?) -> String {
                guard let pointer else { return "" }
                if let known = names[pointer] { return known }
                let converted = String(cString: pointer)
                names[pointer] = converted
                return converted
            }
            while true {
                let status = xml.read(reader)
                if status == 0 { break }
                if status < 0 {
                    let (line, column, message) = errors.first ?? (Int(xml.parserLineNumber(reader)), Int(xml.parserColumnNumber(reader)), "not well-formed")
                    return .failure(fail(line: max(1, line), column: max(1, column), "not valid XML: \(message)"))
                }
                switch xml.nodeType(reader) {
                case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                    let elementName = name(xml.constLocalName(reader))
                    var attributes: [(name: String, value: String)] = []
                    while xml.moveToNextAttribute(reader) == 1 {
                        attributes.append((name(xml.constLocalName(reader)), xml.constValue(reader).map { String(cString: $0) } ?? ""))
                    }
                    xml.moveToElement(reader)
                    let line = Int(xml.lineNumber(xml.currentNode(reader)))
                    var ordinal = 1
                    if !stack.isEmpty {
                        ordinal = (stack[stack.count - 1].counts[elementName] ?? 0) + 1
                        stack[stack.count - 1].counts[elementName] = ordinal
                    }
                    let node = XMLNode(name: elementName, attributes: attributes, line: max(1, line), ordinal: ordinal, parent: stack.last?.node)
                    if let parent = stack.last?.node { parent.children.append(node) } else { root = node }
                    if xml.isEmptyElement(reader) != 1 { stack.append((node, [:])) }
                case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                    _ = stack.popLast()
                case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
                    if let node = stack.last?.node, let value = xml.constValue(reader) { node.text += String(cString: value) }
                case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue):
                    let line = Int(xml.parserLineNumber(reader))
                    return .failure(fail(line: line, column: Int(xml.parserColumnNumber(reader)), "entity references are refused"))
                default:
                    break
                }
            }
            guard let root else { return .failure(fail(line: 1, column: 1, "no root element")) }
            return .success(root)
        }
        return try result.get()
    }

    private final class ErrorCollector {
        var first: (line: Int, column: Int, message: String)?
    }

    /// Where `<!DOCTYPE` stands in the prolog, if it does: before the first element, past the XML
    /// declaration, processing instructions and comments.
    static func doctypeOffset(_ data: Data) -> Int? {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int? in
            var index = 0
            func starts(_ text: String, at position: Int) -> Bool {
                let utf8 = Array(text.utf8)
                guard position + utf8.count <= bytes.count else { return false }
                for (offset, byte) in utf8.enumerated() where bytes[position + offset] | (byte >= 0x61 ? 0x20 : 0) != byte { return false }
                return true
            }
            while index < bytes.count {
                guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
                if starts("<!doctype", at: index) || starts("<!entity", at: index) { return index }
                if starts("<!--", at: index) || starts("<?", at: index) {
                    let closing = starts("<!--", at: index) ? "-->" : "?>"
                    index += 2
                    while index < bytes.count, !starts(closing, at: index) { index += 1 }
                    index += closing.utf8.count
                    continue
                }
                return nil
            }
            return nil
        }
    }

    /// Where each line starts, so an element's column can be found without rescanning the file.
    static func lineStarts(_ data: Data) -> [Int] {
        var starts = [0]
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "\n") { starts.append(index + 1) }
        }
        return starts
    }

    /// The column of `<name` on the element's line, for a message about that element.
    static func column(of node: XMLNode, in data: Data, lineStarts: [Int]) -> Int {
        guard node.line - 1 < lineStarts.count else { return 1 }
        return data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int in
            let needle = Array("<\(node.name)".utf8)
            var index = lineStarts[node.line - 1]
            var column = 1
            while index + needle.count <= bytes.count, bytes[index] != UInt8(ascii: "\n") {
                if (0..<needle.count).allSatisfy({ bytes[index + $0] == needle[$0] }) { return column }
                if bytes[index] & 0xC0 != 0x80 { column += 1 }
                index += 1
            }
            return 1
        }
    }
}
