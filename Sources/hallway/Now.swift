import ArgumentParser
import FoundationEssentials
import Glibc
import ScheduleKit

/// `hallway now`: per room, what is on and what starts next.
struct Now: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "now",
        abstract: "What is on now and what starts next, room by room.",
        discussion: """
            Rooms with a session running now or starting within the next 3 hours (--within), running ones \
            first, then by start; --all lists every room's now and next. Times are in the venue's zone unless \
            --tz says otherwise. Rooms, tracks and languages hidden with the browser's filter (f) stay hidden, \
            and stderr says so; --unfiltered shows everything. A program with no published times says so and exits 0.
            """
    )

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var clockOptions: ClockOptions

    @Flag(name: .long, help: "One JSON object: the time asked about, the phase (noTimes, before, during, after) and each room's now and next.")
    var json = false

    @Flag(name: .long, help: "Every room with a session to come, however far off.")
    var all = false

    @Flag(name: .long, help: "Ignore the filter kept from the browser.")
    var unfiltered = false

    @Option(name: .long, help: ArgumentHelp("How far ahead to look: 90m, 3h, 1h30m, 2d (default 3h).", valueName: "DURATION"))
    var within = "3h"

    func run() throws {
        guard let window = Self.minutes(within), window > 0 else {
            throw BadInput("hallway: --within: expected a duration such as 90m, 3h, 1h30m or 2d, found \"\(TerminalSafe.escaped(within))\"")
        }
        let index = try dataOptions.loadIndex()
        let now = try clockOptions.instant()
        let zone = try clockOptions.clockMode().mode.zone(for: index.conference)
        // The filter the attendee set in the browser for this conference, as the booth board honours it.
        let filter = unfiltered ? ProgramFilter() : (PlaceMemory.standard()?.load(conference: index.conference.id).filter?.within(index) ?? ProgramFilter())
        let admitted = filter.isEmpty ? nil : index.sessions.indices.filter { filter.admits(index.sessions[$0]) }
        if let admitted {
            Output.error("hallway: filtered as in the browser: \(admitted.count) of \(index.sessions.count) sessions; --unfiltered shows every room")
        }
        let whole = NowAndNext(index, at: now, among: admitted)
        let board = all ? whole : whole.within(minutes: window)
        var output = json ? Self.json(board, index: index) : Self.plain(board, index: index, zone: zone)
        // Rooms with something to come, none of it soon: say so rather than print nothing.
        if !json, !all, board.rows.isEmpty, whole.rows.contains(where: { $0.next != nil }) {
            switch board.phase {
            case .during, .before:
                output += (board.phase == .during ? "\n" : "") + "Nothing starts within \(NowAndNext.duration(minutes: window)); --all lists every room's next session.\n"
            case .noTimes, .after:
                break
            }
        }
        json ? Output.json(output) : Output.text(output)
    }

    /// "90m", "3h", "1h30m", "2d" or plain minutes, in minutes.
    static func minutes(_ text: String) -> Int? {
        if let plain = Int(text) { return plain }
        var total = 0, number = ""
        for character in text.lowercased() {
            if character.isNumber { number.append(character); continue }
            guard let value = Int(number) else { return nil }
            switch character {
            case "d": total += value * 24 * 60
            case "h": total += value * 60
            case "m": total += value
            default: return nil
            }
            number = ""
        }
        return number.isEmpty && total > 0 ? total : nil
    }

    static func plain(_ board: NowAndNext, index: ScheduleIndex, zone: Zone) -> String {
        let name = TerminalSafe.line(index.conference.name)
        let today = CivilDate(board.now, in: zone)
        var lines: [String] = []
        switch board.phase {
        case .noTimes:
            return "\(name) publishes no session times, so there is no now or next to show.\n"
        case .after(let last):
            return "\(name) is over: its last session ended \(SessionTimeText.dayAndTime(last, in: zone)) \(zone.displayName).\n"
        case .before(let first):
            lines.append("\(name) starts \(SessionTimeText.dayAndTime(first, in: zone)) \(zone.displayName), in \(NowAndNext.duration(minutes: NowAndNext.minutes(from: board.now, to: first))).")
        case .during:
            lines.append("\(name), now and next at \(SessionTimeText.dayAndTime(board.now, in: zone)) \(zone.displayName)")
        }
        for row in board.rows {
            lines.append("")
            lines.append(row.room.map { TerminalSafe.line($0.name) } ?? "No room given")
            if let current = row.current {
                lines.append("  now   \(describe(current.session, on: today, index: index, zone: zone))  (\(NowAndNext.duration(minutes: current.minutes)) left)")
            }
            if let next = row.next {
                lines.append("  next  \(describe(next.session, on: today, index: index, zone: zone))  (in \(NowAndNext.duration(minutes: next.minutes)))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// "14:00–14:45  Title · Speaker", with the day in front when it is not the day asked about.
    private static func describe(_ session: Session, on today: CivilDate, index: ScheduleIndex, zone: Zone) -> String {
        let clock = SessionTimeText.clock(session, in: zone) ?? ""
        let day = session.start.map { CivilDate($0, in: zone) }
        let dayPrefix = day.flatMap { $0 == today ? nil : $0.shortDisplay + " " } ?? ""
        var text = "\(dayPrefix)\(clock)  \(TerminalSafe.line(session.displayTitle))"
        let speakers = index.speakers(of: session).map { TerminalSafe.line($0.fullName) }
        if !speakers.isEmpty { text += " · " + speakers.joined(separator: ", ") }
        return text
    }

    struct Entry: Encodable {
        var id: String
        var title: String
        var start: String?
        var end: String?
        var minutes: Int
    }

    struct Room: Encodable {
        var room: String?
        var now: Entry?
        var next: Entry?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(room, forKey: .room)
            try container.encode(now, forKey: .now)
            try container.encode(next, forKey: .next)
        }

        enum CodingKeys: String, CodingKey { case room, now, next }
    }

    struct Board: Encodable {
        var at: String
        var phase: String
        var rooms: [Room]
    }

    /// Strings escaped as on stderr; unknown values are null, never left out.
    static func json(_ board: NowAndNext, index: ScheduleIndex) -> String {
        func entry(_ slot: NowAndNext.Slot?) -> Entry? {
            slot.map { Entry(id: $0.session.id, title: $0.session.displayTitle,
                             start: $0.session.start.map { ISOInstant.format($0, in: index.conference.timeZone) },
                             end: $0.session.end.map { ISOInstant.format($0, in: index.conference.timeZone) },
                             minutes: $0.minutes) }
        }
        let phase: String
        switch board.phase {
        case .noTimes: phase = "noTimes"
        case .before: phase = "before"
        case .during: phase = "during"
        case .after: phase = "after"
        }
        let value = Board(at: ISOInstant.format(board.now, in: index.conference.timeZone), phase: phase,
                          rooms: board.rows.map { Room(room: $0.room.map { $0.name }, now: entry($0.current), next: entry($0.next)) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}
