import ArgumentParser
import Foundation
import HallwayUI
import ScheduleKit

struct Browse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "browse",
        abstract: "Browse the program (the default command).",
        shouldDisplay: false
    )

    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        let index: ScheduleIndex
        do { index = try dataOptions.loadIndex() } catch let error as BadInput { Self.fail(error) }
        FileHandle.standardOutput.write(Data(ProgramListing.render(index).utf8))
    }
}
