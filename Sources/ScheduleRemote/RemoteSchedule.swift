import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import ScheduleKit

/// A schedule published at a URL, kept on disk so it opens offline after the first fetch.
///
/// The kept copy lives in `<cache>/remote/<hash>.schedule`, its validators (ETag, Last-Modified)
/// and dates beside it in `<hash>.meta`; folder 0700, files 0600, both written by rename. A
/// refresh is a conditional GET; what comes back replaces the kept copy only when it is complete,
/// within the limits, and loads as a schedule. Anything else (a timeout, a 404, a redirect loop,
/// a truncated or oversized or unparseable body) leaves the last good copy as it was.
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
    public struct Kept: Sendable, Codable, Equatable {
        public var url: String
        public var etag: String?
        public var lastModified: String?
        /// When the body was last fetched, and when the server last confirmed it unchanged.
        public var fetched: Date
        public var checked: Date
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

    public func kept() -> Kept? {
        guard FileManager.default.fileExists(atPath: bodyPath),
              let data = FileManager.default.contents(atPath: metaPath),
              let kept = try? JSONDecoder.iso.decode(Kept.self, from: data), kept.url == url.absoluteString else { return nil }
        return kept
    }

    /// Fetches the schedule (conditionally when a copy is kept) and keeps it if it is good.
    public func refresh(now: Date = Date()) -> Outcome {
        let previous = kept()
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: limits.idleTimeout)
        request.setValue("Hallway/0.1 (terminal conference browser)", forHTTPHeaderField: "User-Agent")
        request.setValue("application/json, application/xml;q=0.9, text/calendar;q=0.8, */*;q=0.5", forHTTPHeaderField: "Accept")
        if let previous {
            if let etag = previous.etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
            if let modified = previous.lastModified { request.setValue(modified, forHTTPHeaderField: "If-Modified-Since") }
        }
        let response = Fetch(limits: limits).run(request)
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
                _ = try ScheduleLoader.read(data: body, name: url.absoluteString)
            } catch {
                return .refused(error)
            }
            let kept = Kept(url: url.absoluteString, etag: headers["etag"], lastModified: headers["last-modified"], fetched: now, checked: now)
            do {
                try prepareDirectory()
                try writeAtomically(body, to: bodyPath)
                try write(meta: kept)
            } catch {
                return .failed("cannot keep the copy in \(directory.path): \(error.localizedDescription)")
            }
            return .updated
        }
    }

    private func write(meta: Kept) throws {
        try prepareDirectory()
        try writeAtomically(try JSONEncoder.iso.encode(meta), to: metaPath)
    }

    private func prepareDirectory() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        chmod(directory.deletingLastPathComponent().path, 0o700)
        chmod(directory.path, 0o700)
    }

    /// Owner-only, written beside and renamed over, so a reader sees the old file or the new one.
    private func writeAtomically(_ data: Data, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown)
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown)
        }
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

extension JSONDecoder {
    static var iso: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}

/// One GET through URLSession, with the limits enforced as the bytes arrive: a body past the cap
/// is cancelled rather than downloaded, redirects are counted, and the whole request has a deadline.
private final class Fetch: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    typealias Response = (status: Int, headers: [String: String], body: Data)

    private let limits: RemoteSchedule.Limits
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var body = Data()
    private var response: HTTPURLResponse?
    private var failure: String?
    private var redirects = 0

    init(limits: RemoteSchedule.Limits) {
        self.limits = limits
    }

    func run(_ request: URLRequest) -> Result<Response, FetchFailure> {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = limits.idleTimeout
        configuration.timeoutIntervalForResource = limits.totalTimeout
        configuration.urlCache = nil
        let session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        session.dataTask(with: request).resume()
        // The resource timeout should end the task; this is a backstop should it not.
        if done.wait(timeout: .now() + limits.totalTimeout + 5) == .timedOut {
            return .failure(FetchFailure("no answer within \(Int(limits.totalTimeout)) seconds"))
        }
        lock.lock()
        defer { lock.unlock() }
        var headers: [String: String] = [:]
        for (key, value) in response?.allHeaderFields ?? [:] {
            if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
        }
        if failure == FetchFailure.timedOut { return .failure(FetchFailure(FetchFailure.timedOut)) }
        // Checked before the transport's own error, which names the same event less plainly.
        if let response, response.statusCode != 304, let expected = headers["content-length"].flatMap(Int.init),
           expected <= limits.maximumBytes, expected != body.count {
            return .failure(FetchFailure("the body was cut short (\(body.count) of \(expected) bytes)"))
        }
        if let failure { return .failure(FetchFailure(failure)) }
        guard let response else { return .failure(FetchFailure("no response")) }
        return .success((response.statusCode, headers, body))
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        lock.lock()
        self.response = response as? HTTPURLResponse
        let declared = response.expectedContentLength
        lock.unlock()
        if declared > Int64(limits.maximumBytes) {
            fail("the file is \(declared / 1_048_576) MiB; over the \(limits.maximumBytes / 1_048_576) MiB limit")
            completionHandler(.cancel)
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        lock.lock()
        body.append(data)
        let tooBig = body.count > limits.maximumBytes
        lock.unlock()
        if tooBig {
            fail("the file is over the \(limits.maximumBytes / 1_048_576) MiB limit")
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        lock.lock()
        redirects += 1
        let allowed = redirects <= limits.maximumRedirects
        lock.unlock()
        guard allowed, let scheme = request.url?.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
            fail(allowed ? "redirected away from http(s)" : "more than \(limits.maximumRedirects) redirects")
            completionHandler(nil)
            task.cancel()
            return
        }
        completionHandler(request)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        if let error {
            let nsError = error as NSError
            fail(nsError.code == NSURLErrorTimedOut ? FetchFailure.timedOut : nsError.localizedDescription)
        }
        done.signal()
    }

    private func fail(_ reason: String) {
        lock.lock()
        if failure == nil { failure = reason }
        lock.unlock()
    }
}

struct FetchFailure: Error {
    static let timedOut = "timed out"
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
