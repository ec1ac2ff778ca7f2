import FoundationEssentials
import Glibc

/// The kinds of schedule file Hallway reads, told apart by their content, never their name.
public enum ScheduleFormat: String, Sendable, Hashable, CaseIterable {
    case hallway
    case frabJSON
    case schedule2
    case frabXML
    case iCalendar

    public var displayName: String {
        switch self {
        case .hallway: "Hallway schedule JSON"
        case .frabJSON: "frab/pretalx schedule.json"
        case .schedule2: "c3voc schedule2 JSON"
        case .frabXML: "frab/pentabarf schedule.xml"
        case .iCalendar: "iCalendar (RFC 5545)"
        }
    }
}

/// A schedule file as read: the program, the format it was in, and what was worth a warning.
public struct LoadedSchedule: Sendable {
    public var conference: Conference
    public var format: ScheduleFormat
    public var warnings: [Diagnostic]
}

/// Reads schedule files, refusing what could hurt (devices, huge files) and reporting every problem.
public enum ScheduleLoader {
    /// Far above any real program (38C3's 1,000 events take about 3 MiB) and well below what would hurt.
    public static let maximumFileSize = 32 * 1024 * 1024

    public static func load(file path: String, maximumSize: Int = maximumFileSize) throws(ScheduleLoadError) -> Conference {
        try read(file: path, maximumSize: maximumSize).conference
    }

    /// `name` is what messages call the file (a URL for a kept copy); the path when omitted.
    /// `venueZone` sets the venue's zone for formats that may not name it well (all but Hallway's).
    public static func read(file path: String, maximumSize: Int = maximumFileSize, name: String? = nil,
                            venueZone: Zone? = nil) throws(ScheduleLoadError) -> LoadedSchedule {
        try read(file: path, maximumSize: maximumSize, name: name, venueZone: venueZone) { _ in () }.loaded
    }

    public static func load(data: Data, name: String) throws(ScheduleLoadError) -> Conference {
        try read(data: data, name: name).conference
    }

    /// Detects the format from the first meaningful bytes and the top-level keys, then reads it.
    /// `checkingSchema` is false only for bytes the test suite has checked against the schema
    /// (the bundled program).
    public static func read(data: Data, name: String, venueZone: Zone? = nil,
                            checkingSchema: Bool = true) throws(ScheduleLoadError) -> LoadedSchedule {
        try read(JSONStream(.bytes(data), name: name), venueZone: venueZone, checkingSchema: checkingSchema) { _ in () }.loaded
    }

    /// Reads a file and makes `product` of its program (its index, say), only when it loads.
    /// The product may change the program in place (the index puts its sessions in program
    /// order): the loaded program is then as the product left it.
    /// For Hallway's own format the product is made while the whole-program checks run on the
    /// second core: at 100,000 sessions each is a tenth of a first frame.
    public static func read<Product>(file path: String, maximumSize: Int = maximumFileSize, name: String? = nil, venueZone: Zone? = nil,
                                     making product: (inout Conference) -> Product) throws(ScheduleLoadError) -> (loaded: LoadedSchedule, product: Product) {
        switch try openFile(path, maximumSize: maximumSize) {
        case .file(let handle):
            defer { handle.close() }
            let stream = JSONStream(.file(handle, name: path, maximumSize: maximumSize), name: name ?? path)
            return try read(stream, venueZone: venueZone, checkingSchema: true, making: product)
        case .piped(let data):
            return try read(JSONStream(.bytes(data), name: name ?? path), venueZone: venueZone, checkingSchema: true, making: product)
        }
    }

    /// `placingAsRead` false holds frab JSON's events to the end of the stream, what tests compare with.
    static func read<Product>(_ stream: JSONStream, venueZone: Zone?, checkingSchema: Bool, placingAsRead: Bool = true,
                              making product: (inout Conference) -> Product) throws(ScheduleLoadError) -> (loaded: LoadedSchedule, product: Product) {
        let reading = Reading(name: stream.name, venueZone: venueZone, sink: DiagnosticSink(file: stream.name))
        if try stream.firstMeaningfulByte() == UInt8(ascii: "{") {
            let (format, read, laterProblems) = try reading.jsonObject(stream, checkingSchema: checkingSchema, placingAsRead: placingAsRead)
            return try reading.finish(read, format: format, laterProblems: laterProblems, making: product)
        }
        // A calendar is read in passes over the file, never held whole: a 33 MB feed held
        // whole, with its lines and events, peaked at 5.9 times its size.
        if try startsWithCalendar(stream) {
            stream.letGoOfWindow()
            return try reading.finish(try ICalendarFormat.read(pieces: stream.forEachPiece, name: reading.name, textFile: stream.textFile,
                                                                          venueZone: venueZone, sink: reading.sink),
                                      format: .iCalendar, laterProblems: {}, making: product)
        }
        // XML is read as libxml2 goes through it, a piece of the file at a time.
        let head = try stream.prefix(XMLTree.headSize)
        if firstMeaningfulByte(head) == UInt8(ascii: "<"), !isWebPage(head) {
            stream.letGoOfWindow()
            let conference = try FrabXMLFormat.read(head: consume head, source: stream.bytes, file: reading.name, fileBytes: stream.byteCount,
                                                    textFile: stream.textFile, venueZone: venueZone, sink: reading.sink)
            return try reading.finish(conference, format: .frabXML, laterProblems: {}, making: product)
        }
        try reading.refuse(try stream.wholeDocument())
    }

