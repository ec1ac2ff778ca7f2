internal import CLibxml2
import Foundation

/// An XML element as the frab XML reader needs it: name, attributes, child elements, text, and
/// where it starts, with its element path (`schedule/day[1]/room[2]/event[3]`) for messages.
final class XMLNode {
    let name: String
    /// In document order; a handful per element, so a list beats a dictionary.
    let attributes: [(name: String, value: String)]
    /// Where its start tag's `<` stands.
    let line: Int
    let column: Int
    /// This element's number among its parent's children of the same name, from 1 (XPath's).
    let ordinal: Int
    fileprivate(set) unowned var parent: XMLNode?
    fileprivate(set) var children: [XMLNode] = []
    fileprivate(set) var text = ""
    /// The text, when it was left in the file (see `XMLTreeWatcher.placement(ofTextOf:_:)`); `text` is then empty.
    fileprivate(set) var storedText: LongText?

    fileprivate init(name: String, attributes: [(name: String, value: String)], line: Int, column: Int, ordinal: Int, parent: XMLNode?) {
        self.name = name
        self.attributes = attributes
        self.line = line
        self.column = column
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

/// Told of each element as the tree grows, so a reader can take what it has read and let the
/// rest of the document go: `opened` when its attributes are known, `closed` when it is whole.
protocol XMLTreeWatcher {
    mutating func opened(_ node: XMLNode)
    /// True when the watcher has taken the element: it then leaves its parent's children.
    mutating func closed(_ node: XMLNode) -> Bool
    /// What becomes of the long text of an element of this name with no children (left in the
    /// file or held as given: `XMLNode.storedText`); nil when it stays the element's text.
    func placement(ofTextOf name: String, _ text: String) -> LongTextPlacement?
}

extension XMLTreeWatcher {
    func placement(ofTextOf name: String, _ text: String) -> LongTextPlacement? { nil }
}

/// Where XML bytes come from: as many as fit in the space, from an offset of the document.
typealias XMLSource = (UnsafeMutableRawBufferPointer, Int) throws(ScheduleLoadError) -> Int

/// Parses XML with libxml2's streaming reader into `XMLNode`s, fed from the file a piece at a
/// time, never holding it whole. Foundation's XMLParser builds the same tree in the same time
/// (docs/PERFORMANCE.md); this one was chosen because its options are explicit (no network, no
/// entity substitution, no DTD loading). A DOCTYPE is refused before libxml2 sees the file at
/// all: schedule files need none, and it is the way in for external entities and entity bombs.
enum XMLTree {
    /// How much of a file is looked at before libxml2 is given any of it: the prolog (the
    /// declaration, comments and instructions before the first element) must end within it.
    static let headSize = 1 << 20

    /// A whole document in memory, every element kept (the benchmark and tests).
    static func parse(_ data: Data, file: String) throws(ScheduleLoadError) -> XMLNode {
        struct KeepsAll: XMLTreeWatcher {
            func opened(_ node: XMLNode) {}
            func closed(_ node: XMLNode) -> Bool { false }
        }
        var keeper = KeepsAll()
        return try read(head: data.prefix(headSize), source: { space, offset throws(ScheduleLoadError) in data.read(into: space, at: offset) },
                        file: file, watcher: &keeper)
    }

    /// Reads the document whose first bytes are `head` (all of it when shorter than `headSize`)
    /// and whose rest `source` gives, telling `watcher` of each element.
    /// The head is consumed: it is let go once libxml2's feed has its own copy, not held to the end.
    static func read<Watcher: XMLTreeWatcher>(head: consuming Data, source: @escaping XMLSource, file: String, textFile: TextFile? = nil,
                                              watcher: inout Watcher) throws(ScheduleLoadError) -> XMLNode {
        func fail(line: Int, column: Int, _ message: String) -> ScheduleLoadError {
            ScheduleLoadError([Diagnostic(file: file, location: .position(line: line, column: column), message: message)])
        }
        switch prologEnd(head) {
        case .doctype(let offset):
            let (line, column) = JSONDocument.lineAndColumn(ofByteOffset: offset, in: head)
            throw fail(line: line, column: column, "a DOCTYPE declaration is refused: schedule files need none, and it is how external entities and entity bombs get in")
        case .unfinished where head.count >= headSize:
            throw fail(line: 1, column: 1, "the comments and instructions before the first element run past the first MiB; a schedule's start is refused that far in")
        case .unfinished, .element:
            break
        }
        guard !head.isEmpty else { throw fail(line: 1, column: 1, "the file is empty") }
        let xml: LibXML2
        switch LibXML2.shared {
        case .success(let library): xml = library
        case .failure(let failure): throw ScheduleLoadError([Diagnostic(file: file, location: .file, message: failure.message)])
        }
        let feed = XMLFeed(head: consume head, source: source, textFile: textFile)
        let options = Int32(XML_PARSE_NONET.rawValue) | Int32(XML_PARSE_NOCDATA.rawValue)
        let context = Unmanaged.passUnretained(feed).toOpaque()
        guard let reader = xml.readerForIO({ context, buffer, length in
            guard let context, let buffer else { return -1 }
            return Unmanaged<XMLFeed>.fromOpaque(context).takeUnretainedValue().give(buffer, Int(length))
        }, nil, context, nil, nil, options) else {
            throw fail(line: 1, column: 1, "not readable as XML")
        }
        defer { xml.freeTextReader(reader) }
        return try withExtendedLifetime(feed) { () throws(ScheduleLoadError) -> XMLNode in
            xml.setStructuredErrorHandler(reader, { context, error in
                guard let context, let error else { return }
                let feed = Unmanaged<XMLFeed>.fromOpaque(context).takeUnretainedValue()
                guard feed.firstError == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
                let message = error.pointee.message.map { String(cString: $0) } ?? "not well-formed"
                feed.firstError = (Int(error.pointee.line), Int(error.pointee.int2), message.trimmed)
            }, context)
            return try grow(reader, xml, feed, fail: fail, watcher: &watcher)
        }
    }

    /// The tree, element by element as libxml2 reads them.
    private static func grow<Watcher: XMLTreeWatcher>(_ reader: xmlTextReaderPtr, _ xml: LibXML2, _ feed: XMLFeed,
                                                      fail: (Int, Int, String) -> ScheduleLoadError,
                                                      watcher: inout Watcher) throws(ScheduleLoadError) -> XMLNode {
        // Parents being filled, with how many children of each name they have so far, by the
        // name's interned pointer: a parent has a handful of names, and hashing each child's
        // name into a dictionary was a sixth of growing the tree.
        var stack: [(node: XMLNode, counts: [(name: UnsafePointer<xmlChar>?, count: Int)])] = []
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
        func close(_ node: XMLNode) {
            if let file = feed.textFile, node.children.isEmpty, node.text.utf8.count >= LongText.shortestStored, !node.text.isBlank,
               let placement = watcher.placement(ofTextOf: node.name, node.text) {
                switch placement {
                case .leftInFile:
                    if let range = feed.starts.textOfLastStart(), let stored = LongText(in: file, range: range, encoding: .xmlText) {
                        node.storedText = stored
                        node.text = ""
                    }
                case .held(let made):
                    node.storedText = LongText(made)
                    node.text = ""
                }
            }
            if watcher.closed(node), let parent = node.parent, parent.children.last === node { parent.children.removeLast() }
        }
        while true {
            let status = xml.read(reader)
            if status == 0 { break }
            if status < 0 {
                if let failure = feed.failure { throw failure }
                let (line, column, message) = feed.firstError ?? (Int(xml.parserLineNumber(reader)), Int(xml.parserColumnNumber(reader)), "not well-formed")
                throw fail(max(1, line), max(1, column), "not valid XML: \(message)")
            }
            switch xml.nodeType(reader) {
            case Int32(XML_READER_TYPE_ELEMENT.rawValue):
                let namePointer = xml.constLocalName(reader)
                let elementName = name(namePointer)
                var attributes: [(name: String, value: String)] = []
                while xml.moveToNextAttribute(reader) == 1 {
                    attributes.append((name(xml.constLocalName(reader)), xml.constValue(reader).map { String(cString: $0) } ?? ""))
                }
                _ = xml.moveToElement(reader)
                let (line, column) = feed.starts.next() ?? (max(1, Int(xml.lineNumber(xml.currentNode(reader)))), 1)
                var ordinal = 1
                if !stack.isEmpty {
                    let top = stack.count - 1
                    if let seen = stack[top].counts.firstIndex(where: { $0.name == namePointer }) {
                        stack[top].counts[seen].count += 1
                        ordinal = stack[top].counts[seen].count
                    } else {
                        stack[top].counts.append((namePointer, 1))
                    }
                }
                let node = XMLNode(name: elementName, attributes: attributes, line: line, column: column, ordinal: ordinal, parent: stack.last?.node)
                if let parent = stack.last?.node { parent.children.append(node) } else { root = node }
                watcher.opened(node)
                if xml.isEmptyElement(reader) == 1 { close(node) } else { stack.append((node, [])) }
            case Int32(XML_READER_TYPE_END_ELEMENT.rawValue):
                if let (node, _) = stack.popLast() { close(node) }
            case Int32(XML_READER_TYPE_TEXT.rawValue), Int32(XML_READER_TYPE_CDATA.rawValue):
                if let node = stack.last?.node, let value = xml.constValue(reader) { node.text += String(cString: value) }
            case Int32(XML_READER_TYPE_ENTITY_REFERENCE.rawValue):
                throw fail(Int(xml.parserLineNumber(reader)), Int(xml.parserColumnNumber(reader)), "entity references are refused")
            default:
                break
            }
        }
        if let failure = feed.failure { throw failure }
        guard let root else { throw fail(1, 1, "no root element") }
        return root
    }

    enum PrologEnd: Equatable {
        case element
        case doctype(Int)
        /// The bytes ended inside the prolog.
        case unfinished
    }

    /// How the prolog ends: at the first element, at a `<!DOCTYPE` (or `<!ENTITY`) and its
    /// offset, or not within these bytes. Past the XML declaration, instructions and comments.
    static func prologEnd(_ data: Data) -> PrologEnd {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> PrologEnd in
            var index = 0
            func starts(_ text: String, at position: Int) -> Bool {
                let utf8 = Array(text.utf8)
                guard position + utf8.count <= bytes.count else { return false }
                for (offset, byte) in utf8.enumerated() where bytes[position + offset] | (byte >= 0x61 ? 0x20 : 0) != byte { return false }
                return true
            }
            while index < bytes.count {
                guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
                if starts("<!doctype", at: index) || starts("<!entity", at: index) { return .doctype(index) }
                if starts("<!--", at: index) || starts("<?", at: index) {
                    let closing = starts("<!--", at: index) ? "-->" : "?>"
                    index += 2
                    while index < bytes.count, !starts(closing, at: index) { index += 1 }
                    index += closing.utf8.count
                    continue
                }
                return index + 1 < bytes.count ? .element : .unfinished
            }
            return .unfinished
        }
    }

    /// Real exports (a congress's, version 1.4 of one) start with a line break before
    /// `<?xml …?>`, which XML allows only first. The declaration is then blanked where it stands
    /// (lines and columns stay true) when it names UTF-8 or no encoding; one naming another
    /// encoding is read from the declaration on (`skip` bytes dropped). Everything else stays strict.
    static func declarationMovedToStart(_ head: Data) -> (skip: Int, blank: Range<Int>?) {
        let offset = head.withUnsafeBytes { ScheduleLoader.firstMeaningfulOffset($0) }
        let hasMark = head.starts(with: [0xEF, 0xBB, 0xBF])
        guard offset > (hasMark ? 3 : 0), head.dropFirst(offset).starts(with: Array("<?xml".utf8)),
              let close = head[(head.startIndex + offset)...].firstRange(of: Array("?>".utf8)) else { return (0, nil) }
        let declaration = String(decoding: head[(head.startIndex + offset)..<close.upperBound], as: UTF8.self).lowercased()
        let namesOther = declaration.contains("encoding") && !declaration.contains("utf-8") && !declaration.contains("utf8")
        if namesOther { return (offset, nil) }
        return (0, offset..<(close.upperBound - head.startIndex))
    }
}

/// What libxml2 reads from: the head (its declaration put right), then the source a quarter
/// megabyte at a time; every byte given is also walked for where elements start.
private final class XMLFeed {
    private var head: [UInt8]
    private var headGiven = 0
    private let source: XMLSource
    private let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 8)
    private var pieceCount = 0
    private var pieceGiven = 0
    private var offset: Int
    private var ended = false
    var starts = XMLElementStarts()
    /// The file the bytes are, for texts left in it; nil when the bytes given are not the file's
    /// own (a declaration naming another encoding is read from where it stands).
    let textFile: TextFile?
    /// Why the source could not be read (too large, an I/O error); libxml2 is told only "-1".
    var failure: ScheduleLoadError?
    /// libxml2's first error, with its line and column.
    var firstError: (line: Int, column: Int, message: String)?

