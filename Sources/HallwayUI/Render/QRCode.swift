import CQRencode

/// A QR code for a URL, as terminal rows: each character holds two modules, one above the other,
/// in half-block characters (▀ ▄ █ and space), so a code fits half the rows it would otherwise.
public struct QRCode: Sendable, Hashable {
    /// Dark modules, row by row, quiet zone included.
    public let modules: [[Bool]]

    /// Quiet zone in modules on every side; the standard asks for four, phones manage with two.
    public static let quietZone = 2

    /// Encodes `text` with libqrencode; nil if it cannot be encoded. Level L (the least redundancy)
    /// keeps codes small enough for 80×24: a screen is not a torn poster, so little recovery is needed.
    public init?(_ text: String, quietZone quiet: Int = QRCode.quietZone) {
        guard !text.isEmpty, let code = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1) else { return nil }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        var modules = [[Bool]](repeating: [Bool](repeating: false, count: width + 2 * quiet), count: width + 2 * quiet)
        for y in 0..<width {
            for x in 0..<width where code.pointee.data[y * width + x] & 1 == 1 {
                modules[y + quiet][x + quiet] = true
            }
        }
        self.modules = modules
    }

    /// Columns the rows take.
    public var width: Int { modules.first?.count ?? 0 }

    /// The code as text rows, two module rows per text row.
    public var rows: [String] {
        stride(from: 0, to: modules.count, by: 2).map { top in
            String(modules[top].indices.map { x in
                let upper = modules[top][x]
                let lower = top + 1 < modules.count ? modules[top + 1][x] : false
                switch (upper, lower) {
                case (true, true): return "█"
                case (true, false): return "▀"
                case (false, true): return "▄"
                case (false, false): return " "
                }
            })
        }
    }
}