    /// One file being read: its name for messages, --venue-tz, and where its problems go.
    private struct Reading {
        let name: String
        let venueZone: Zone?
        let sink: DiagnosticSink

        /// A frab-family program as the builder makes it, with --venue-tz applied.
        func build(_ read: consuming ForeignProgram?) -> Conference? {
            // Taken, not copied: the builder lets each event go as it goes, which a second
            // reference to the events would stop.
            guard var program = read.take() else { return nil }
            return ForeignProgramBuilder.build(&program, venueZone: venueZone, sink: sink)
        }

        /// A JSON object, read a field at a time: Hallway's own format (its schema checked on a
        /// second core), frab JSON or schedule2. `laterProblems` tells, in order, the problems
        /// found after the reader's own: the whole-program checks (on another thread), then the schema's.
        /// frab JSON's events are placed as they are read unless `placingAsRead` is false: the
        /// file is read again so when placing them as read was spoiled (`FrabJSONAsRead`).
        func jsonObject(_ stream: JSONStream, checkingSchema: Bool, placingAsRead: Bool = true) throws(ScheduleLoadError) -> (ScheduleFormat, Conference?, () -> Void) {
            var laterProblems: () -> Void = {}
            var conference: Conference?
            let format: ScheduleFormat
            let name = self.name, sink = self.sink
            // A JSON object is read a field at a time; until a key says whose format it is,
            // fields are kept whole.
            try stream.openObject()
            var early: [(key: String, value: JSONTape)] = []
            var hallwayKey: String?
            var streamedEvents = FrabJSONStream.Events()
            var placing: FrabJSONAsRead?
            while let key = try stream.nextKey() {
                if key == "format" || key == "sessions" {
                    hallwayKey = key
                    break
                }
                if key == "schedule" {
                    // Made only for a schedule: Hallway's own format never needs it.
                    if placingAsRead { placing = FrabJSONAsRead(venueZone: venueZone, file: name, fileBytes: stream.byteCount) }
                    let (schedule, events) = try FrabJSONStream.schedule(stream, placing: placing)
                    early.append((key, schedule))
                    streamedEvents = events
                } else {
                    early.append((key, try stream.value()))
                }
            }
            if let hallwayKey {
                format = .hallway
                if venueZone != nil {
                    throw ScheduleLoadError([Diagnostic(file: name, location: .file,
                        message: "this file names its venue's zone; --venue-tz is for files that do not (iCalendar, frab without time_zone_name)")])
                }
                // Never more lenient than the published schema: each piece is checked on a
                // second core while the reader goes on.
                let schema = checkingSchema ? SchemaCheck.Pieces(.hallway) : nil
                if let (read, map) = try HallwayFormat.read(stream, after: early, key: hallwayKey, sink: sink, schema: schema) {
                    let checks = Lazy { () -> DiagnosticSink.Collected in
                        let checkSink = DiagnosticSink(file: name)
                        ConsistencyCheck.run(read, map: map, sink: checkSink)
                        return checkSink.collected
                    }
                    if read.sessions.count >= Parallelism.minimumSessions { BackgroundThread.detachNew { _ = checks.value } }
                    laterProblems = { sink.absorb(checks.value) }
                    conference = read
                }
                // Only when checked: the bundled program must not wake the schema (its patterns
                // load ICU's regular expressions, a fifth of its first frame's memory).
                // Asked for after the program's product is made: the second core is still checking
                // the last pieces while this one builds it.
                if let schema {
                    laterProblems = { [laterProblems] in
                        let problems = schema.problems()
                        laterProblems()
                        schema.report(problems, to: sink)
                    }
                }
            } else {
                let top = JSONTape(object: early)
                if let schedule = top.field("schedule", in: 0), top.kind(schedule) == .object {
                    format = top.field("events", in: schedule) != nil ? .schedule2 : .frabJSON
                    if format == .frabJSON, placing?.spoiled == true {
                        return try jsonObject(stream.restarted(), checkingSchema: checkingSchema, placingAsRead: false)
                    }
                    conference = if format == .schedule2 {
                        build(Schedule2Format.read(top, sink: sink))
                    } else if let placed = placing?.conference(top: top, sink: sink) {
                        placed
                    } else {
                        FrabJSONFormat.read(top, streamed: &streamedEvents, venueZone: venueZone, sink: sink)
                    }
                } else {
                    throw ScheduleLoadError([Diagnostic(file: name, location: .path(.root), message: unknownFormat)])
                }
            }
            return (format, conference, laterProblems)
        }

