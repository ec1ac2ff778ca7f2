// Writes Sources/ScheduleKit/Search/FoldingTables.swift: every scalar past ASCII that Foundation's
// String.folding changes when folding case, accents and width, with what it becomes: search folds
// a scalar at a time, so the table is what Foundation gave, exactly. Run by scripts/folding-tables;
// a Unicode update of the toolchain is the only reason to run it again (FoldingTablesTests says when).
import Foundation

/// Each scalar that `options` changes, where its folded UTF-8 starts, and those bytes.
func table(_ options: String.CompareOptions) -> (scalars: [UInt32], starts: [Int], bytes: [UInt8]) {
    var scalars: [UInt32] = [], starts: [Int] = [0], bytes: [UInt8] = []
    for value in 0x80...0x10FFFF {
        guard let scalar = Unicode.Scalar(value) else { continue }
        let text = String(Character(scalar))
        let folded = text.folding(options: options, locale: nil)
        guard folded != text else { continue }
        scalars.append(UInt32(value))
        bytes += folded.utf8
        starts.append(bytes.count)
    }
    return (scalars, starts, bytes)
}
let (scalars, starts, bytes) = table([.caseInsensitive, .diacriticInsensitive, .widthInsensitive])
let accents = table(.diacriticInsensitive)
func rows<T>(_ values: [T], _ show: (T) -> String) -> String {
    stride(from: 0, to: values.count, by: 16).map { start in
        "        " + values[start..<min(start + 16, values.count)].map(show).joined(separator: ", ") + ","
    }.joined(separator: "\n")
}
let source = """
// Written by scripts/folding-tables from this toolchain's Foundation; do not edit by hand.

/// What each scalar past ASCII becomes when its case, accents and width are folded, as
/// Foundation's `String.folding(options: [.caseInsensitive, .diacriticInsensitive,
/// .widthInsensitive])` gave it: \(scalars.count) scalars, the rest stay as they are.
enum FoldingTables {
    /// The scalars that change, ascending.
    static let scalars: [UInt32] = [
\(rows(scalars) { "0x" + String($0, radix: 16) })
    ]

    /// Where each one's folded UTF-8 starts in `folded` (and the previous one's ends).
    static let starts: [UInt16] = [
\(rows(starts) { String($0) })
    ]

    static let folded: [UInt8] = [
\(rows(bytes) { String($0) })
    ]

    /// The same for accents alone (`.diacriticInsensitive`), for names in order: \(accents.scalars.count) scalars.
    static let accentScalars: [UInt32] = [
\(rows(accents.scalars) { "0x" + String($0, radix: 16) })
    ]

    static let accentStarts: [UInt16] = [
\(rows(accents.starts) { String($0) })
    ]

    static let accentFolded: [UInt8] = [
\(rows(accents.bytes) { String($0) })
    ]
}

"""
try! source.write(toFile: CommandLine.arguments[1], atomically: true, encoding: .utf8)
