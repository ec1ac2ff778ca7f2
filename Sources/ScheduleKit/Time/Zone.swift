import FoundationEssentials
import Glibc
import Synchronization

/// A time zone as Hallway uses one: its name and its offset from UTC at an instant. Named zones
/// are read from the system's tz database (`$TZDIR`, else /usr/share/zoneinfo), as every other
/// program on the machine reads them, rather than from ICU's copy inside Foundation; a machine
/// without the database gets each zone's present rule from a table built into Hallway
/// (`ZoneFallbacks`). Names and fixed offsets are spelled as Foundation's `TimeZone` spelled
/// them, so snapshots, state files and output read the same.
public struct Zone: Hashable, Sendable, CustomStringConvertible {
    /// The IANA name ("Asia/Shanghai"), "GMT" for UTC, or "GMT+0530" for a fixed offset.
    public let identifier: String
    private let offsets: Offsets

    /// A shared box: a zone is copied into every view and session time it formats.
    private final class Offsets: Sendable {
        let rules: ZoneOffsets
        init(_ rules: ZoneOffsets) { self.rules = rules }
    }

    public static let gmt = Zone(fixed: 0)

    /// A zone by its IANA name ("Europe/Berlin", "US/Pacific", "EST"), or UTC or GMT with an
    /// offset ("UTC", "GMT+5", "UTC-03:30"); nil for a name the database does not hold.
    public init?(identifier: String) {
        if let offset = Self.fixedOffset(named: identifier) {
            self.init(fixed: offset)
            return
        }
        guard let rules = Self.namedOffsets(identifier) else { return nil }
        self.init(identifier: identifier, rules: rules)
    }

    private init(identifier: String, rules: ZoneOffsets) {
        self.identifier = identifier
        offsets = Offsets(rules)
    }

    /// A zone that is always `seconds` east of UTC, within 18 hours either way.
    public init?(secondsFromGMT seconds: Int) {
        guard abs(seconds) <= 18 * 3600 else { return nil }
        self.init(fixed: seconds)
    }

    private init(fixed seconds: Int) {
        let minutes = (abs(seconds) + 59) / 60
        let hours = minutes / 60, rest = minutes % 60
        let name = seconds == 0 ? "GMT"
            : "GMT" + (seconds < 0 ? "-" : "+") + (hours < 10 ? "0" : "") + String(hours) + (rest < 10 ? "0" : "") + String(rest)
        self.init(identifier: name, rules: ZoneOffsets(transitions: [], offsetsAfter: [], initialOffset: seconds, footer: nil))
    }

    public func secondsFromGMT(for instant: Date) -> Int {
        offsets.rules.offset(at: Int(instant.timeIntervalSince1970.rounded(.down)))
    }

    /// The first instant after `instant` at which the offset changes; nil when it never does again.
    public func nextOffsetChange(after instant: Date) -> Date? {
        offsets.rules.nextChange(after: Int(instant.timeIntervalSince1970.rounded(.down))).map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// The offset now.
    public func secondsFromGMT() -> Int { secondsFromGMT(for: Date()) }

    public var description: String { identifier }

    public static func == (a: Zone, b: Zone) -> Bool {
        a.identifier == b.identifier && (a.offsets === b.offsets || a.offsets.rules.initialOffset == b.offsets.rules.initialOffset)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(identifier) }

    /// The zone the machine is set to: `TZ` when it names a zone, else the zone /etc/localtime
    /// links to, else UTC. Read once a process, as Foundation did.
    public static var current: Zone { machine.value }

    private static let machine = Lazy<Zone> { machineZone(environment: ProcessInfo.processInfo.environment, localtime: "/etc/localtime") }

    static func machineZone(environment: [String: String], localtime: String) -> Zone {
        if let named = environment["TZ"], !named.isEmpty, let zone = Zone(identifier: named) { return zone }
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: localtime),
           let marker = target.firstRange(of: "zoneinfo/"), let zone = Zone(identifier: String(target[marker.upperBound...])) {
            return zone
        }
        return gmt
    }

