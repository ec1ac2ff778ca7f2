import FoundationEssentials
import Glibc

/// A value made the first time it is asked for, once, whichever thread asks first; others wait
/// for that one build rather than start their own. Used for what the first frame does not need
/// (the search index, the speakers in name order) so that start-up does not pay for it, while a
/// thread started after the first frame can make it ready before anyone looks.
public final class Lazy<Value: Sendable>: @unchecked Sendable {
    private let lock = Lock()
    private var made: Value?
    private var make: (@Sendable () -> Value)?

    public init(_ make: @escaping @Sendable () -> Value) {
        self.make = make
    }

    public var value: Value {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let value = make!()
        made = value
        make = nil
        return value
    }
}
