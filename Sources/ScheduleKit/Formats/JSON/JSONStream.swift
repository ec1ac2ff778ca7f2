import FoundationEssentials
import Glibc

/// A JSON document whose top-level object is read a field at a time, and a field's list an item
/// at a time, each value as a tape of its own. The bytes pass through a window of a megabyte or
/// so, read from the file as the reader moves on: at 100,000 sessions, holding the whole file and
/// a tape of all of it was 280 MB of a load's peak (docs/PERFORMANCE.md), where now one session's
/// bytes and tape are held at a time besides what the program keeps.
///
/// The window is refilled between values, never inside one: a value that runs past its end is
/// read again once the window holds more (a larger window if it was full). Syntax errors name
/// their line and column in the whole file, found by reading it again from the start.
final class JSONStream {
    enum Source {
        case file(FileDescriptor, name: String, maximumSize: Int)
        case bytes(Data)
    }

    private let source: Source
    private var buffer: UnsafeMutableRawBufferPointer
    /// Bytes in the window, the reader's place in it, and the window's offset in the document.
    private var count = 0
    private var position = 0
    private var base = 0
    /// The window holds the document's last byte.
    private var atEnd = false
    private var reader = JSONReader(UnsafeRawBufferPointer(start: nil, count: 0))
    private var topKeys: Set<String> = []
    /// What messages call the document.
    let name: String

    private let window: Int

    init(_ source: Source, name: String, window: Int = 1 << 20) {
        self.source = source
        self.name = name
        self.window = window
        // Bytes already in memory need no larger window than themselves.
        let size = if case .bytes(let data) = source { min(window, data.count) } else { window }
        buffer = .allocate(byteCount: max(size, 16), alignment: 8)
        // Long texts are left in a file and read again when shown; bytes in memory are held anyway.
        if case .file(let handle, _, _) = source { reader.textFile = TextFile(duplicating: handle, name: name) }
    }

    deinit { buffer.deallocate() }

    /// The same document, to be read again from its start.
    func restarted() -> JSONStream {
        JSONStream(source, name: name, window: window)
    }

    /// The first byte that is not a byte-order mark or white space, reading as much as that takes.
    func firstMeaningfulByte() throws(ScheduleLoadError) -> UInt8? {
        while true {
            let window = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            // Three bytes at least, or the byte-order mark may not be whole yet.
            let offset = ScheduleLoader.firstMeaningfulOffset(window)
            if offset < window.count && (count >= 3 || atEnd) { return window[offset] }
            if atEnd { return nil }
            try refill()
        }
    }

    /// Opens the top-level object (after a byte-order mark and white space).
    func openObject() throws(ScheduleLoadError) {
        try step { reader throws(JSONReader.Failure) in
            try reader.start()
            guard reader.bytes[reader.index] == UInt8(ascii: "{") else {
                throw JSONReader.Failure(offset: reader.index, message: "expected a JSON object at the top level")
            }
            try reader.enter()
            reader.index += 1
        }
    }

    /// The next key of the top-level object, read up to its value; nil after the object's end.
    func nextKey() throws(ScheduleLoadError) -> String? {
        guard let (key, offset) = try keyAhead(first: topKeys.isEmpty) else {
            try step { reader throws(JSONReader.Failure) in try reader.end() }
            return nil
        }
        guard topKeys.insert(key).inserted else { throw located(JSONReader.duplicate(key, at: offset)) }
        return key
    }

    /// Whether the value ahead is an array, which `forEachItem` would then read.
    func isAtArray() throws(ScheduleLoadError) -> Bool {
        try isAt(UInt8(ascii: "["))
    }

    /// Whether the value ahead is an object, which `forEachField` would then read.
    func isAtObject() throws(ScheduleLoadError) -> Bool {
        try isAt(UInt8(ascii: "{"))
    }

    private func isAt(_ opening: UInt8) throws(ScheduleLoadError) -> Bool {
        try step { reader throws(JSONReader.Failure) in
            guard reader.index < reader.bytes.count else { throw JSONReader.Failure(offset: reader.index, message: "unexpected end of file, expected a value") }
            return reader.bytes[reader.index] == opening
        }
    }

    /// The value ahead, as a tape.
    func value() throws(ScheduleLoadError) -> JSONTape {
        try step { reader throws(JSONReader.Failure) in try reader.pieceTape(depth: reader.depth) }
    }

    /// The object ahead, whole, each of its `fields` left in the file or held as the field's rule
    /// says when that is a long string and the document is a file (`JSONReader.leavingInFile`).
    func value(leavingInFile fields: [String: @Sendable (String) -> LongTextPlacement]) throws(ScheduleLoadError) -> JSONTape {
        try step { reader throws(JSONReader.Failure) in
            reader.leavingInFile = (fields, reader.depth + 1)
            defer { reader.leavingInFile = nil }
            return try reader.pieceTape(depth: reader.depth)
        }
    }

