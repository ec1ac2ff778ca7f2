import ScheduleKit

extension Browser {
    /// The mark a session carries in every list: `✗` cancelled, `Δ` changed since the release
    /// seen before (new ones included); nothing otherwise.
    func changeMark(_ session: Session) -> String {
        if session.cancelled { return "✗ " }
        return changes?.change(of: session.id) == nil ? "" : "Δ "
    }
}