    init(head: Data, source: @escaping XMLSource, textFile: TextFile?) {
        let (skip, blank) = XMLTree.declarationMovedToStart(head)
        self.textFile = skip == 0 ? textFile : nil
        var bytes = [UInt8](head)
        if let blank { bytes.replaceSubrange(blank, with: repeatElement(0x20, count: blank.count)) }
        self.head = Array(bytes.dropFirst(skip))
        self.source = source
        offset = head.count < XMLTree.headSize ? -1 : head.count
    }

    deinit { piece.deallocate() }

    /// libxml2's read callback: up to `length` bytes into `buffer`, 0 at the end, -1 on failure.
    func give(_ buffer: UnsafeMutablePointer<CChar>, _ length: Int) -> Int32 {
        let target = UnsafeMutableRawBufferPointer(start: buffer, count: length)
        var given = 0
        if headGiven < head.count {
            given = min(length, head.count - headGiven)
            head.withUnsafeBytes { target.baseAddress!.copyMemory(from: $0.baseAddress! + headGiven, byteCount: given) }
            headGiven += given
            if headGiven == head.count { head = [] ; headGiven = 0 }
        } else {
            if pieceGiven == pieceCount {
                guard offset >= 0, !ended else { return 0 }
                do throws(ScheduleLoadError) {
                    pieceCount = try source(piece, offset)
                } catch {
                    failure = error
                    return -1
                }
                offset += pieceCount
                pieceGiven = 0
                if pieceCount < piece.count { ended = true }
                if pieceCount == 0 { return 0 }
            }
            given = min(length, pieceCount - pieceGiven)
            target.baseAddress!.copyMemory(from: piece.baseAddress! + pieceGiven, byteCount: given)
            pieceGiven += given
        }
        starts.append(UnsafeRawBufferPointer(rebasing: target[0..<given]))
        return Int32(given)
    }
}