    /// The fields of the object ahead, deeper than the top level, in order: `visit` is given
    /// each key and reads its value (whole with `value()`, or a part at a time), so a reader
    /// goes down to what it takes one at a time (frab's events, under days and rooms).
    func forEachField(_ visit: (String) throws(ScheduleLoadError) -> Void) throws(ScheduleLoadError) {
        try enterContainer()
        var keys = Set<String>()
        while let (key, offset) = try keyAhead(first: keys.isEmpty) {
            guard keys.insert(key).inserted else { throw located(JSONReader.duplicate(key, at: offset)) }
            try visit(key)
        }
        reader.leave()
    }

    /// The items of the array ahead, in order: `visit` is given each one's place and reads it.
    func forEachItem(reading visit: (Int) throws(ScheduleLoadError) -> Void) throws(ScheduleLoadError) {
        try enterContainer()
        var position = 0
        while try step({ reader throws(JSONReader.Failure) in try reader.nextItem(first: position == 0) }) {
            try visit(position)
            position += 1
        }
        reader.leave()
    }

    /// Steps inside the `{` or `[` ahead.
    private func enterContainer() throws(ScheduleLoadError) {
        try step { reader throws(JSONReader.Failure) in
            try reader.enter()
            reader.index += 1
        }
    }

    /// The next key of the object the reader is in, read up to its value, and where it starts;
    /// nil past the object's end.
    private func keyAhead(first: Bool) throws(ScheduleLoadError) -> (key: String, offset: Int)? {
        try step { reader throws(JSONReader.Failure) in
            guard let (key, offset) = try reader.nextKey(first: first) else { return nil as (String, Int)? }
            try reader.colon()
            return (key, offset)
        }
    }

    /// An item of a list: read straight into the model, or as a tape.
    enum Item<Value> {
        case direct(Value)
        case piece(JSONTape)
    }

    /// The items of the array ahead, in order with their places in the list: each read by
    /// `direct` when it can, else as a tape.
    func forEachItem<Value>(direct: ((inout JSONReader) -> Value?)?, _ visit: (Item<Value>, Int) -> Void) throws(ScheduleLoadError) {
        try forEachItem { position throws(ScheduleLoadError) in
            let item = try step { reader throws(JSONReader.Failure) -> Item<Value> in
                // Taken here: the window may have moved since the last step, or during this one.
                let start = reader.index
                if let direct {
                    if let value = direct(&reader), reader.index < reader.bytes.count {
                        return .direct(value)
                    }
                    reader.index = start
                }
                return .piece(try reader.pieceTape(depth: reader.depth))
            }
            visit(item, position)
        }
    }

    /// The items of the array ahead, each as a tape with its place in the list.
    func forEachItem(_ visit: (JSONTape, Int) -> Void) throws(ScheduleLoadError) {
        try forEachItem(direct: nil as ((inout JSONReader) -> Never?)?) { item, position in
            if case .piece(let tape) = item { visit(tape, position) }
        }
    }

    /// The document from its start, a megabyte at a time, for a reader that goes over it in
    /// one or more passes without holding it (iCalendar).
    func forEachPiece(_ body: (UnsafeRawBufferPointer) -> Void) throws(ScheduleLoadError) {
        if case .bytes(let data) = source { return data.withUnsafeBytes(body) }
        let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
        defer { piece.deallocate() }
        var offset = 0
        while true {
            let read = try fill(piece, at: offset)
            if read > 0 { body(UnsafeRawBufferPointer(rebasing: piece[0..<read])) }
            offset += read
            if read < piece.count { return }
        }
    }

    /// For a document read in pieces of its own (XML, iCalendar) once its format is told: the
    /// window's megabyte is given back rather than held to the end. Reading a value after this
    /// starts again from the document's start, in a window that grows as it needs.
    func letGoOfWindow() {
        buffer.deallocate()
        buffer = .allocate(byteCount: 4096, alignment: 8)
        (count, position, base, atEnd) = (0, 0, 0, false)
        let textFile = reader.textFile
        reader = JSONReader(UnsafeRawBufferPointer(start: nil, count: 0))
        reader.textFile = textFile
    }

