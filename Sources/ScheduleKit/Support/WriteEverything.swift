import FoundationEssentials
import Glibc

/// Writes every byte to `descriptor`, again after a signal or a short write: nil when all went
/// out, else the `errno` of the failure (ENOSPC on a full disk, EPIPE when the reader left, EBADF
/// when the descriptor was closed). Every write Hallway makes to a file, a device or standard
/// output goes through here, so none of them can stop half-way without saying so.
public func writeEverything(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32? {
    var written = 0
    while written < bytes.count {
        let count = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
        if count < 0, errno == EINTR { continue }
        guard count > 0 else { return count == 0 ? EIO : errno }
        written += count
    }
    return nil
}

/// The system's words for an `errno`, as one line.
public func systemReason(_ code: Int32) -> String {
    String(cString: strerror(code))
}