        /// A document that is not a JSON object, a calendar or XML: a web page, an array or
        /// nothing is refused here.
        func refuse(_ data: Data) throws(ScheduleLoadError) -> Never {
            switch firstMeaningfulByte(data) {
            case UInt8(ascii: "<") where isWebPage(data):
                let (line, column) = JSONDocument.lineAndColumn(ofByteOffset: firstMeaningfulOffset(data), in: data)
                throw ScheduleLoadError([Diagnostic(file: name, location: .position(line: line, column: column), message: webPage)])
            case UInt8(ascii: "["):
                let tape = try JSONDocument.tape(data, file: name)
                throw ScheduleLoadError([Diagnostic(file: name, location: .path(.root), message: "expected a JSON object at the top level, found \(tape.kind(0).name)")])
            case nil:
                throw ScheduleLoadError([Diagnostic(file: name, location: .position(line: 1, column: 1), message: "the file is empty")])
            default:
                let (line, column) = JSONDocument.lineAndColumn(ofByteOffset: firstMeaningfulOffset(data), in: data)
                throw ScheduleLoadError([Diagnostic(file: name, location: .position(line: line, column: column), message: unknownFormat)])
            }
        }

        /// Field limits applied, the product made, and every problem told in order; the load
        /// fails when any is an error.
        func finish<Product>(_ read: consuming Conference?, format: ScheduleFormat, laterProblems: () -> Void,
                             making product: (inout Conference) -> Product) throws(ScheduleLoadError) -> (loaded: LoadedSchedule, product: Product) {
            var conference = read
            // Cut fields are told last, after the checks that may still be running.
            let limitsSink = DiagnosticSink(file: name)
            var made: Product?
            if var built = conference {
                conference = nil  // so that `built` holds the only reference and is changed in place
                FieldLimits.apply(to: &built, sink: limitsSink)
                // In place too: the index puts the sessions in program order, which as a copy held
                // every session twice at a cold search's peak (30 MB of 180,000 tiny events').
                if !sink.hasErrors { made = product(&built) }
                conference = built
            }
            laterProblems()
            sink.absorb(limitsSink.collected)
            let diagnostics = sink.finished()
            guard let conference, let made, !sink.hasErrors else { throw ScheduleLoadError(diagnostics) }
            return (LoadedSchedule(conference: conference, format: format, warnings: diagnostics), made)
        }
    }

    static let unknownFormat = "not a schedule Hallway reads: expected Hallway's JSON, frab/pretalx schedule.json (version 1 or schedule2), frab schedule.xml or iCalendar"

    static let webPage = "this is a web page (HTML), not a schedule file; conferences publish theirs as schedule.json, "
        + "schedule.xml or an .ics calendar (pretalx: …/<event>/schedule/export/schedule.json)"

    /// `BEGIN:VCALENDAR` (in any case) after a byte-order mark and white space.
    private static func startsWithCalendar(_ stream: JSONStream) throws(ScheduleLoadError) -> Bool {
        var length = 4096
        while true {
            let head = try stream.prefix(length)
            if firstMeaningfulOffset(head) + 16 <= head.count || head.count < length {
                return startsWith(head, anyOf: ["begin:vcalendar"])
            }
            length *= 4
        }
    }

    /// Whether the first meaningful bytes are one of `prefixes` (given in lower case), in any case.
    private static func isWebPage(_ data: Data) -> Bool {
        startsWith(data, anyOf: ["<!doctype html", "<html"])
    }

