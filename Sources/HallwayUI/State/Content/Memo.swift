import FoundationEssentials
import Glibc
import ScheduleKit

/// Remembers a pure function's latest answers. Views ask for the selected session's details
/// several times for one key (the pane, its position text, the line under the cursor) and the
/// booth's QR code once more, while the answer changes only when the session, the width or the
/// clock does (`hallway-bench frames` measures the difference).
final class Memo<Input: Hashable & Sendable, Output: Sendable>: @unchecked Sendable {
    private let lock = Lock()
    private var answers: [Input: Output] = [:]
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func value(for input: Input, _ make: () -> Output) -> Output {
        lock.lock()
        if let known = answers[input] {
            lock.unlock()
            return known
        }
        lock.unlock()
        let made = make()
        lock.lock()
        // Forgetting everything at once keeps this simple; the working set is one session or a
        // few dozen links.
        if answers.count >= capacity { answers.removeAll(keepingCapacity: true) }
        answers[input] = made
        lock.unlock()
        return made
    }
}
