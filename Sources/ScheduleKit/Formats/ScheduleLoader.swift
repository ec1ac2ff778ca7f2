import Foundation

/// Reads schedule files, refusing what could hurt (devices, huge files) and reporting every problem.
public enum ScheduleLoader {
    /// Far above any real program (38C3's 1,000 events take about 3 MiB) and well below what would hurt.
    public static let maximumFileSize = 32 * 1024 * 1024

    public static func load(file path: String, maximumSize: Int = maximumFileSize) throws(ScheduleLoadError) -> Conference {
        let data = try readFile(path, maximumSize: maximumSize)
        return try load(data: data, name: path)
    }

    public static func load(data: Data, name: String) throws(ScheduleLoadError) -> Conference {
        let root = try JSONDocument.parse(data, file: name)
        let sink = DiagnosticSink(file: name)
        guard case .object(let fields) = root else {
            throw ScheduleLoadError([Diagnostic(file: name, location: .path(.root), message: "expected a JSON object at the top level, found \(root.kindName)")])
        }
        if fields["format"] == nil, fields["schedule"] != nil {
            throw ScheduleLoadError([Diagnostic(file: name, location: .file,
                message: "this is a frab/pretalx schedule.json; this version of Hallway reads only its own format (\"format\": \"hallway-schedule\")")])
        }
        let decoded = HallwayFormat.read(root, sink: sink)
        if let (conference, map) = decoded {
            ConsistencyCheck.run(conference, map: map, sink: sink)
            if !sink.hasErrors { return conference }
        }
        throw ScheduleLoadError(sink.finished())
    }

    /// IstioCon China 2023, compiled into the binary.
    public static func bundled() -> Conference {
        do {
            return try load(data: Data(PackageResources.istiocon_china_2023_json), name: bundledName)
        } catch {
            // The bundled file is validated by the test suite; reaching this is a build mistake.
            fatalError("the bundled program does not load: \(error)")
        }
    }

    public static let bundledName = "istiocon-china-2023.json (bundled)"

    static func readFile(_ path: String, maximumSize: Int = maximumFileSize) throws(ScheduleLoadError) -> Data {
        func fail(_ message: String) -> ScheduleLoadError {
            ScheduleLoadError([Diagnostic(file: path, location: .file, message: message)])
        }
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw fail(String(cString: strerror(errno)).lowercased())
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw fail((status.st_mode & S_IFMT) == S_IFDIR ? "is a directory, not a schedule file" : "is not a regular file")
        }
        guard Int(status.st_size) <= maximumSize else {
            throw fail("is \(status.st_size / 1_048_576) MiB; schedule files over \(maximumSize / 1_048_576) MiB are refused (see --max-file-size)")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw fail("cannot be opened for reading")
        }
        defer { try? handle.close() }
        // Read at most one byte past the cap, in case the file grew after stat.
        let data = (try? handle.read(upToCount: maximumSize + 1)) ?? Data()
        guard data.count <= maximumSize else {
            throw fail("grew past \(maximumSize / 1_048_576) MiB while being read")
        }
        return data
    }
}