    // MARK: Names

    /// "GMT", "UTC", and either with an offset in hours ("GMT+5", "UTC-03", "GMT+0530",
    /// "UTC+05:30"), as Foundation took them.
    static func fixedOffset(named name: String) -> Int? {
        var bytes = Array(name.utf8)[...]
        guard bytes.count >= 3, bytes.prefix(3).elementsEqual("GMT".utf8) || bytes.prefix(3).elementsEqual("UTC".utf8) else { return nil }
        bytes = bytes.dropFirst(3)
        if bytes.isEmpty { return 0 }
        guard let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        let digits = Array(bytes.dropFirst().filter { $0 != UInt8(ascii: ":") })
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isASCIIDigit),
              bytes.dropFirst().filter({ $0 == UInt8(ascii: ":") }).count <= (digits.count > 2 ? 1 : 0) else { return nil }
        let value = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        let (hours, minutes) = digits.count <= 2 ? (value, 0) : (value / 100, value % 100)
        guard hours <= 18, minutes < 60 else { return nil }
        let seconds = hours * 3600 + minutes * 60
        guard seconds <= 18 * 3600 else { return nil }
        return sign == UInt8(ascii: "-") ? -seconds : seconds
    }

    /// A name the database may hold: letters, digits, `_`, `+`, `-` and `/` between parts, no
    /// part that starts with a dot, and none of the files beside the zones.
    static func isZoneName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 255 else { return false }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.allSatisfy({ part in
            !part.isEmpty && part.first != "." && part.utf8.allSatisfy { byte in
                byte.isASCIILetterOrDigit || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            }
        }) else { return false }
        return !["posixrules", "localtime"].contains(name) && !["right", "posix"].contains(String(parts[0]))
    }

    /// Zones looked up, found or not, by path: a feed names its zone at every event (a TZID on
    /// each start and end), and a name outside the database (a Windows name) was a look at the
    /// disk each time. Bounded, since the names come from the file.
    private static let looked = Mutex<[String: ZoneOffsets?]>([:])
    private static let lookedAtMost = 4096

    /// `$TZDIR` when it is an absolute path, as the C library reads it, else the usual place;
    /// read once, not at every lookup.
    private static let databaseDirectory = ProcessInfo.processInfo.environment["TZDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        ?? "/usr/share/zoneinfo"

    private static func namedOffsets(_ name: String) -> ZoneOffsets? {
        named(name, directory: databaseDirectory)
    }

    /// A zone's offsets from the database in `directory`, or from `ZoneFallbacks` when there is
    /// no database there; kept for the process's life once looked up.
    static func named(_ name: String, directory: String) -> ZoneOffsets? {
        let path = directory + "/" + name
        if let known = looked.withLock({ $0[path] }) { return known }
        var rules: ZoneOffsets?
        if isZoneName(name) {
            rules = readDatabase(path)
            if rules == nil, !hasDatabase(directory) {
                rules = ZoneFallbacks.rule(named: name).flatMap(POSIXZoneRule.init).map(ZoneOffsets.init(rule:))
            }
        }
        looked.withLock { table in
            if table.count < lookedAtMost { table[path] = .some(rules) }
        }
        return rules
    }

    /// A zone file's offsets; nil when it is missing, not a regular file, or not TZif.
    private static func readDatabase(_ path: String) -> ZoneOffsets? {
        var status = stat()
        // Checked before opening: a FIFO at the name would wait for a writer.
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
              let data = try? FileDescriptor(readingAtPath: path)?.readToEnd(limit: 1 << 20) else { return nil }
        return ZoneOffsets(tzif: [UInt8](data))
    }

    /// Whether the machine has a tz database at all: where it has one, a name it lacks is no
    /// zone, as it is to every other program there.
    private static func hasDatabase(_ directory: String) -> Bool {
        var status = stat()
        return stat(directory + "/UTC", &status) == 0 || stat(directory + "/Etc/UTC", &status) == 0
    }
}
