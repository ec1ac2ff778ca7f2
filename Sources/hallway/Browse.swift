import ArgumentParser
import Foundation
import HallwayUI
import ScheduleKit
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

    func run() throws {
        let index: ScheduleIndex
        let fixedNow: Date?
        let clock: (mode: ClockMode, local: TimeZone)
        let kiosk: KioskState?
        do {
            kiosk = try kioskOptions.state(now: Date())
            index = try dataOptions.loadIndex()
            fixedNow = clockOptions.now == nil ? nil : try clockOptions.instant()
            clock = try clockOptions.clockMode()
        } catch let error as BadInput {
            Self.fail(error)
        }

        // Scripts and pipes (`hallway | less`) get the program as plain text, with no escape bytes.
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            return printListing(index)
        }
        do {
            let browser = Browser(index: index, keyMap: kiosk == nil ? .standard : .kiosk)
            try InteractiveSession(browser: browser, fixedNow: fixedNow, clock: clock.mode, localZone: clock.local, kiosk: kiosk).run()
        } catch {
            FileHandle.standardError.write(Data("hallway: \(error.description); printing the program as text instead\n".utf8))
            printListing(index)
        }
    }

    private func printListing(_ index: ScheduleIndex) {
        FileHandle.standardOutput.write(Data(ProgramListing.render(index).utf8))
    }
}
