/// When work on a program is worth a second thread.
enum Parallelism {
    /// Below this many sessions a program is indexed and checked on one thread: a thread (its
    /// stack, its own malloc arena) costs more time and memory than a few hundred sessions' work.
    static let minimumSessions = 2_000
}
