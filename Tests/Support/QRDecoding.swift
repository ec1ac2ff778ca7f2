import Foundation

/// Reads QR codes back the way a phone would, for tests: modules become a greyscale image with a
/// wide white border, and zbarimg (Debian's zbar-tools) decodes it.
public enum QRDecoding {
    /// Modules from half-block text rows (▀ ▄ █ and space), two per character.
    public static func modules(fromRows rows: [[Character]]) -> [[Bool]] {
        rows.flatMap { row in [row.map { $0 == "█" || $0 == "▀" }, row.map { $0 == "█" || $0 == "▄" }] }
    }

    public static func decode(_ modules: [[Bool]]) throws -> String {
        let scale = 6, border = 8
        let width = (modules.map(\.count).max() ?? 0) + 2 * border, height = modules.count + 2 * border
        var pixels = [UInt8](repeating: 255, count: width * scale * height * scale)
        for (y, row) in modules.enumerated() {
            for (x, dark) in row.enumerated() where dark {
                for dy in 0..<scale {
                    for dx in 0..<scale { pixels[((y + border) * scale + dy) * width * scale + (x + border) * scale + dx] = 0 }
                }
            }
        }
        let file = Scratch.path("qr.pgm")
        defer { try? FileManager.default.removeItem(at: file) }
        try (Data("P5\n\(width * scale) \(height * scale)\n255\n".utf8) + Data(pixels)).write(to: file)
        let output = Scratch.path("qr.txt")
        defer { try? FileManager.default.removeItem(at: output) }
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "zbarimg --raw -q '\(file.path)' > '\(output.path)'"]
        try process.run()
        process.waitUntilExit()
        return String(decoding: try Data(contentsOf: output), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
