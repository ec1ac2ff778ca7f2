import ArgumentParser
import Foundation
import ScheduleKit

@main
struct HallwayBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hallway-bench",
        abstract: "Synthetic programs and search measurements (see docs/PERFORMANCE.md).",
        subcommands: [Generate.self, Lines.self, Latency.self, Queries.self, Parse.self, StarWriter.self, Frames.self]
    )
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a synthetic program in Hallway's format.")

    @Option(help: "How many sessions.") var sessions: Int
    @Option(help: "Where to write the Hallway JSON.") var out: String
    @Option(help: "Also write the sessions as one text line each (for fzf).") var lines: String?

    func run() throws {
        let data = SyntheticProgram(sessions: sessions).json()
        try data.write(to: URL(fileURLWithPath: out))
        if let lines { try FzfLines.write(ScheduleIndex(try ScheduleLoader.load(data: data, name: out)), to: lines) }
    }
}

/// What fzf is given to search: one line a session with the text Hallway searches (title,
/// speakers, organisations, track, topics, room, summary) and the description, as issue 25 measured.
enum FzfLines {
    static func write(_ index: ScheduleIndex, to path: String) throws {
        var text = ""
        for session in index.sessions {
            let people = index.speakers(of: session)
            let fields = [session.displayTitle, people.map(\.name).joined(separator: ", "),
                          people.compactMap { $0.organization?.name }.joined(separator: ", "),
                          session.trackID.flatMap(index.track(id:))?.name ?? "", session.topicIDs.joined(separator: " "),
                          index.room(of: session)?.name ?? "", session.summary ?? "", session.details ?? ""]
            text += fields.joined(separator: " | ").replacingOccurrences(of: "\n", with: " ") + "\n"
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}

struct Lines: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write any schedule file's sessions as one text line each (for fzf).")

    @Option(help: "A schedule file in any format Hallway reads.") var data: String
    @Option(help: "Where to write the lines.") var out: String

    func run() throws {
        let loaded = try ScheduleLoader.read(file: data, maximumSize: 1 << 30)
        try FzfLines.write(ScheduleIndex(loaded.conference), to: out)
    }
}

struct Queries: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the 200 benchmark queries, one per line.")
    func run() { print(QuerySet.queries().joined(separator: "\n")) }
}

struct Latency: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load a synthetic program, build the index, and time every keystroke of the 200 queries."
    )

    @Option(help: "How many sessions to generate.") var sessions: Int
    @Flag(help: "Print the header line too.") var header = false
    @Option(help: "Also list this many slowest keystrokes, with what had been typed.") var slowest = 0

    func run() throws {
        let clock = ContinuousClock()
        let data = SyntheticProgram(sessions: sessions).json()
        let loadStart = clock.now
        let conference = try ScheduleLoader.load(data: data, name: "synthetic")
        let loaded = clock.now
        let scheduleIndex = ScheduleIndex(conference)
        let indexed = clock.now
        let engine = SearchEngine(scheduleIndex)
        let built = clock.now

        var samples: [Duration] = []
        var labelled: [(Duration, String, Int)] = []
        for query in QuerySet.queries() {
            for typed in QuerySet.keystrokes(query) {
                let started = clock.now
                let results = engine.search(SearchQuery(typed))
                let elapsed = clock.now - started
                samples.append(elapsed)
                if slowest > 0 { labelled.append((elapsed, typed, results.sessions.count)) }
            }
        }
        samples.sort()
        let micro = { (duration: Duration) in Double(duration.components.attoseconds) / 1e12 + Double(duration.components.seconds) * 1e6 }
        let percentile = { (p: Double) in micro(nearestRank(samples, p)) }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        if header {
            print("sessions | JSON MiB | load ms | program index ms | search index ms | keystrokes | p50 µs | p99 µs | max µs | peak RSS MiB")
            print("---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---:")
        }
        print(String(format: "%d | %.1f | %.0f | %.0f | %.0f | %d | %.0f | %.0f | %.0f | %.0f",
                     sessions, Double(data.count) / 1_048_576, micro(loaded - loadStart) / 1000, micro(indexed - loaded) / 1000,
                     micro(built - indexed) / 1000,
                     samples.count, percentile(0.5), percentile(0.99), micro(samples.last!), Double(usage.ru_maxrss) / 1024))
        for (elapsed, typed, count) in labelled.sorted(by: { $0.0 > $1.0 }).prefix(slowest) {
            print(String(format: "  %6.0f µs  %6d hits  \"%@\"", micro(elapsed), count, typed))
        }
    }
}

/// The value at fraction `p` of sorted, non-empty samples (0.5 the median, 0.99 the p99).
func nearestRank<Value>(_ sorted: [Value], _ p: Double) -> Value {
    sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}
