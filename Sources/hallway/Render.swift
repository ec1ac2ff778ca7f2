import ArgumentParser
import FoundationEssentials
import Glibc
import HallwayUI
import ScheduleKit
import ScheduleRemote

/// Prints, as plain text, the screen a person would see after typing `--keys`: the same reducer
/// and views as the interactive program, with no terminal involved.
struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print the screen as text, headless.",
        discussion: "Keys use vim notation: printable characters as typed, and <Enter>, <Esc>, <Tab>, <S-Tab>, <BS>, <Up>, <Down>, <Left>, <Right>, <PageUp>, <PageDown>, <Home>, <End>, <C-x>."
    )

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Screen size, e.g. 80x24.", valueName: "COLSxROWS"))
    var size: String = "80x24"

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Keys to type before printing.", valueName: "KEYS"))
    var keys: String = ""

    @Flag(name: .long, help: "Also print each cell's style role, one letter per cell, after the text.")
    var styles = false

    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var clockOptions: ClockOptions
    @OptionGroup var kioskOptions: KioskOptions

    func run() throws {
        let size = try Self.parseSize(size)
        let typed: [Key]
        do { typed = try KeyNotation.parse(keys) } catch { throw BadInput("hallway: --keys: \(error.description)") }
        let now = try clockOptions.instant()
        let kiosk = try kioskOptions.state(now: now)
        // The releases kept so far mark what changed, as in the browser; render keeps none itself.
        let loaded = try dataOptions.loadIndex()
        let digest = ReleaseHistory.read(loaded.conference, reading: 2)?.recorded.digest
        let browser = Browser(index: ReleaseHistory.index(loaded, digest: digest), keyMap: kiosk == nil ? .standard : .kiosk, changes: digest)
        let (mode, local) = try clockOptions.clockMode()
        // A first start, as in the terminal: on now during the conference.
        let state = kiosk.map { browser.kioskStart(size: size, now: now, clock: mode, localZone: local, machineZone: .current, kiosk: $0) }
            ?? browser.openingState(size: size, now: now, clock: mode, localZone: local, machineZone: .current)
        var runner = Runner(browser: browser, state: state)
        runner.press(typed)
        let screen = runner.browser.render(runner.state)
        var output = screen.text + "\n"
        if styles { output += screen.styleLines().joined(separator: "\n") + "\n" }
        Output.text(output)
        finishOneShot()
    }

    static func parseSize(_ text: String) throws -> Size {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let columns = Int(parts[0]), let rows = Int(parts[1]), columns > 0, rows > 0, columns <= 1000, rows <= 1000 else {
            throw BadInput("hallway: --size: expected COLSxROWS such as 80x24, found \"\(TerminalSafe.escaped(text))\"")
        }
        return Size(columns: columns, rows: rows)
    }
}
