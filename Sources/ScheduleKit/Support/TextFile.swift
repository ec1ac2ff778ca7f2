import Foundation

/// A file that `LongText`s are read back from: its own descriptor (a duplicate, so the reader that
/// opened the file may close its handle), closed when the last text left in it goes.
///
/// A file replaced by renaming another over it (editors, `DurableFile`, a refreshed download)
/// keeps its old content under this descriptor. One written over in place is found by its size
/// and modification time, and its texts are then not read from it: they would be the wrong bytes.
final class TextFile: Sendable {
    enum Encoding: UInt8 {
        /// A JSON string with its quotes, as the file has it.
        case jsonString = 0
        /// UTF-8 text as it is (a snapshot's).
        case utf8 = 1
        /// An XML element's text as the file has it: character and predefined entity
        /// references, line ends of any kind; read back trimmed, as the reader took it.
        case xmlText = 2
    }

    private let descriptor: Int32
    private let size: Int
    private let modified: (seconds: Int, nanoseconds: Int)
    /// What messages call the file.
    let name: String

    init?(duplicating handle: FileHandle, name: String) {
        var status = stat()
        let descriptor = dup(handle.fileDescriptor)
        guard descriptor >= 0 else { return nil }
        guard fstat(descriptor, &status) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        size = Int(status.st_size)
        modified = (Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec))
        self.name = name
    }

    deinit { close(descriptor) }

    /// The text at `range`; a notice in its place when the file changed or cannot be read.
    func text(at range: Range<Int>, encoding: Encoding) -> String {
        guard !range.isEmpty else { return "" }
        guard isUnchanged else { return Self.changedNotice(name) }
        var bytes = [UInt8](repeating: 0, count: range.count)
        let read = bytes.withUnsafeMutableBytes { positionalRead(descriptor, into: $0, at: range.lowerBound) }
        guard read == range.count else { return Self.unreadableNotice(name) }
        switch encoding {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .jsonString:
            // Checked when the file was read; read again the same way.
            let text = bytes.withUnsafeBytes { raw -> String? in
                var reader = JSONReader(raw)
                return raw.first == UInt8(ascii: "\"") ? try? reader.string() : nil
            }
            return text ?? Self.changedNotice(name)
        case .xmlText:
            return XMLText.decoded(bytes).trimmed
        }
    }

    private var isUnchanged: Bool {
        var status = stat()
        return fstat(descriptor, &status) == 0 && Int(status.st_size) == size
            && (Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec)) == modified
    }

    static func changedNotice(_ name: String) -> String {
        "(Not shown: \(name) changed after Hallway read it. Open it again to read this.)"
    }

    static func unreadableNotice(_ name: String) -> String {
        "(Not shown: \(name) could not be read again.)"
    }
}
