import FoundationEssentials
import Glibc
import Dispatch

/// The schema checked beside the reader, on the second core, a batch of pieces at a time.
extension SchemaCheck {
    /// A document checked as `JSONStream` reads it, a batch of pieces at a time: each item of a
    /// top-level list that comes as a tape (items read directly take only what the schema takes,
    /// `SchemaForm`), then the top level with those lists standing empty. The schema's top-level lists ask only for a type and
    /// their items' form (a test holds it to that), so checking them item by item finds what
    /// checking them whole would.
    ///
    /// Batches wait in a line that a second thread takes from while the reader goes on; when
    /// the line grows long, and once reading is done, the reader's thread takes from it too, so
    /// both cores share the checks whichever is the faster.
    final class Pieces: @unchecked Sendable {
        private let schema: SchemaCheck
        private let queue = DispatchQueue(label: "hallway.schema-check")
        private static let batchSize = 256
        /// Past this many batches waiting, the reader's thread checks one itself.
        private static let longLine = 8

        private struct Batch {
            var tapes: [(piece: JSONTape, list: String?, position: Int)] = []
            var count: Int { tapes.count }
        }

        /// Touched only by the reader's thread.
        private var batch = Batch()
        private var here: Checker
        /// Touched only on `queue`.
        private var there: Checker
        private let lock = Lock()
        /// Under `lock`: batches waiting, and batches the second thread has checked. Those are
        /// freed by the reader's thread, which made them: freed on the other thread, they made
        /// the two wait on each other's memory allocator.
        private var line: [Batch] = []
        private var done: [Batch] = []

        init(_ schema: SchemaCheck) {
            self.schema = schema
            here = Checker(schema: schema)
            there = Checker(schema: schema)
        }

        func check(_ piece: JSONTape, item position: Int, of list: String) {
            batch.tapes.append((piece, list, position))
            if batch.count == Self.batchSize { send() }
        }

        func check(top: JSONTape) {
            batch.tapes.append((top, nil, 0))
            send()
        }

        /// What the checks found: the problems kept, in path order, and how many more there were.
        struct Found {
            var problems: [(JSONPath, String)]
            var unkept: Int
        }

        /// Tells `sink` the problems found that the reader did not (`SchemaCheck.report`), and
        /// counts those not kept among the problems not shown.
        func report(_ found: Found, to sink: DiagnosticSink) {
            schema.report(found.problems, to: sink)
            sink.countUnshown(errors: found.unkept)
        }

        /// Checks what is still waiting, then waits for the second thread.
        func problems() -> Found {
            send()
            while let next = take() { here.check(next) }
            return queue.sync { Found(problems: SchemaCheck.inPathOrder(here.found + there.found), unkept: here.unkept + there.unkept) }
        }

        private func send() {
            guard batch.count > 0 else { return }
            // Batches the second thread has checked leave `done` for `checked`, which this
            // thread, the one that made them, frees on leaving.
            var checked: [Batch] = []
            let waiting = lock.withLock {
                line.append(batch)
                swap(&checked, &done)
                return line.count
            }
            batch = Batch()
            if waiting > Self.longLine, let next = take() { here.check(next) }
            queue.async { [self] in
                guard let next = take() else { return }
                there.check(next)
                lock.withLock { done.append(next) }
            }
        }

        private func take() -> Batch? {
            lock.withLock { line.isEmpty ? nil : line.removeFirst() }
        }

        /// What one thread needs to check batches: its own verdicts and findings.
        private struct Checker {
            /// Problems of the lists' items kept by each thread: only the first 200 are ever shown,
            /// and a file with a mistake in each of 220,000 sessions held 2.2 million of them
            /// (739 MB). Past these, they are counted. The few of the top level are always kept.
            /// Those counted are told as "more problems not shown", even one that a path the
            /// reader told would have hidden: past 10,000 problems the count is at most that high.
            static let keptItemProblems = 10_000
            let schema: SchemaCheck
            var found: [(JSONPath, String)] = []
            var unkept = 0
            var verdicts: [PatternCase: Bool] = [:]

            init(schema: SchemaCheck) {
                self.schema = schema
            }

            mutating func check(_ batch: Batch) {
                for (piece, list, position) in batch.tapes {
                    check(piece, item: list.map { ($0, position) })
                }
            }

            /// Checks a piece: an item of a top-level list, or (nil) the top level.
            private mutating func check(_ piece: JSONTape, item: (list: String, position: Int)?) {
                var path: [JSONPath.Component] = []
                var rule: Rule? = schema.root
                if let item {
                    path = [.key(item.list), .index(item.position)]
                    rule = schema.root.properties[item.list]?.items
                }
                guard let rule else { return }
                var problems: [(JSONPath, String)] = []
                schema.check(0, in: piece, against: rule, at: &path, verdicts: &verdicts) { problems.append(($0, $1)) }
                let room = item == nil ? problems.count : max(0, Self.keptItemProblems - found.count)
                found += problems.prefix(room)
                unkept += max(0, problems.count - room)
            }
        }
    }
}
