import FoundationEssentials
import Glibc

/// Writing to a path the user named (`--out`), as every Unix tool does: *through* what is there.
/// A character device, FIFO or socket is written in place (`/dev/null`, `/dev/stdout`, a
/// `>(…)` pipe); a symbolic link is followed and what it points to written; a regular file (or a
/// new one) is replaced durably, keeping its mode. A folder, a block device or a path that cannot
/// be written is refused before anything is written. Hallway's own state never comes here: it
/// goes through `DurableFile`, which never follows a link.
public enum UserOutput {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The path cannot take the output; nothing was written (exit 2).
        case unusable(String)
        /// Writing began and failed (a full disk, a reader that went away; exit 1).
        case failed(String)

        public var description: String {
            switch self {
            case .unusable(let reason), .failed(let reason): reason
            }
        }
    }

    public static func write(_ data: Data, to path: String) throws(Failure) {
        try write(data, to: path, named: path, hops: 0)
    }

    private static func write(_ data: Data, to path: String, named: String, hops: Int) throws(Failure) {
        let shown = TerminalSafe.escaped(named)
        if let descriptor = openDescriptor(named: path) {
            guard fcntl(descriptor, F_GETFD) != -1 else { throw .unusable("cannot write \(shown): descriptor \(descriptor) is not open") }
            try writeAll(data, to: descriptor, shown: shown)
            return
        }
        var status = stat()
        guard lstat(path, &status) == 0 else {
            guard errno == ENOENT else { throw .unusable("cannot write \(shown): \(systemReason(errno))") }
            try replaceDurably(path, with: data, mode: 0o666 & ~currentUmask(), shown: shown)
            return
        }
        switch status.st_mode & S_IFMT {
        case S_IFLNK:
            guard hops < 40, let target = linkTarget(of: path) else { throw .unusable("cannot write \(shown): \(hops < 40 ? "the link cannot be read" : "too many levels of links")") }
            try write(data, to: target, named: named, hops: hops + 1)
        case S_IFREG:
            guard access(path, W_OK) == 0 else { throw .unusable("cannot write \(shown): \(systemReason(errno))") }
            try replaceDurably(path, with: data, mode: status.st_mode & 0o7777, shown: shown)
            if geteuid() == 0 { chown(path, status.st_uid, status.st_gid) }
        case S_IFCHR, S_IFIFO:
            let descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .unusable("cannot write \(shown): \(systemReason(errno))") }
            defer { close(descriptor) }
            try writeAll(data, to: descriptor, shown: shown)
        case S_IFSOCK:
            let descriptor = try connectSocket(path, shown: shown)
            defer { close(descriptor) }
            try writeAll(data, to: descriptor, shown: shown)
        case S_IFDIR:
            throw .unusable("cannot write \(shown): it is a folder; name a file in it")
        default:
            throw .unusable("cannot write \(shown): it is a block device; Hallway writes to files, character devices, pipes and sockets")
        }
    }

    /// `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` and `/proc/self/fd/N` name descriptors this
    /// process already has: write to them (as the shell does for `>/dev/stdout`) rather than
    /// opening the path again, which would truncate a redirected file and fails for a socket.
    private static func openDescriptor(named path: String) -> Int32? {
        switch path {
        case "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                if let number = Int32(path.dropFirst(prefix.count)), number >= 0 { return number }
            }
            return nil
        }
    }

    private static func linkTarget(of path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        let target = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if target.hasPrefix("/") { return target }
        return path.parentPath.isEmpty ? target : path.parentPath + "/" + target
    }

    private static func replaceDurably(_ path: String, with data: Data, mode: mode_t, shown: String) throws(Failure) {
        let folder = path.parentPath
        var status = stat()
        if !folder.isEmpty, stat(folder, &status) != 0 || status.st_mode & S_IFMT != S_IFDIR {
            throw .unusable("cannot write \(shown): its folder \(TerminalSafe.escaped(folder)) does not exist")
        }
        guard access(folder.isEmpty ? "." : folder, W_OK) == 0 else {
            throw .unusable("cannot write \(shown): its folder cannot be written (\(systemReason(errno)))")
        }
        let target = URL(fileURLWithPath: path)
        do {
            try DurableFile.replace(target, with: data, mode: mode)
        } catch {
            throw .failed("cannot write \(shown): " + (error.code.map(systemReason) ?? error.description))
        }
    }

    private static func writeAll(_ data: Data, to descriptor: Int32, shown: String) throws(Failure) {
        if let failure = data.withUnsafeBytes({ writeEverything($0, to: descriptor) }) {
            throw .failed("cannot write \(shown): \(systemReason(failure))")
        }
    }

    private static func connectSocket(_ path: String, shown: String) throws(Failure) -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .unusable("cannot write \(shown): \(systemReason(errno))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(descriptor)
            throw .unusable("cannot write \(shown): the socket's path is too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { space in
            for (offset, byte) in bytes.enumerated() { space[offset] = byte }
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            let reason = systemReason(errno)
            close(descriptor)
            throw .unusable("cannot write \(shown): \(reason)")
        }
        return descriptor
    }

    private static func currentUmask() -> mode_t {
        let mask = umask(0o022)
        umask(mask)
        return mask
    }
}
