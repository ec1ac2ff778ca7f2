internal import CLibxml2
import FoundationEssentials
import Glibc

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
    @exclusivity(unchecked) fileprivate(set) var children: [XMLNode] = []
    @exclusivity(unchecked) fileprivate(set) var text = ""
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

/// Parses XML with libxml2's SAX2 push parser into `XMLNode`s, fed from the file a piece at a
/// time, never holding it whole. libxml2's streaming reader (`xmlTextReader`), used before,
/// makes and frees a node of its own for each element and text before handing it on: 126
/// million of libxml2's instructions for a cold search of 38C3 against SAX2's 81 (callgrind).
/// Foundation's XMLParser is SAX over the same library with options that are not explicit;
/// here they are (no network, no entity substitution, no DTD loading). A DOCTYPE is refused
/// before libxml2 sees the file at all: schedule files need none, and it is the way in for
/// external entities and entity bombs.
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
    /// The head is consumed: it is let go once libxml2 has its own copy, not held to the end.
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
        let grower = WatchedTreeGrower(feed: feed, watcher: watcher)
        defer { watcher = grower.watcher }
        var handler = XMLTreeGrower.handler()
        let context = Unmanaged.passUnretained(grower).toOpaque()
        guard let parser = file.withCString({ xml.createPushParser(&handler, context, nil, 0, $0) }) else {
            throw fail(line: 1, column: 1, "not readable as XML")
        }
        defer { xml.freeParser(parser) }
        _ = xml.useOptions(parser, Int32(XML_PARSE_NONET.rawValue) | Int32(XML_PARSE_NOCDATA.rawValue))
        grower.parser = parser
        return try withExtendedLifetime(grower) { () throws(ScheduleLoadError) -> XMLNode in
            func failed() -> ScheduleLoadError {
                let input = parser.pointee.input?.pointee
                let (line, column, message) = grower.firstError ?? (Int(input?.line ?? 1), Int(input?.col ?? 1), "not well-formed")
                return fail(line: max(1, line), column: max(1, column), "not valid XML: \(message)")
            }
            while let chunk = try feed.next() {
                let status = xml.parseChunk(parser, chunk.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(chunk.count), 0)
                if let refusal = grower.refusal { throw fail(line: refusal.line, column: refusal.column, refusal.message) }
                if status != 0 { throw failed() }
            }
            if xml.parseChunk(parser, nil, 0, 1) != 0 { throw failed() }
            if let refusal = grower.refusal { throw fail(line: refusal.line, column: refusal.column, refusal.message) }
            guard let root = grower.root else { throw fail(line: 1, column: 1, "no root element") }
            return root
        }
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

/// The tree as libxml2's callbacks grow it. Not generic, so the C callbacks can reach it; the
/// watcher is told through the subclass that holds it.
///
/// Its busy properties (and `XMLNode`'s children and text, `XMLFeed`'s starts) are marked
/// `@exclusivity(unchecked)`: the callbacks run one at a time on the thread that called
/// `xmlParseChunk`, and no access to them overlaps another. Checking each access at run time
/// cost 9 % of the instructions of a cold search of 38C3 (callgrind: 470 then 429 million).
private class XMLTreeGrower {
    let feed: XMLFeed
    var parser: xmlParserCtxtPtr?
    private(set) var root: XMLNode?
    /// libxml2's first error, with its line and column.
    private(set) var firstError: (line: Int, column: Int, message: String)?
    /// What Hallway refuses that libxml2 allows (an entity reference), where it stands.
    private(set) var refusal: (line: Int, column: Int, message: String)?
    /// Parents being filled, with how many children of each name they have so far, by the
    /// name's interned pointer: a parent has a handful of names, and hashing each child's
    /// name into a dictionary was a sixth of growing the tree.
    @exclusivity(unchecked) private var stack: [(node: XMLNode, counts: [(name: UnsafePointer<xmlChar>?, count: Int)])] = []
    /// libxml2 interns names, so one pointer is always one name: each is converted once.
    @exclusivity(unchecked) private var names: [UnsafePointer<xmlChar>: String] = [:]
    /// The text read since the last tag, as libxml2 hands it over in parts.
    @exclusivity(unchecked) private var text: [UInt8] = []

