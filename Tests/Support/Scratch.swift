import Foundation

/// Where tests write files: one folder of this test process's own in the temporary directory,
/// removed when the process exits, so that runs leave nothing behind.
public enum Scratch {
    public static let root: URL = {
        let root = folder(of: getpid())
        try? FileManager.default.removeItem(at: root)
        try! FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: Scratch.folder(of: getpid())) }
        return root
    }()

    private static func folder(of process: pid_t) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("hallway-tests-\(process)")
    }

    /// A new path under the root, nothing there yet; `name` says what it is for.
    public static func path(_ name: String) -> URL {
        root.appendingPathComponent("\(UUID().uuidString)-\(name)")
    }
}
