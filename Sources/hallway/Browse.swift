import ArgumentParser
import FoundationEssentials
import Glibc
import HallwayUI
import ScheduleKit
import ScheduleRemote
import TerminalCurses

struct Browse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "browse",
        abstract: "Browse the program (the default command).",
        shouldDisplay: false
    )

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var clockOptions: ClockOptions
    @OptionGroup var kioskOptions: KioskOptions

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Minutes before a starred session starts to say so and ring the bell once; 0 for never.", valueName: "MINUTES"))
    var remind = 5

    @Option(name: .long, help: ArgumentHelp("Colours for a dark or light terminal background; auto asks the terminal (OSC 11), then reads COLORFGBG.", valueName: "auto|dark|light"))
    var theme = "auto"

    func run() throws {
        try open(served: nil)
    }

    /// The browser, or with `served` the browser a visitor gets from `hallway serve`: the program
    /// read as the operator left it (no fetch, no snapshot written), the visitor's own stars when
    /// they came with a key and stars for the visit only when not, and an idle limit.
    func open(served: ServedVisit?) throws {
        var index: ScheduleIndex
        var recorded: VersionStore.Recorded?
        let fixedNow: Date?
        let clock: (mode: ClockMode, local: Zone)
        let kiosk: KioskState?
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let place = PlaceMemory.standard()
        var remembered: RememberedPlace?
        // A copy kept from before is refreshed once the browser is up; one fetched now needs no refresh.
        let hadKeptCopy = ((try? dataOptions.remote()) ?? nil)?.kept() != nil
        kiosk = try kioskOptions.state(now: Date())
        // In the browser a URL with a kept copy opens at once and is refreshed in the background.
        // A program opened before opens from its snapshot, unless the file changed.
        let opened = try dataOptions.loadProgram(waitForNetwork: !interactive, snapshots: interactive ? ProgramSnapshot.defaultDirectory() : nil,
                                                 readOnly: served != nil)
        index = opened.index
        let saving = opened.saving
        // A snapshot being saved is finished before the process ends, never cut off.
        defer { while let saving, !saving.isFinished { usleep(5_000) } }
        // Read once, for the browser only: the zone chooses the clock here, the view is where it opens.
        // The kiosk reads the filter its operator set in the browser, and nothing else.
        remembered = interactive ? place?.load(conference: index.conference.id) : nil
        fixedNow = try clockOptions.pinned()
        guard (0...1440).contains(remind) else { throw BadInput("hallway: --remind: expected 0 to 1440 minutes, found \(remind)") }
        guard theme == "auto" || TerminalTheme(rawValue: theme) != nil else {
            throw BadInput("hallway: --theme: expected auto, dark or light, found \"\(TerminalSafe.escaped(theme))\"")
        }
        // The zone last chosen in the browser applies to the browser only; plain output keeps to --tz.
        clock = try clockOptions.clockMode(remembered: kiosk == nil ? remembered?.zone : nil)

        // Scripts and pipes (`hallway | less`) get the program as plain text, with no escape bytes.
        guard interactive else {
            return printListing(index, clock: clock.mode)
        }
        // The release is kept, and what changed since the one seen before marked everywhere; a
        // served visitor reads the operator's releases and keeps none.
        var keepingFirst: ReleaseHistory.FirstKeeping?
        if let served {
            recorded = served.releases.flatMap { ReleaseHistory.read(index.conference, reading: 2, store: $0)?.recorded }
        } else if let first = ReleaseHistory.FirstKeeping(index.conference, source: opened.source) {
            keepingFirst = first
        } else {
            recorded = ReleaseHistory.record(index.conference, source: opened.source)
        }
        // What keeping the first release had to say is said once the terminal is the shell's again.
        defer { keepingFirst?.finish() }
        let engine: Lazy<SearchEngine>
        (index, engine) = ReleaseHistory.shown(opened, digest: recorded?.digest)
        do {
            let browser = Browser(index: index, keyMap: kiosk == nil ? .standard : .kiosk, changes: recorded?.digest, engine: engine)
            var session = InteractiveSession(browser: browser, fixedNow: fixedNow, clock: clock.mode, localZone: clock.local, kiosk: kiosk)
            if served == nil {
                session.refresh = (try? dataOptions.remote())?.map { BackgroundRefresh(remote: $0, venueZone: try? dataOptions.venueZone()) }
            }
            session.maximumFileSize = dataOptions.maxFileSize * 1_048_576
            session.refreshAtStart = hadKeptCopy
            // A visitor who came without a key has stars for the visit only.
            let keptStars: (any StarStore)? = served?.keepsStars == false ? MemoryStarStore() : FileStarStore.standard()
            session.stars = kiosk == nil ? keptStars : nil
            session.remindMinutes = remind
            session.startFilter = (remembered?.filter ?? ProgramFilter()).within(index)
            if let recorded, recorded.isNew, let digest = recorded.digest, !digest.isEmpty, kiosk == nil {
                session.startNotice = ProgramNotice(digest.headline(starred: FileStarStore.starredKeys(in: index.conference.id)))
            }
            if let served {
                session.served = true
                session.idleLimit = served.idleLimit
                session.startNotice = session.startNotice ?? served.greeting
            }
            session.place = kiosk == nil ? place : nil
            session.startView = kiosk == nil ? remembered?.view.flatMap(ViewKind.init(name:)) : nil
            // --theme, else what the terminal says of its background, else COLORFGBG, else dark.
            session.theme = TerminalTheme(rawValue: theme) ?? BackgroundQuery.theme() ?? .detected()
            if try session.run() == .idle, let idleLimit = served?.idleLimit {
                let seconds = Int(idleLimit)
                Output.error("hallway: closed after " + (seconds < 120 ? "\(seconds) seconds" : "\(seconds / 60) minutes") + " without a key")
            }
        } catch {
            // A visitor's connection is gone: there is no one to print the program to.
            guard served == nil else { return }
            Output.error("hallway: \(error.description); printing the program as text instead")
            printListing(index, clock: clock.mode)
        }
    }

    private func printListing(_ index: ScheduleIndex, clock: ClockMode) {
        let stars = FileStarStore.starredKeys(in: index.conference.id)
        Output.text(ProgramListing.render(index, stars: stars, clock: clock))
    }
}

/// How a visitor of `hallway serve` is browsing.
struct ServedVisit {
    /// False for a visitor who came without a key: their stars last for the visit only.
    let keepsStars: Bool
    let idleLimit: TimeInterval
    /// What the header says first, when there is something to say (stars kept only for now).
    let greeting: ProgramNotice?
    /// The program's releases as the operator keeps them (`serve --prepare`), read only.
    let releases: VersionStore?
}
