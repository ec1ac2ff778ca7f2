import FoundationEssentials
import Glibc
import ScheduleKit

public enum Movement: Sendable, Hashable {
    case up, down, top, bottom, pageUp, pageDown, halfPageUp, halfPageDown
}

/// Everything the user or the world can ask of the browser. Keys become actions through the
/// key map; `reduce` is the only thing that turns actions into new state.
public enum Action: Sendable, Hashable {
    case showView(ViewKind)
    case nextView
    case previousView
    case move(Movement)
    case focusLeft
    case focusRight
    case open
    case back
    case toggleHelp
    case toggleClock
    case quit
    case click(x: Int, y: Int)
    case scroll(x: Int, y: Int, lines: Int)
    case resize(Size)
    case tick(Date)
    case openSearch
    case type(String)
    case deleteBackward
    case deleteWord
    case clearQuery
    case nextHit
    /// In the details: the next or previous line Enter can follow (a speaker, topic, track or link).
    case nextFollowable
    case previousFollowable
    /// The room grid: the next or previous conference day.
    case nextDay
    case previousDay
    /// The room grid: the first or last room, keeping the time (80–100-room programs).
    case firstRoom
    case lastRoom
    /// `y`: copy the selected talk's link to the terminal's clipboard (OSC 52).
    case copyLink
    /// `Q`: show the selected talk's link as a QR code, for a phone beside the laptop.
    case toggleShareCode
    /// `f`: open or close the filter overlay; Space or Enter there toggles the line.
    case openFilter
    case toggleFilterItem
    case closeFilter
    /// `.`: to what runs now (or starts next) today, in the Schedule, My agenda or the grid.
    case jumpToNow
    case previousHit
    /// In kiosk mode, every key or click first counts as a visitor's presence (and a key may be
    /// part of the unlock sequence); nil for the mouse.
    case kioskKey(Key?)
    /// `r`: fetch the program from its URL again.
    case refreshProgram
    /// A line for the header (or none), as the reducer words it.
    case programNotice(ProgramNotice?)
    /// `s` or Space: star or unstar the selected session.
    case toggleStar
    /// At start: read this conference's stars (not in the kiosk).
    case loadStars

    // What became of an effect, as the `EffectHandler` that carried it out says: facts, worded
    // by `reduce` like everything else on screen.

    /// The stars as stored, whether they can be changed, and what the store had to say.
    case starsLoaded(Set<String>, writable: Bool, notice: String?)
    /// A star was saved; the store answers with everything saved, other processes' stars included.
    case starsSaved(Set<String>)
    /// A star could not be saved, and why; stars are read-only from then on.
    case starsNotSaved(reason: String)
    case linkOpened
    case linkNotOpened(LinkFailure)
    /// The terminal takes no clipboard copies (OSC 52).
    case clipboardRefused
    /// A refresh ended without a new program (a new one arrives as `programReplaced`).
    case refreshed(RefreshOutcome)
    /// A refresh brought a changed program, read and kept; the runner swaps it in.
    case programReplaced(ProgramReplacement)
}

public enum LinkFailure: Sendable, Hashable {
    /// No DISPLAY or WAYLAND_DISPLAY: a console or a remote shell.
    case noDesktop
    /// No `xdg-open` to hand the address to.
    case noOpener
    /// Served over SSH: the server starts no program for a visitor; their own terminal can.
    case served
}

public enum RefreshOutcome: Sendable, Hashable {
    case unchanged
    /// The network failed or refused; the copy kept from this time (nil: not known) is shown.
    case offline(copyFrom: Date?)
    /// A new copy arrived but does not load; the old program stays.
    case newCopyUnreadable
}

/// A program that replaces the one shown, with what keeping it as a release said.
public struct ProgramReplacement: Sendable, Hashable {
    public let browser: Browser
    /// Whether this release was new to Hallway (then the header tells its changes).
    public let releaseIsNew: Bool
    /// What went wrong keeping the release, if anything.
    public let problem: String?

    public init(browser: Browser, releaseIsNew: Bool, problem: String?) {
        self.browser = browser
        self.releaseIsNew = releaseIsNew
        self.problem = problem
    }

    /// Two replacements are the same when they bring the same browser value.
    public static func == (lhs: ProgramReplacement, rhs: ProgramReplacement) -> Bool {
        lhs.browser.index.conference.id == rhs.browser.index.conference.id && lhs.releaseIsNew == rhs.releaseIsNew
            && lhs.problem == rhs.problem && lhs.browser.index.sessions.count == rhs.browser.index.sessions.count
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(browser.index.conference.id) }
}

/// What `reduce` asks the outside world to do.
public enum Effect: Sendable, Hashable {
    case quit
    /// Fetch the program from its URL again, in the background.
    case refreshProgram
    /// Save one star (the store merges it with what other processes saved).
    case saveStar(StarChange)
    /// Ring the terminal's bell once (a reminder).
    case bell
    /// Hand a web address to the desktop's browser.
    case openLink(String)
    /// Put text on the terminal's clipboard (OSC 52).
    case copyToClipboard(String)
    /// Read the stars kept for this conference.
    case loadStars(conference: String)
}