    /// The document's first `count` bytes (fewer when it is shorter), to tell its format by.
    func prefix(_ count: Int) throws(ScheduleLoadError) -> Data {
        if case .bytes(let data) = source { return data.prefix(count) }
        let space = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 8)
        defer { space.deallocate() }
        let read = try fill(space, at: 0)
        return Data(UnsafeRawBufferPointer(rebasing: space[0..<read]))
    }

    /// The document's size in bytes, when it can be told without reading it.
    var byteCount: Int? {
        switch source {
        case .bytes(let data): return data.count
        case .file(let handle, _, _):
            var status = stat()
            return fstat(handle.descriptor, &status) == 0 ? Int(status.st_size) : nil
        }
    }

    /// The file the document is, when it is one, for texts left in it (`LongText`).
    var textFile: TextFile? { reader.textFile }

    /// Bytes at `offset` of the document, as many as fit in `space` unless it ends first (XML's source).
    func bytes(into space: UnsafeMutableRawBufferPointer, at offset: Int) throws(ScheduleLoadError) -> Int {
        try fill(space, at: offset)
    }

    /// Every byte of the document, for what is refused whole (a web page, an array).
    func wholeDocument() throws(ScheduleLoadError) -> Data {
        if case .bytes(let data) = source { return data }
        var data = Data()
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 8)
        defer { chunk.deallocate() }
        while true {
            let read = try fill(chunk, at: data.count)
            data.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<read]))
            if read < chunk.count { return data }
        }
    }

    /// Runs one step of reading at the reader's place. A step that fails or ends where the
    /// window does (a number cut short would read as a smaller one) is taken again over a window
    /// that reaches further; only at the document's end does a failure count.
    private func step<T>(_ read: (inout JSONReader) throws(JSONReader.Failure) -> T) throws(ScheduleLoadError) -> T {
        if position > buffer.count / 2, !atEnd { try refill() }
        while true {
            reader.move(to: UnsafeRawBufferPointer(rebasing: buffer[0..<count]), at: position, windowOffset: base)
            let depth = reader.depth
            do {
                let result = try read(&reader)
                let next = reader.index
                reader.skipSpace()
                if reader.index < count || atEnd {
                    position = next
                    return result
                }
            } catch {
                if atEnd { throw located(JSONReader.Failure(offset: error.offset, message: error.message)) }
            }
            reader.leave(to: depth)
            try refill()
        }
    }

    /// Moves the unread bytes to the window's start and reads more after them, doubling the
    /// window when it is already full of one unfinished value.
    private func refill() throws(ScheduleLoadError) {
        if position > 0 {
            let rest = count - position
            if rest > 0 { buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + position, byteCount: rest) }
            base += position
            count = rest
            position = 0
        }
        if count == buffer.count {
            let larger = UnsafeMutableRawBufferPointer.allocate(byteCount: buffer.count * 2, alignment: 8)
            larger.baseAddress!.copyMemory(from: buffer.baseAddress!, byteCount: count)
            buffer.deallocate()
            buffer = larger
        }
        let space = UnsafeMutableRawBufferPointer(rebasing: buffer[count...])
        let read = try fill(space, at: base + count)
        count += read
        if read < space.count { atEnd = true }
    }

    /// Reads bytes at `offset` of the document until `space` is full or the document ends.
    private func fill(_ space: UnsafeMutableRawBufferPointer, at offset: Int) throws(ScheduleLoadError) -> Int {
        switch source {
        case .bytes(let data):
            return data.read(into: space, at: offset)
        case .file(let handle, let name, let maximumSize):
            guard let filled = handle.read(into: space, at: offset) else {
                throw ScheduleLoadError([Diagnostic(file: name, location: .file, message: "could not be read: " + String(cString: strerror(errno)).lowercased())])
            }
            guard offset + filled <= maximumSize else {
                throw ScheduleLoadError([Diagnostic(file: name, location: .file, message: "grew past \(maximumSize / 1_048_576) MiB while being read")])
            }
            return filled
        }
    }

    /// A syntax error at a window's offset, as a line and column of the whole document.
    private func located(_ failure: JSONReader.Failure) -> ScheduleLoadError {
        let (line, column) = lineAndColumn(ofByteOffset: base + failure.offset)
        return ScheduleLoadError([Diagnostic(file: name, location: .position(line: line, column: column), message: "not valid JSON: \(failure.message)")])
    }

    /// Counts lines and characters from the document's start, a window at a time.
    private func lineAndColumn(ofByteOffset offset: Int) -> (Int, Int) {
        var position = JSONDocument.TextPosition(), done = 0
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { chunk.deallocate() }
        while done < offset {
            let want = UnsafeMutableRawBufferPointer(rebasing: chunk[0..<min(chunk.count, offset - done)])
            guard let read = try? fill(want, at: done), read > 0 else { break }
            position.advance(over: want[0..<read])
            done += read
        }
        return (position.line, position.column)
    }
}