    private static func startsWith(_ data: Data, anyOf prefixes: [String]) -> Bool {
        let start = data.startIndex + firstMeaningfulOffset(data)
        return prefixes.contains { prefix in
            let expected = Array(prefix.utf8)
            guard data.endIndex - start >= expected.count else { return false }
            return zip(data[start...].prefix(expected.count), expected).allSatisfy { $0 | 0x20 == $1 | 0x20 }
        }
    }

    private static func firstMeaningfulOffset(_ data: Data) -> Int {
        data.withUnsafeBytes(firstMeaningfulOffset)
    }

    /// Past a UTF-8 byte-order mark and white space; `JSONStream` asks it of its first window.
    static func firstMeaningfulOffset(_ bytes: UnsafeRawBufferPointer) -> Int {
        var index = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        return index
    }

    private static func firstMeaningfulByte(_ data: Data) -> UInt8? {
        let offset = firstMeaningfulOffset(data)
        return offset < data.count ? data[data.startIndex + offset] : nil
    }

    /// IstioCon China 2023, compiled into the binary. Its schema check is the test suite's
    /// (BundledProgramTests): compiling the schema's patterns wakes ICU's regular expressions, a
    /// fifth of the bundled program's memory at its first frame.
    public static func bundled() -> Conference {
        do {
            return try read(data: Data(PackageResources.istiocon_china_2023_json), name: bundledName, checkingSchema: false).conference
        } catch {
            // The bundled file is validated by the test suite; reaching this is a build mistake.
            fatalError("the bundled program does not load: \(error)")
        }
    }

    public static let bundledName = "istiocon-china-2023.json (bundled)"

    /// A schedule opened for reading: a file, read a window at a time, or what came down a pipe
    /// (`--data <(curl …)`, `--data -`), read whole since a pipe cannot be read again.
    enum Opened {
        case file(FileDescriptor)
        case piped(Data)
    }

    /// Opens a schedule for reading, refusing a folder, a device or anything over the cap.
    static func openFile(_ path: String, maximumSize: Int = maximumFileSize) throws(ScheduleLoadError) -> Opened {
        func fail(_ message: String) -> ScheduleLoadError {
            ScheduleLoadError([Diagnostic(file: path, location: .file, message: message)])
        }
        var status = stat()
        let standardInput = path == "-"
        guard standardInput ? fstat(STDIN_FILENO, &status) == 0 : stat(path, &status) == 0 else {
            throw fail(systemReason(errno).lowercased())
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG where !standardInput:
            break
        case S_IFREG, S_IFIFO, S_IFSOCK:
            // Opening a FIFO waits for its writer and reading it waits for the data, as any tool's
            // `< fifo` does: the pipe is what the person asked to be read.
            let descriptor = standardInput ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw fail("cannot be opened for reading: \(systemReason(errno).lowercased())") }
            // Everything the pipe gives until it closes, refused as soon as it passes the cap.
            do throws(FileDescriptor.WholeReadFailure) {
                return .piped(try FileDescriptor(descriptor: descriptor).readToEnd(limit: maximumSize))
            } catch {
                switch error {
                case .system(let code): throw fail("could not be read: \(systemReason(code).lowercased())")
                case .pastLimit:
                    throw fail("gave more than \(maximumSize / 1_048_576) MiB; schedules over \(maximumSize / 1_048_576) MiB are refused (raise the cap with --max-file-size)")
                }
            }
        case S_IFDIR:
            throw fail("is a directory, not a schedule file")
        default:
            throw fail("is \(PrivateCache.kindName(status.st_mode & S_IFMT)), not a schedule file")
        }
        guard Int(status.st_size) <= maximumSize else {
            throw fail(tooLarge(Int(status.st_size), maximumSize: maximumSize))
        }
        guard let handle = FileDescriptor(readingAtPath: path) else {
            throw fail("cannot be opened for reading")
        }
        return .file(handle)
    }

    private static func tooLarge(_ size: Int, maximumSize: Int) -> String {
        "is \(size / 1_048_576) MiB; schedule files over \(maximumSize / 1_048_576) MiB are refused (raise the cap with --max-file-size)"
    }
}

extension ScheduleLoader {
    /// The XML reader alone, for `hallway-bench parse`.
    package static func parseXMLForBenchmark(_ data: Data) throws -> Int {
        try XMLTree.parse(data, file: "benchmark").children.count
    }

    /// The JSON reader alone, for `hallway-bench parse`.
    package static func parseJSONForBenchmark(_ data: Data) throws -> Int {
        let tape = try JSONDocument.tape(data, file: "benchmark")
        if tape.kind(0) == .object { return tape.count(0) }
        return 0
    }
}
