import FoundationEssentials
import Glibc

/// The rules for Hallway's cache folders and files (program snapshots, copies of URLs): they
/// must be the user's own, not writable by anyone else, and not symbolic links, or another user
/// could plant a snapshot that changes search results or a schedule that is not the one asked for.
/// A folder or file that breaks a rule is not used, and the reason is given so it can be shown.
public enum PrivateCache {
    public struct Refusal: Error, CustomStringConvertible {
        public enum Kind: Sendable {
            /// Nothing is there.
            case missing
            /// A FIFO, device, socket or folder where a file belongs, or a file over the size limit:
            /// something to set aside rather than read.
            case notUsable
            /// A link, another user's file, a file others may write, or a failed system call.
            case refused
        }
        public var path: String
        public var reason: String
        public var kind: Kind = .refused
        public var description: String { "\(TerminalSafe.escaped(path)) \(reason)" }
    }

    /// Creates `folder` (and `$XDG_CACHE_HOME/hallway` above it) owner-only if missing, and checks
    /// that each is a real folder of the user's, closed to others.
    public static func prepare(_ folder: URL) throws(Refusal) {
        let path = folder.path
        var status = stat()
        if lstat(path, &status) != 0 {
            if errno == ENOENT {
                if let reason = makeFolders(path) { throw Refusal(path: path, reason: "cannot be created: \(reason)") }
                guard lstat(path, &status) == 0 else { throw Refusal(path: path, reason: "vanished after it was created") }
            } else {
                throw Refusal(path: path, reason: "cannot be examined: \(String(cString: strerror(errno)))")
            }
        }
        try check(status, path: path, kind: "folder")
    }

    /// Reads a state or cache file whole, without following a symbolic link, and only if it is a
    /// regular file of the user's, closed to others, of at most `limit` bytes (a 98 MB stars file
    /// froze every star for half a minute).
    public static func read(_ file: URL, limit: Int = 16 << 20) throws(Refusal) -> Data {
        let (handle, size) = try open(file)
        guard size <= limit else {
            throw Refusal(path: file.path, reason: "is larger than \(limit >> 20) MiB (\(size >> 20) MiB)", kind: .notUsable)
        }
        do throws(FileDescriptor.WholeReadFailure) {
            // The limit holds for what is read too: a file that grew since it was measured.
            return try handle.readToEnd(limit: limit)
        } catch {
            switch error {
            case .system(let code): throw Refusal(path: file.path, reason: "cannot be read: \(systemReason(code))")
            case .pastLimit: throw Refusal(path: file.path, reason: "is larger than \(limit >> 20) MiB", kind: .notUsable)
            }
        }
    }

    /// `path` and the folders above it that are missing, each made owner-only; the reason it
    /// cannot be, else nil.
    static func makeFolders(_ path: String) -> String? {
        var made = ""
        for part in path.split(separator: "/") {
            made += "/" + part
            var status = stat()
            if stat(made, &status) == 0 { continue }
            guard mkdir(made, 0o700) == 0 || errno == EEXIST else { return systemReason(errno) }
            // The umask may have taken bits off; a folder of Hallway's own is 0700 whatever it is.
            _ = chmod(made, 0o700)
        }
        return nil
    }

    /// A cached file's fingerprint and size, once it passes the same checks, read a megabyte at a
    /// time rather than whole (a URL's kept copy may be 32 MB).
    public static func fingerprint(of file: URL) throws(Refusal) -> (value: UInt64, size: Int) {
        let (handle, size) = try open(file)
        guard let value = fingerprint(of: 0..<size, in: handle) else { throw Refusal(path: file.path, reason: "cannot be read") }
        return (value, size)
    }

    /// The fingerprint of a range of a file (a kept copy's body), read a megabyte (a whole number
    /// of words) at a time: the same value `fingerprint(_:)` gives the bytes at once.
    static func fingerprint(of range: Range<Int>, in file: FileDescriptor) -> UInt64? {
        checksum(Fingerprint.self, of: range, in: file)
    }

    /// The checksum of a range of a file (a snapshot's payload, a whole schedule file), read the
    /// same way: the same value `snapshotChecksum(_:)` gives the bytes at once.
    static func snapshotChecksum(of range: Range<Int>, in file: FileDescriptor) -> UInt64? {
        checksum(LanedFingerprint.self, of: range, in: file)
    }

