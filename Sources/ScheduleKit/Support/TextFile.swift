import FoundationEssentials
import Glibc
import Synchronization

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
        /// A whole iCalendar content line as the file has it, folds included; read back as its
        /// value, unescaped and trimmed, as the reader took it (`ContentLines.storedText`).
        case icalendarLine = 3
    }

    private let descriptor: Int32
    private let size: Int
    private let modified: (seconds: Int, nanoseconds: Int)
    /// What messages call the file.
    let name: String
    /// The last stretches of the file read, the latest first, each from the first text asked for
    /// in it: a program indexed in file order (on two threads, each from its half) asks for its
    /// texts one after another, and a stat and a read for each was a tenth of a one-off search of
    /// 10,000 sessions. A stretch is read ahead only for a text just past one held, as a file
    /// system reads ahead: texts asked for out of order (a congress's rooms, sessions sorted by
    /// time) are read alone, as reading ahead for each cost more than it saved. Their bytes were
    /// read while the file was unchanged, so they are the texts as loaded.
    private let stretches = Mutex<[(start: Int, bytes: [UInt8])]>([])
    private static let stretchLength = 64 << 10, stretchesHeld = 4

    init?(duplicating handle: FileDescriptor, name: String) {
        var status = stat()
        let descriptor = dup(handle.descriptor)
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
        let bytes: [UInt8]
        switch read(range) {
        case .success(let read): bytes = read
        case .failure(.changed): return Self.changedNotice(name)
        case .failure(.unreadable): return Self.unreadableNotice(name)
        }
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
        case .icalendarLine:
            return ContentLines.storedText(bytes) ?? Self.changedNotice(name)
        }
    }

    private enum Unread: Error { case changed, unreadable }

    /// The bytes at `range`, from a stretch held when one has them, else from the file with a
    /// stretch that starts there.
    private func read(_ range: Range<Int>) -> Result<[UInt8], Unread> {
        stretches.withLock { held in
            for (place, stretch) in held.enumerated() {
                let offset = range.lowerBound - stretch.start
                guard offset >= 0, range.upperBound - stretch.start <= stretch.bytes.count else { continue }
                if place > 0 { held.swapAt(place, 0) }
                return .success(Array(stretch.bytes[offset..<(offset + range.count)]))
            }
            guard isUnchanged else { return .failure(.changed) }
            let following = held.contains { range.lowerBound >= $0.start + $0.bytes.count && range.lowerBound - ($0.start + $0.bytes.count) < Self.stretchLength }
            let wanted = following ? max(range.count, min(Self.stretchLength, size - range.lowerBound)) : range.count
            var read: Int?
            let bytes = [UInt8](unsafeUninitializedCapacity: wanted) { space, initialized in
                read = positionalRead(descriptor, into: UnsafeMutableRawBufferPointer(space), at: range.lowerBound)
                initialized = read ?? 0
            }
            guard let read, read >= range.count else { return .failure(.unreadable) }
            held.insert((range.lowerBound, bytes), at: 0)
            if held.count > Self.stretchesHeld { held.removeLast() }
            return .success(Array(bytes[0..<range.count]))
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
