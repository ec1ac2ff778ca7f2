internal import CNettle
import FoundationEssentials
import Glibc

/// Nettle's SHA-256, opened with dlopen by the first served visitor with a key: linked, it loaded
/// with every start of Hallway (0.2 MiB of the booth's and the bundled first frame's memory) for
/// a command most machines never run (as with libxml2 and libcurl).
struct Nettle {
    let sha256Init: @convention(c) (UnsafeMutablePointer<sha256_ctx>?) -> Void
    let sha256Update: @convention(c) (UnsafeMutablePointer<sha256_ctx>?, Int, UnsafePointer<UInt8>?) -> Void
    let sha256Digest: @convention(c) (UnsafeMutablePointer<sha256_ctx>?, Int, UnsafeMutablePointer<UInt8>?) -> Void

    /// The library, or nil when it is not installed (Debian's libnettle8, which curl and gnutls need too).
    static let shared: Nettle? = {
        let names: [String] = ["libnettle.so.8", "libnettle.so"]
        guard let library = names.lazy.compactMap({ (name: String) in dlopen(name, RTLD_NOW | RTLD_LOCAL) }).first,
              let initialise = dlsym(library, "nettle_sha256_init"), let update = dlsym(library, "nettle_sha256_update"),
              let digest = dlsym(library, "nettle_sha256_digest") else { return nil }
        return Nettle(sha256Init: unsafeBitCast(initialise, to: (@convention(c) (UnsafeMutablePointer<sha256_ctx>?) -> Void).self),
                      sha256Update: unsafeBitCast(update, to: (@convention(c) (UnsafeMutablePointer<sha256_ctx>?, Int, UnsafePointer<UInt8>?) -> Void).self),
                      sha256Digest: unsafeBitCast(digest, to: (@convention(c) (UnsafeMutablePointer<sha256_ctx>?, Int, UnsafeMutablePointer<UInt8>?) -> Void).self))
    }()

    func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var context = sha256_ctx()
        sha256Init(&context)
        bytes.withUnsafeBufferPointer { sha256Update(&context, $0.count, $0.baseAddress) }
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_SIZE))
        sha256Digest(&context, digest.count, &digest)
        return digest
    }
}