    private static func checksum<Checksum: ByteChecksum>(_: Checksum.Type, of range: Range<Int>, in file: FileDescriptor) -> UInt64? {
        var print = Checksum(count: range.count)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var offset = range.lowerBound
        while offset < range.upperBound {
            let wanted = min(chunk.count, range.upperBound - offset)
            guard chunk.withUnsafeMutableBytes({ file.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[0..<wanted]), at: offset) }) == wanted else { return nil }
            chunk.withUnsafeBytes { print.add(UnsafeRawBufferPointer(rebasing: $0[0..<wanted])) }
            offset += wanted
        }
        return print.value
    }

    /// Opens a cached file for reading, once it passes the same checks; with its size.
    static func open(_ file: URL) throws(Refusal) -> (FileDescriptor, size: Int) {
        // O_NONBLOCK: opening a FIFO planted at the name would otherwise wait for a writer forever.
        let descriptor = Glibc.open(file.path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            let code = errno
            throw Refusal(path: file.path, reason: code == ELOOP ? "is a symbolic link" : "cannot be opened: \(systemReason(code))",
                          kind: code == ENOENT ? .missing : .refused)
        }
        let handle = FileDescriptor(descriptor: descriptor)
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw Refusal(path: file.path, reason: "cannot be examined") }
        try check(status, path: file.path, kind: "file")
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return (handle, Int(status.st_size))
    }

    /// Checks a cached file in place (not following a link) before something else reads it by path.
    public static func verify(_ file: URL) throws(Refusal) {
        var status = stat()
        guard lstat(file.path, &status) == 0 else { throw Refusal(path: file.path, reason: "cannot be examined: \(String(cString: strerror(errno)))") }
        try check(status, path: file.path, kind: "file")
    }

    private static func check(_ status: stat, path: String, kind: String) throws(Refusal) {
        let type = status.st_mode & S_IFMT
        if type == S_IFLNK { throw Refusal(path: path, reason: "is a symbolic link") }
        if type != (kind == "folder" ? S_IFDIR : S_IFREG) { throw Refusal(path: path, reason: "is \(kindName(type)), not a \(kind)", kind: .notUsable) }
        if status.st_uid != geteuid() { throw Refusal(path: path, reason: "belongs to user \(status.st_uid), not to you") }
        if status.st_mode & 0o022 != 0 { throw Refusal(path: path, reason: "can be written by others (mode \(String(status.st_mode & 0o777, radix: 8)))") }
    }

    /// What a file's type is called in a message.
    static func kindName(_ type: mode_t) -> String {
        switch type {
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        case S_IFDIR: "a folder"
        case S_IFREG: "a file"
        case S_IFLNK: "a symbolic link"
        default: "something else"
        }
    }

    /// A 64-bit fingerprint of bytes: the checksum a kept copy of a schedule was kept with (in its
    /// meta file, so it stays this function). Eight bytes a step (multiply and fold, after the FNV
    /// and Murmur constants); it detects change and damage, it is not a defence against someone
    /// forging a collision (the ownership checks above are).
    public static func fingerprint(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        checksum(Fingerprint.self, of: bytes)
    }

    /// A snapshot's checksum and the mark of a schedule file's content: the same steps in four
    /// lanes (`LanedFingerprint`), about twice as quick (10.2 GB/s against 4.8), since a program
    /// opened before has both read through while it is decoded.
    static func snapshotChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        checksum(LanedFingerprint.self, of: bytes)
    }

    private static func checksum<Checksum: ByteChecksum>(_: Checksum.Type, of bytes: UnsafeRawBufferPointer) -> UInt64 {
        var print = Checksum(count: bytes.count)
        print.add(bytes)
        return print.value
    }

    /// A checksum taken a part at a time, for bytes read from a file in turn: every part but the
    /// last must be a whole number of 32 bytes.
    protocol ByteChecksum {
        init(count: Int)
        mutating func add(_ bytes: UnsafeRawBufferPointer)
        var value: UInt64 { get }
    }

    /// `fingerprint` a part at a time.
    struct Fingerprint: ByteChecksum {
        private var hash: UInt64

        init(count: Int) {
            hash = 0xCBF2_9CE4_8422_2325 ^ UInt64(count)
        }

        mutating func add(_ bytes: UnsafeRawBufferPointer) {
            let words = bytes.count / 8
            for index in 0..<words {
                hash = Self.step(hash, bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
            }
            for index in (words * 8)..<bytes.count {
                hash = (hash ^ UInt64(bytes[index])) &* 0x0100_0000_01B3
            }
        }

        static func step(_ hash: UInt64, _ word: UInt64) -> UInt64 {
            let multiplied = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
            return multiplied ^ multiplied >> 29
        }

        var value: UInt64 {
            let mixed = hash ^ hash >> 32
            return mixed &* 0xFF51_AFD7_ED55_8CCD
        }
    }

    /// `Fingerprint`'s step in four lanes, word n in lane n % 4: each step waits on the
    /// multiplication before it, so one lane runs at a word every few cycles and four keep the
    /// multiplier busy. The lanes are folded together, and the bytes past the last 32, at the end.
    struct LanedFingerprint: ByteChecksum {
        private var lanes: (UInt64, UInt64, UInt64, UInt64)
        private var tail = Fingerprint(count: 0)

        init(count: Int) {
            let seed = 0xCBF2_9CE4_8422_2325 ^ UInt64(count)
            lanes = (seed, seed ^ 1, seed ^ 2, seed ^ 3)
        }

        mutating func add(_ bytes: UnsafeRawBufferPointer) {
            let blocks = bytes.count / 32
            var (a, b, c, d) = lanes
            for block in 0..<blocks {
                let offset = block * 32
                a = Fingerprint.step(a, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                b = Fingerprint.step(b, bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
                c = Fingerprint.step(c, bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
                d = Fingerprint.step(d, bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
            }
            lanes = (a, b, c, d)
            tail.add(UnsafeRawBufferPointer(rebasing: bytes[(blocks * 32)...]))
        }

        var value: UInt64 {
            let folded = [lanes.1, lanes.2, lanes.3, tail.value].reduce(lanes.0) { Fingerprint.step($0, $1) }
            let mixed = folded ^ folded >> 32
            return mixed &* 0xFF51_AFD7_ED55_8CCD
        }
    }

    public static func fingerprint(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { fingerprint($0) } }
}
