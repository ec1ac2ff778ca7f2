import FoundationEssentials
import Glibc

/// What a served visitor may ask for: sshd hands what they typed after the host
/// (`ssh program@host export`) to the forced command as SSH_ORIGINAL_COMMAND. It is matched
/// against a few fixed words and never run, passed to a shell, or used as an argument: a visitor
/// reaches Hallway and nothing else.
public enum ServedRequest: Equatable, Sendable {
    /// Nothing after the host: the browser.
    case browse
    /// `export` (or `export ics`): the visitor's starred sessions as an iCalendar file on stdout.
    case exportStarred
    /// `now`: what is on now and next, as text.
    case now
    /// `help`: what can be asked for.
    case help
    /// Anything else, with the words as typed (to be sanitised before they are shown).
    case refused(String)

    public init(originalCommand: String?) {
        let words = (originalCommand ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        switch words {
        case []: self = .browse
        case ["export"], ["export", "ics"]: self = .exportStarred
        case ["now"]: self = .now
        case ["help"], ["--help"], ["-h"]: self = .help
        default: self = .refused(originalCommand ?? "")
        }
    }

    /// The answer to `help` and to a refused request.
    public static func usage(host: String) -> String {
        let offers = [("ssh \(host)", "browse the program (stars are kept per SSH key)"),
                      ("ssh \(host) export > my.ics", "your starred sessions as a calendar file"),
                      ("ssh \(host) now", "what is on now and next")]
        let width = offers.map(\.0.count).max() ?? 0
        return "This server shows the conference program with Hallway; nothing else runs here.\n"
            + offers.map { "  " + $0.0 + String(repeating: " ", count: width + 3 - $0.0.count) + $0.1 + "\n" }.joined()
    }
}
