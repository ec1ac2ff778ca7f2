import FoundationEssentials
import Glibc
import HallwayUI
import ScheduleKit
import ScheduleRemote
import TerminalCurses

/// The browser's effects in a terminal: stars in their store, the bell and the clipboard on the
/// terminal, links on the desktop, refreshes on the network. Each answers with what became of it,
/// as actions the runner reduces; nothing here decides what the screen says.
struct TerminalEffects: EffectHandler {
    let terminal: CursesTerminal
    /// Where stars are kept; nil for the kiosk, which never reads or writes them.
    var stars: StarEffects?
    /// For a program from a URL: refreshed at start and on `r`, swapped in when it changed.
    let refresh: BackgroundRefresh?
    let maximumFileSize: Int
    /// The key map a replacement program's browser keeps.
    let keyMap: KeyMap
    /// False when served over SSH: no program is started for a visitor, not even xdg-open.
    var opensLinks = true

    mutating func run(_ effect: Effect) -> [Action] {
        switch effect {
        case .quit:
            return []
        case .refreshProgram:
            refresh?.start()
            return []
        case .saveStar, .loadStars:
            return stars?.run(effect) ?? []
        case .bell:
            terminal.bell()
            return []
        case .openLink(let url):
            return [opensLinks ? LinkOpener.open(url) : .linkNotOpened(.served)]
        case .copyToClipboard(let text):
            return terminal.copyToClipboard(text) ? [] : [.clipboardRefused]
        }
    }

    /// A finished refresh: unchanged, offline, or a changed program read, kept as a release and
    /// handed over whole.
    mutating func collect() -> [Action] {
        guard let refresh, let outcome = refresh.collect() else { return [] }
        switch outcome {
        case .unchanged:
            return [.refreshed(.unchanged)]
        case .failed, .refused:
            return [.refreshed(.offline(copyFrom: refresh.remote.kept()?.fetched))]
        case .updated:
            switch refresh.loadKept(maximumSize: maximumFileSize) {
            case .success(let fetched):
                let recorded = ReleaseHistory.record(fetched.conference, quiet: true)
                let browser = Browser(index: ReleaseHistory.index(fetched, digest: recorded?.digest), keyMap: keyMap, changes: recorded?.digest)
                browser.prepareInBackground()
                return [.programReplaced(ProgramReplacement(browser: browser, releaseIsNew: recorded?.isNew ?? false,
                                                            problem: recorded?.notices.first))]
            case .failure:
                return [.refreshed(.newCopyUnreadable)]
            }
        }
    }
}