    init(feed: XMLFeed) {
        self.feed = feed
    }

    func opened(_ node: XMLNode) {}
    func closed(_ node: XMLNode) -> Bool { false }
    func placement(ofTextOf name: String, _ text: String) -> LongTextPlacement? { nil }

    private func name(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        if let known = names[pointer] { return known }
        let converted = String(cString: pointer)
        names[pointer] = converted
        return converted
    }

    private var line: Int { Int(parser?.pointee.input?.pointee.line ?? 1) }

    /// The text since the last tag goes to the open element, unless it is only white space
    /// between tags (libxml2's reader dropped those as blank nodes; the readers never want them).
    private func flushText() {
        guard !text.isEmpty else { return }
        defer { text.removeAll(keepingCapacity: true) }
        guard let node = stack.last?.node, text.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return }
        node.text += String(decoding: text, as: UTF8.self)
    }

    fileprivate final func started(_ namePointer: UnsafePointer<xmlChar>?, attributeCount: Int, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        flushText()
        var read: [(name: String, value: String)] = []
        if let attributes, attributeCount > 0 {
            read.reserveCapacity(attributeCount)
            // Five pointers an attribute: local name, prefix, URI, the value's start and its end.
            for index in 0..<attributeCount {
                let value = attributes[index * 5 + 3].map { start in
                    Self.attributeValue(UnsafeBufferPointer(start: start, count: attributes[index * 5 + 4]! - start))
                } ?? ""
                read.append((name(attributes[index * 5]), value))
            }
        }
        let (line, column) = feed.starts.next() ?? (max(1, line), 1)
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
        let node = XMLNode(name: name(namePointer), attributes: read, line: line, column: column, ordinal: ordinal, parent: stack.last?.node)
        if let parent = stack.last?.node { parent.children.append(node) } else { root = node }
        opened(node)
        stack.append((node, []))
    }

    /// An attribute's value as SAX2 gives it: every reference decoded but an ampersand's, which
    /// without entity substitution stays `&#38;` (left for a tree builder to decode again). A raw
    /// `&` cannot stand in a value, so each `&` is the start of one of these.
    static func attributeValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            decoded.append(bytes[index])
            if bytes[index] == UInt8(ascii: "&"), index + 4 < bytes.count, bytes[(index + 1)...(index + 4)].elementsEqual("#38;".utf8) {
                index += 5
            } else {
                index += 1
            }
        }
        return String(decoding: decoded, as: UTF8.self)
    }

    fileprivate final func ended() {
        flushText()
        guard let (node, _) = stack.popLast() else { return }
        if let file = feed.textFile, node.children.isEmpty, node.text.utf8.count >= LongText.shortestStored, !node.text.isBlank,
           let placement = placement(ofTextOf: node.name, node.text) {
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
        if closed(node), let parent = node.parent, parent.children.last === node { parent.children.removeLast() }
    }

    fileprivate final func characters(_ bytes: UnsafePointer<xmlChar>, _ count: Int) {
        text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
    }

    fileprivate final func refuse(_ message: String) {
        guard refusal == nil else { return }
        refusal = (max(1, line), max(1, Int(parser?.pointee.input?.pointee.col ?? 1)), message)
        if let parser, case .success(let xml) = LibXML2.shared { xml.stopParser(parser) }
    }

    fileprivate final func noteError(_ error: xmlError) {
        guard firstError == nil, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let message = error.message.map { String(cString: $0) } ?? "not well-formed"
        firstError = (Int(error.line), Int(error.int2), message.trimmed)
    }

    private static func grower(_ context: UnsafeMutableRawPointer?) -> XMLTreeGrower {
        Unmanaged<XMLTreeGrower>.fromOpaque(context!).takeUnretainedValue()
    }

    /// The callbacks: elements, their text (CDATA comes as text: XML_PARSE_NOCDATA), entity
    /// references refused, errors noted with their place.
    static func handler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { context, localName, _, _, _, _, attributeCount, _, attributes in
            XMLTreeGrower.grower(context).started(localName, attributeCount: Int(attributeCount), attributes: attributes)
        }
        handler.endElementNs = { context, _, _, _ in XMLTreeGrower.grower(context).ended() }
        handler.characters = { context, bytes, count in
            if let bytes { XMLTreeGrower.grower(context).characters(bytes, Int(count)) }
        }
        handler.reference = { context, _ in XMLTreeGrower.grower(context).refuse("entity references are refused") }
        handler.serror = { context, error in
            if let context, let error { XMLTreeGrower.grower(context).noteError(error.pointee) }
        }
        return handler
    }
}

