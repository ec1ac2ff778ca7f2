import FoundationEssentials
import Glibc
import ScheduleKit

/// What the world answered to an effect (through the `EffectHandler`), and the notices it
/// brings, worded here like everything else on screen.
extension Browser {
    func reduceAnswer(_ state: inout AppState, _ action: Action) -> Bool {
        switch action {
        case .programNotice(let notice):
            state.programNotice = notice
        case .starsLoaded(let stars, let writable, let notice):
            state.stars = stars
            state.starsWritable = writable
            let gone = Agenda(index, starred: stars).missing
            if let notice {
                state.programNotice = ProgramNotice(notice, isWarning: true)
            } else if gone > 0 {
                state.programNotice = ProgramNotice("\(gone) starred \(gone == 1 ? "session is" : "sessions are") no longer in the program", isWarning: true)
            }
        case .starsSaved(let stars):
            state.stars = stars
            state.starsWritable = true
        case .starsNotSaved(let reason):
            state.starsWritable = false
            state.programNotice = ProgramNotice("stars cannot be saved: \(reason)", isWarning: true)
        case .linkOpened:
            state.programNotice = ProgramNotice("opened in your browser")
        case .linkNotOpened(.noDesktop):
            state.programNotice = ProgramNotice("no desktop to open links in; the address is on screen", isWarning: true)
        case .linkNotOpened(.noOpener):
            state.programNotice = ProgramNotice("cannot open links: xdg-open is not installed", isWarning: true)
        case .linkNotOpened(.served):
            state.programNotice = ProgramNotice("links open on your computer: y copies, Q shows a code", isWarning: true)
        case .clipboardRefused:
            state.programNotice = ProgramNotice("this terminal takes no copies (OSC 52); Q shows the link as a code", isWarning: true)
        case .refreshed(.unchanged):
            state.programNotice = nil
        case .refreshed(.offline(let copyFrom)):
            let when = copyFrom.map { SessionTimeText.dayAndTime($0, in: state.machineZone) }
            state.programNotice = ProgramNotice("offline, copy from \(when ?? "earlier")", isWarning: true)
        case .refreshed(.newCopyUnreadable):
            state.programNotice = ProgramNotice("the new copy does not load; showing the old one", isWarning: true)
        case .programReplaced(let replacement):
            // The runner has swapped this browser in; the header says once what changed.
            if replacement.releaseIsNew, let digest = changes, !digest.isEmpty {
                state.programNotice = ProgramNotice(digest.headline(starred: state.stars))
            } else if let problem = replacement.problem {
                state.programNotice = ProgramNotice(problem, isWarning: true)
            } else {
                state.programNotice = ProgramNotice("updated \(SessionTimeText.hourMinute(state.now, in: state.machineZone))")
            }
        default:
            return false
        }
        return true
    }
}
