import Foundation

/// The real schedule files in `../shared/fixtures/schedules/`, beside the repository.
public enum SharedFixtures {
    public static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures/schedules")

    public static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
}

/// Tests/Support/schedule-server.py on 127.0.0.1, serving a folder the test fills.
public final class ScheduleServer {
    public let folder: URL
    public let log: URL
    public let port: Int
    private let process: Process

    public init() throws {
        folder = Scratch.path("server")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        log = folder.appendingPathComponent("requests.log")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("schedule-server.py")
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--dir", folder.path, "--log", log.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            guard let first = byte.first, first != UInt8(ascii: "\n") else { break }
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else { throw ServerDidNotStart() }
        self.port = port
    }

    public struct ServerDidNotStart: Error {}

    deinit {
        // SIGKILL: a test runner may pass on an ignored SIGTERM to the processes it starts.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    public func serve(_ name: String, from fixture: String) throws {
        try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
        try FileManager.default.copyItem(atPath: SharedFixtures.path(fixture), toPath: folder.appendingPathComponent(name).path)
    }

    public func serve(_ name: String, text: String) throws {
        try Data(text.utf8).write(to: folder.appendingPathComponent(name))
    }

    /// Makes /files/NAME misbehave: "stall", "truncated", "huge", "loop" or "missing".
    public func breakFile(_ name: String, _ mode: String) throws {
        try Data(mode.utf8).write(to: folder.appendingPathComponent(name + ".mode"))
    }

    public var requests: [String] {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}

