import Foundation
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
    /// From the runtime: what became of a refresh.
    case programNotice(ProgramNotice?)
    /// `s` or Space: star or unstar the selected session.
    case toggleStar
    /// From the runtime: the stars as stored, whether they can be changed, and what to say.
    case starsLoaded(Set<String>, writable: Bool, notice: String?)
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
}