/// The grower that tells a watcher, and gives it back when the document is read.
private final class WatchedTreeGrower<Watcher: XMLTreeWatcher>: XMLTreeGrower {
    var watcher: Watcher

    init(feed: XMLFeed, watcher: Watcher) {
        self.watcher = watcher
        super.init(feed: feed)
    }

    override func opened(_ node: XMLNode) { watcher.opened(node) }
    override func closed(_ node: XMLNode) -> Bool { watcher.closed(node) }
    override func placement(ofTextOf name: String, _ text: String) -> LongTextPlacement? { watcher.placement(ofTextOf: name, text) }
}

/// What libxml2 is given: the head (its declaration put right), then the source, 64 KiB at a
/// time; every byte given is also walked for where elements start. libxml2 copies what it is
/// given into a buffer that keeps its largest size, doubling as it needs: fed a quarter
/// megabyte at a time it grew to a megabyte (a cold search of a 10,000-event export peaked
/// 750 KiB higher), and no faster.
private final class XMLFeed {
    /// The head, given first a piece at a time and let go once given: its megabyte given at
    /// once grew libxml2's buffer to two (an eighth of a 10,000-event export's peak).
    private var head: UnsafeMutableRawBufferPointer?
    private var headGiven = 0
    private let source: XMLSource
    private let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
    private var offset: Int
    private var ended: Bool
    @exclusivity(unchecked) var starts = XMLElementStarts()
    /// The file the bytes are, for texts left in it; nil when the bytes given are not the file's
    /// own (a declaration naming another encoding is read from where it stands).
    let textFile: TextFile?

    init(head: Data, source: @escaping XMLSource, textFile: TextFile?) {
        let (skip, blank) = XMLTree.declarationMovedToStart(head)
        self.textFile = skip == 0 ? textFile : nil
        var bytes = [UInt8](head.dropFirst(skip))
        if let blank { bytes.replaceSubrange(blank, with: repeatElement(0x20, count: blank.count)) }
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 8)
        bytes.withUnsafeBytes { copy.copyMemory(from: $0) }
        self.head = copy
        self.source = source
        ended = head.count < XMLTree.headSize
        offset = head.count
    }

    deinit {
        piece.deallocate()
        head?.deallocate()
    }

    /// The next bytes for libxml2, valid until the next call; nil at the end. The source's
    /// failure (too large, an I/O error) is thrown as it is.
    func next() throws(ScheduleLoadError) -> UnsafeRawBufferPointer? {
        if let head {
            if headGiven < head.count {
                let given = UnsafeRawBufferPointer(rebasing: head[headGiven..<min(head.count, headGiven + piece.count)])
                headGiven += given.count
                starts.append(given)
                return given
            }
            head.deallocate()
            self.head = nil
        }
        guard !ended else { return nil }
        let count = try source(piece, offset)
        offset += count
        if count < piece.count { ended = true }
        guard count > 0 else { return nil }
        let given = UnsafeRawBufferPointer(rebasing: piece[0..<count])
        starts.append(given)
        return given
    }
}
