import Foundation
import ScheduleKit

/// The search index, built the first time it is needed rather than before the first frame: on
/// 38C3 it is a fifth of start-up. The interactive session warms it on a thread of its own right
/// after drawing, so by the time someone types `/` it is usually there; if not, the lock makes
/// them wait for the one build in progress rather than start another.
final class LazySearchEngine: @unchecked Sendable {
    private let index: ScheduleIndex
    private let lock = NSLock()
    private var built: SearchEngine?

    init(_ index: ScheduleIndex) {
        self.index = index
    }

    var engine: SearchEngine {
        lock.lock()
        defer { lock.unlock() }
        if let built { return built }
        let engine = SearchEngine(index)
        built = engine
        return engine
    }
}
