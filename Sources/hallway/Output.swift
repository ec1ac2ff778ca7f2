import Foundation
import ScheduleKit

/// Everything the commands print goes through here, the command line's one choke point between
/// schedule text and the terminal: plain text and messages keep their line breaks but lose every
/// control, escape and bidi override (TerminalSafe); JSON keeps its data intact, with each such
/// character written as a `\u` escape. An iCalendar file is made safe where it is written
/// (ICalendarExport), since its lines must end in CR LF.
enum Output {
    static func text(_ text: String) {
        FileHandle.standardOutput.write(Data(TerminalSafe.paragraphs(text).utf8))
    }

    static func json(_ json: String) {
        FileHandle.standardOutput.write(Data(TerminalSafe.jsonEscaped(json).utf8))
    }

    /// The bytes as they are: an iCalendar file or TSV lines, each field already made safe.
    static func raw(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func error(_ message: String) {
        FileHandle.standardError.write(Data(TerminalSafe.paragraphs(message.hasSuffix("\n") ? message : message + "\n").utf8))
    }
}
