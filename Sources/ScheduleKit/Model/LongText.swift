/// A long text (a session's summary) held as a string, or left in the file it was read from and
/// read again when it is shown. Summaries are most of a program file: at 100,000 sessions,
/// holding them as strings was 95 MB of a cold search's 265 MB peak (docs/PERFORMANCE.md).
public struct LongText: Sendable {
    private enum Storage: Sendable {
        case held(String)
        /// Where the text lies in `file`: its offset, its length and how it is written, packed
        /// (46, 16 and 2 bits).
        case stored(TextFile, UInt64)
    }

    private let storage: Storage

    public init(_ text: String) {
        storage = .held(text)
    }

    /// The longest text kept in a file rather than held (a length takes 16 bits of the packing).
    static let longestStored = 65_535

    /// Shorter texts are held: a `LongText` in a file costs more than they do.
    static let shortestStored = 128

    /// `text`, just read from `range` of `file`, left there when it is long enough to be worth
    /// it and not blank; nil when it is to be held (or dropped, when blank) instead.
    init?(leaving text: String, in file: TextFile, range: Range<Int>, encoding: TextFile.Encoding) {
        guard text.utf8.count >= Self.shortestStored, !text.isBlank else { return nil }
        self.init(in: file, range: range, encoding: encoding)
    }

    /// The text at `range` of `file`; held instead when the range is too long to pack.
    init?(in file: TextFile, range: Range<Int>, encoding: TextFile.Encoding) {
        guard range.count <= Self.longestStored, range.lowerBound >= 0, range.lowerBound < 1 << 46 else { return nil }
        storage = .stored(file, UInt64(range.lowerBound) << 18 | UInt64(range.count) << 2 | UInt64(encoding.rawValue))
    }

    /// The text, read from its file when it was left there.
    public var string: String {
        switch storage {
        case .held(let text): return text
        case .stored(let file, let packed):
            let offset = Int(packed >> 18), length = Int(packed >> 2 & 0xFFFF)
            return file.text(at: offset..<(offset + length), encoding: TextFile.Encoding(rawValue: UInt8(packed & 3))!)
        }
    }

    /// Never fewer than the text's UTF-8 bytes (a string's escapes only get shorter when read),
    /// so limits are checked without reading the text back.
    var byteCountUpperBound: Int {
        switch storage {
        case .held(let text): return text.utf8.count
        case .stored(_, let packed): return Int(packed >> 2 & 0xFFFF)
        }
    }

    /// The same text, held in the storage of the first of `links`' addresses when it reads as
    /// that does: one string for both where a feed gives an event's link as its description too
    /// (PyCon UK's).
    func sharingStorage(withFirstOf links: [Link]) -> LongText {
        guard case .held(let held) = storage, let url = links.first?.url, held == url else { return self }
        return LongText(url)
    }

    /// Whether the text is left in a file (for tests and the snapshot's writer).
    var isStored: Bool {
        if case .stored = storage { return true }
        return false
    }
}

/// What a reader makes of a long text it could leave in its file: leave it there, to be read
/// back as the file has it, or hold this text in its place (the text already made clean).
enum LongTextPlacement {
    case leftInFile
    case held(String)
}

extension LongText: Hashable {
    /// Two texts are equal when they read the same, wherever they are kept.
    public static func == (lhs: LongText, rhs: LongText) -> Bool {
        if case .stored(let left, let a) = lhs.storage, case .stored(let right, let b) = rhs.storage, left === right, a == b { return true }
        return lhs.string == rhs.string
    }

    /// Nothing is hashed: a held text and a stored one that read the same are equal, and hashing
    /// the words would read every stored text back. A session hashes by its other fields.
    public func hash(into hasher: inout Hasher) {}
}
