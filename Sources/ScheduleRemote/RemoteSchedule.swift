import CCurl
import FoundationEssentials
import Glibc
import ScheduleKit

/// A schedule published at a URL, kept on disk so it opens offline after the first fetch.
///
/// The kept copy lives in `<cache>/remote/<hash>.schedule`, its validators (ETag, Last-Modified),
/// checksum and dates beside it in `<hash>.meta`; folder 0700, files 0600, both written by
/// rename. A refresh is a conditional GET; what comes back replaces the kept copy only when it is
/// complete, within the limits, and loads as a schedule. Anything else (a timeout, a 404, a
/// redirect loop, a truncated or oversized or unparseable body) leaves the last good copy as it
/// was. A copy that no longer matches its checksum (cut short, edited) is not used: its
/// validators are dropped so the next fetch brings the whole body. A password in the URL is
/// never written to the meta file nor shown.
public struct RemoteSchedule: Sendable {
    public struct Limits: Sendable {
        /// The largest body accepted; a larger one is cut off and refused.
        public var maximumBytes: Int
        /// Seconds without a byte before the request gives up.
        public var idleTimeout: TimeInterval
        /// Seconds for the whole request, however slowly it trickles.
        public var totalTimeout: TimeInterval
        public var maximumRedirects: Int

        public init(maximumBytes: Int = ScheduleLoader.maximumFileSize, idleTimeout: TimeInterval = 10,
                    totalTimeout: TimeInterval = 30, maximumRedirects: Int = 5) {
            self.maximumBytes = maximumBytes
            self.idleTimeout = idleTimeout
            self.totalTimeout = totalTimeout
            self.maximumRedirects = maximumRedirects
        }
    }

    /// What is known about the kept copy.
    public struct Kept: Sendable, Encodable, Equatable {
        public var url: String
        public var etag: String?
        public var lastModified: String?
        /// When the body was last fetched, and when the server last confirmed it unchanged.
        public var fetched: Date
        public var checked: Date
        /// The body's fingerprint (PrivateCache) and size when it was kept.
        public var checksum: String?
        public var size: Int?
    }

    public enum Outcome: Sendable, Equatable {
        case updated
        case unchanged
        case failed(String)
        /// The server sent something that does not load as a schedule; every problem is here.
        case refused(ScheduleLoadError)

        public var problem: String? {
            switch self {
            case .updated, .unchanged: nil
            case .failed(let reason): reason
            case .refused(let error): "what came back does not load: " + (error.diagnostics.first.map(\.description) ?? "not a schedule")
            }
        }
    }

    public let url: URL
    public let directory: URL
    public var limits: Limits

    /// Only http and https; anything else is not a schedule URL.
    public static func isRemote(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("https://") || lowered.hasPrefix("http://")
    }

    public init?(_ text: String, cacheDirectory: URL, limits: Limits = Limits()) {
        guard RemoteSchedule.isRemote(text), let url = URL(string: text), url.host != nil else { return nil }
        self.url = url
        directory = cacheDirectory.appendingPathComponent("remote")
        self.limits = limits
    }

    private var stem: String { String(ProgramSnapshot.fnv1a(url.absoluteString), radix: 16) }
    public var bodyPath: String { directory.appendingPathComponent(stem + ".schedule").path }
    private var metaPath: String { directory.appendingPathComponent(stem + ".meta").path }

    /// The URL as messages and the meta file give it: a password (or any user information) as `***`.
    public var displayURL: String { Self.redacted(url.absoluteString) }

