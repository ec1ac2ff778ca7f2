import FoundationEssentials
import Glibc
import ScheduleKit

/// Everything the commands print goes through here, the command line's one choke point between
/// schedule text and the terminal: plain text and messages keep their line breaks but lose every
/// control, escape and bidi override (TerminalSafe); JSON keeps its data intact, with each such
/// character written as a `\u` escape. An iCalendar file is made safe where it is written
/// (ICalendarExport), since its lines must end in CR LF.
///
/// A write to standard output that fails ends the command at once with one line on stderr and
/// exit 1 (a full disk, a closed descriptor), or quietly with 141 when the reader has gone away
/// (EPIPE with SIGPIPE ignored: the status a shell reports for a pipeline cut short), so that a
/// script never takes half an answer for a whole one.
enum Output {
    static func text(_ text: String) {
        standardOutput(TerminalSafe.paragraphs(text))
    }

    static func json(_ json: String) {
        standardOutput(TerminalSafe.jsonEscaped(json))
    }

    /// The bytes as they are: an iCalendar file or TSV lines, each field already made safe.
    static func raw(_ text: String) {
        standardOutput(text)
    }

    static func error(_ message: String) {
        var line = TerminalSafe.paragraphs(message.hasSuffix("\n") ? message : message + "\n")
        // Nothing is left to tell when stderr itself cannot be written.
        _ = line.withUTF8 { writeEverything(UnsafeRawBufferPointer($0), to: STDERR_FILENO) }
    }

    private static func standardOutput(_ text: String) {
        var text = text
        guard let failure = text.withUTF8({ writeEverything(UnsafeRawBufferPointer($0), to: STDOUT_FILENO) }) else { return }
        outputFailed(failure)
    }

    static func outputFailed(_ code: Int32) -> Never {
        if code == EPIPE { exit(141) }
        error("hallway: cannot write the output: \(systemReason(code))")
        exit(1)
    }
}
