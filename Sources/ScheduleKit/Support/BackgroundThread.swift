import Glibc

/// Work on a thread of its own, as Foundation's `Thread` ran it (a POSIX thread with the
/// system's default stack), without CoreFoundation: a snapshot saved after the first frame,
/// the later half of a program decoded, a file checked while it is read.
public final class BackgroundThread: @unchecked Sendable {
    private let body: @Sendable () -> Void
    private let state = Lock()
    private var finished = false

    public init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
    }

    /// Starts `body` on a new thread and lets it go.
    public static func detachNew(_ body: @escaping @Sendable () -> Void) {
        BackgroundThread(body).start()
    }

    public func start() {
        let retained = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { raw in
            Unmanaged<BackgroundThread>.fromOpaque(raw!).takeRetainedValue().run()
            return nil
        }, retained)
        guard started == 0 else {
            // No thread to be had (a process at its limit): the work is done here rather than lost.
            Unmanaged<BackgroundThread>.fromOpaque(retained).takeRetainedValue().run()
            return
        }
        pthread_detach(thread)
    }

    public var isFinished: Bool { state.withLock { finished } }

    private func run() {
        body()
        state.withLock { finished = true }
    }
}