    /// `https://user:secret@host/x` as `https://***@host/x`; other text as it is.
    public static func redacted(_ text: String) -> String {
        guard let scheme = text.firstRange(of: "://") else { return text }
        let authorityEnd = text[scheme.upperBound...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? text.endIndex
        guard let at = text[scheme.upperBound..<authorityEnd].lastIndex(of: "@") else { return text }
        return String(text[..<scheme.upperBound]) + "***" + String(text[at...])
    }

    /// What is kept: nothing, a copy that matches its checksum, or one that does not (why).
    public enum KeptCopy: Sendable, Equatable {
        case none
        case good(Kept)
        case damaged(String)
    }

    /// The kept copy's description, when there is a copy, it passes PrivateCache's rules and its
    /// body matches its checksum.
    public func kept() -> Kept? {
        if case .good(let kept) = keptCopy() { return kept }
        return nil
    }

    public func keptCopy() -> KeptCopy {
        guard FileManager.default.fileExists(atPath: bodyPath), (try? PrivateCache.prepare(directory)) != nil,
              (try? PrivateCache.verify(URL(fileURLWithPath: bodyPath))) != nil,
              let data = try? PrivateCache.read(URL(fileURLWithPath: metaPath)),
              let kept = Kept(json: data), kept.url == displayURL else { return .none }
        guard let checksum = kept.checksum, let size = kept.size else { return .damaged("it was kept without a checksum") }
        guard let body = try? PrivateCache.fingerprint(of: URL(fileURLWithPath: bodyPath)), body.size == size else {
            return .damaged("it is not the size it was kept at (cut short or changed)")
        }
        guard String(body.value, radix: 16) == checksum else { return .damaged("its content no longer matches its checksum (changed on disk)") }
        return .good(kept)
    }

    static func checksum(_ body: Data) -> String {
        String(body.withUnsafeBytes { PrivateCache.fingerprint($0) }, radix: 16)
    }

    /// An ETag or Last-Modified sent back as it came, only when it is plain visible ASCII: one
    /// read back from a tampered meta file could otherwise add request headers (`\r\n`).
    static func safeValidator(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value.utf8.count <= 256, value.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else { return nil }
        return value
    }

    /// Fetches the schedule (conditionally when a copy is kept) and keeps it if it is good.
    public func refresh(now: Date = Date()) -> Outcome {
        let previous = kept()
        let response = Fetch.get(url.absoluteString, etag: Self.safeValidator(previous?.etag),
                                 lastModified: Self.safeValidator(previous?.lastModified), limits: limits)
        switch response {
        case .failure(let failure):
            return .failed(failure.reason)
        case .success(let (status, headers, body)):
            if status == 304, var previous {
                previous.checked = now
                try? write(meta: previous)
                return .unchanged
            }
            guard (200..<300).contains(status) else { return .failed("the server answered \(status)") }
            do {
                _ = try ScheduleLoader.read(data: body, name: displayURL)
            } catch {
                return .refused(error)
            }
            let kept = Kept(url: displayURL, etag: Self.safeValidator(headers["etag"]), lastModified: Self.safeValidator(headers["last-modified"]),
                            fetched: now, checked: now, checksum: Self.checksum(body), size: body.count)
            do {
                try prepareDirectory()
                try writeAtomically(body, to: bodyPath)
                try write(meta: kept)
            } catch let refusal as PrivateCache.Refusal {
                return .failed("the cache is not safe to use: \(refusal.description)")
            } catch {
                return .failed("cannot keep the copy in \(directory.path): \(error)")
            }
            return .updated
        }
    }

    private func write(meta: Kept) throws {
        try prepareDirectory()
        try writeAtomically(try JSONEncoder.iso.encode(meta), to: metaPath)
    }

    private func prepareDirectory() throws {
        try PrivateCache.prepare(directory.deletingLastPathComponent())
        try PrivateCache.prepare(directory)
    }

    private func writeAtomically(_ data: Data, to path: String) throws {
        try DurableFile.replace(URL(fileURLWithPath: path), with: data)
    }
}

extension JSONEncoder {
    static var iso: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}


/// One GET, through libcurl (see Sources/CCurl/hallway_fetch.c for why it is opened only now).
enum Fetch {
    typealias Response = (status: Int, headers: [String: String], body: Data)

    static func get(_ url: String, etag: String?, lastModified: String?, limits: RemoteSchedule.Limits) -> Result<Response, FetchFailure> {
        var result = hw_fetch_result()
        defer { hw_fetch_free(&result) }
        let userAgent = "Hallway/0.1 (terminal conference browser)"
        let accept = "application/json, application/xml;q=0.9, text/calendar;q=0.8, */*;q=0.5"
        withOptionalCString(etag) { etag in
            withOptionalCString(lastModified) { modified in
                url.withCString { url in
                    userAgent.withCString { agent in
                        accept.withCString { accept in
                            var request = hw_fetch_request(
                                url: url, if_none_match: etag, if_modified_since: modified, user_agent: agent, accept: accept,
                                maximum_bytes: limits.maximumBytes, idle_timeout_seconds: Int(limits.idleTimeout.rounded(.up)),
                                total_timeout_seconds: Int(limits.totalTimeout.rounded(.up)), maximum_redirects: limits.maximumRedirects)
                            _ = hw_fetch(&request, &result)
                        }
                    }
                }
            }
        }
        let failure = withUnsafeBytes(of: &result.failure) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        guard failure.isEmpty else { return .failure(FetchFailure(failure)) }
        var headers: [String: String] = [:]
        let etagText = withUnsafeBytes(of: &result.etag) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        let modifiedText = withUnsafeBytes(of: &result.last_modified) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
        if !etagText.isEmpty { headers["etag"] = etagText }
        if !modifiedText.isEmpty { headers["last-modified"] = modifiedText }
        let body = result.body.map { Data(bytes: $0, count: result.body_length) } ?? Data()
        return .success((result.status, headers, body))
    }

    private static func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
        guard let text else { return body(nil) }
        return text.withCString { body($0) }
    }
}

struct FetchFailure: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

extension RemoteSchedule.Kept {
    /// Read back with Hallway's own JSON reader, as written by `JSONEncoder.iso`.
    init?(json data: Data) {
        guard case .object(let fields)? = JSONValue(parsing: data),
              case .string(let url)? = fields["url"],
              case .string(let fetched)? = fields["fetched"], let fetchedAt = ISOInstant.parse(fetched),
              case .string(let checked)? = fields["checked"], let checkedAt = ISOInstant.parse(checked) else { return nil }
        func text(_ key: String) -> String? { if case .string(let value)? = fields[key] { value } else { nil } }
        self.url = url
        etag = text("etag")
        lastModified = text("lastModified")
        self.fetched = fetchedAt
        self.checked = checkedAt
        checksum = text("checksum")
        if case .number(let size)? = fields["size"], size >= 0, size < 1e15, size.rounded() == size { self.size = Int(size) } else { size = nil }
    }
}
