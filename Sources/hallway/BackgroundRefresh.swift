import FoundationEssentials
import Glibc
import HallwayUI
import ScheduleKit
import ScheduleRemote

/// Refreshes a URL's kept copy on a thread of its own, so the browser never waits on the
/// network; the loop collects the outcome when it is ready, as it collects keys.
final class BackgroundRefresh: @unchecked Sendable {
    let remote: RemoteSchedule
    let venueZone: Zone?
    private let lock = Lock()
    private var running = false
    private var finished: RemoteSchedule.Outcome?

    init(remote: RemoteSchedule, venueZone: Zone?) {
        self.remote = remote
        self.venueZone = venueZone
    }

    func start() {
        lock.lock()
        defer { lock.unlock() }
        guard !running else { return }
        running = true
        BackgroundThread.detachNew { [self] in
            let outcome = remote.refresh()
            lock.lock()
            finished = outcome
            running = false
            lock.unlock()
        }
    }

    /// The outcome of the last refresh, once, when it has arrived.
    func collect() -> RemoteSchedule.Outcome? {
        lock.lock()
        defer { lock.unlock() }
        defer { finished = nil }
        return finished
    }

    /// The kept copy, loaded; nil (with the reason) when it no longer loads.
    func loadKept(maximumSize: Int) -> Result<ScheduleIndex, ScheduleLoadError> {
        Result { () throws(ScheduleLoadError) in
            try ScheduleLoader.read(file: remote.bodyPath, maximumSize: maximumSize, name: remote.displayURL,
                                    venueZone: venueZone, making: ScheduleIndex.init(ordering:)).product
        }
    }
}
