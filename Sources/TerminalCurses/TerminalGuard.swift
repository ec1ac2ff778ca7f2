import CNcursesw
import Glibc

// Signal handlers may only touch plain globals; these are written before handlers are installed.
nonisolated(unsafe) private var quitSignal: Int32 = 0
nonisolated(unsafe) private var savedStderr: Int32 = -1
nonisolated(unsafe) private var stderrLog: Int32 = -1
nonisolated(unsafe) private var cursesActive = false
nonisolated(unsafe) private var resumedFromStop: Int32 = 0

/// Turns the terminal's bracketed paste off; written with write(2), so handlers may call it.
private func endBracketedPaste() {
    let off = "\u{1B}[?2004l"
    _ = off.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
}

/// Keeps the terminal usable whatever happens: quit signals end the loop cleanly, crashes restore
/// the terminal before the process dies with the same signal (htop's CRT_handleSIGSEGV), and
/// stderr is parked in a file while curses owns the screen, then replayed (htop's redirectStderr).
enum TerminalGuard {
    /// Signals that end the program: the loop finishes, the terminal is restored, and it exits.
    /// Beyond Ctrl-C, kill and a closed terminal: the user signals, timers and real-time signals,
    /// whose default would end the process with the screen still taken.
    static var quitSignals: [Int32] {
        [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGPWR, SIGSTKFLT]
            + Array(hw_sigrtmin()...hw_sigrtmax())
    }
    /// Faults: restore, then die of the same signal so a supervisor sees the crash (htop's habit).
    static let crashSignals = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]
    /// Limits a supervisor enforces (systemd's SystemCallFilter= sends SIGSYS, LimitCPU= SIGXCPU):
    /// restore, then die of the same signal.
    static let limitSignals = [SIGSYS, SIGXCPU, SIGXFSZ]
    /// A background job touching the terminal: restore, stop, and redraw on SIGCONT.
    static let stopSignals = [SIGTTIN, SIGTTOU]

    static var pendingQuitSignal: Int32 { quitSignal }

    static func install() {
        // No SA_RESTART: a quit signal interrupts the blocking read, so the loop sees it at once.
        var quit = sigaction()
        quit.__sigaction_handler.sa_handler = { signal in quitSignal = signal }
        sigemptyset(&quit.sa_mask)
        quit.sa_flags = 0
        for signal in quitSignals { sigaction(signal, &quit, nil) }

        var crash = sigaction()
        crash.__sigaction_handler.sa_handler = { signal in
            TerminalGuard.restoreAfter(signal)
            Glibc.signal(signal, SIG_DFL)
            raise(signal)
        }
        sigemptyset(&crash.sa_mask)
        crash.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND))
        for signal in crashSignals + limitSignals { sigaction(signal, &crash, nil) }

        installStopHandlers()
        // A write to a terminal that went away fails with EPIPE instead; the loop then notices the
        // lost terminal (a kill -PIPE changes nothing).
        Glibc.signal(SIGPIPE, SIG_IGN)
    }

    private static func installStopHandlers() {
        var stop = sigaction()
        stop.__sigaction_handler.sa_handler = { signal in
            // While this handler runs the signal is blocked, so endwin's tcsetattr from the
            // background is allowed rather than stopping us half-way.
            let wasActive = cursesActive
            if wasActive {
                endBracketedPaste()
                endwin()
            }
            Glibc.signal(signal, SIG_DFL)
            var only = sigset_t()
            sigemptyset(&only)
            sigaddset(&only, signal)
            raise(signal)
            sigprocmask(SIG_UNBLOCK, &only, nil)
            // Stopped here until SIGCONT; then the loop redraws the whole screen.
            TerminalGuard.installStopHandlers()
            if wasActive { resumedFromStop = 1 }
        }
        sigemptyset(&stop.sa_mask)
        stop.sa_flags = 0
        for signal in stopSignals { sigaction(signal, &stop, nil) }
    }

    /// True once after the program was stopped and continued: the screen needs drawing afresh.
    static func takeResume() -> Bool {
        guard resumedFromStop != 0 else { return false }
        resumedFromStop = 0
        return true
    }

    static func cursesStarted() { cursesActive = true }

    /// Sends stderr to an unlinked temporary file until `replayStderr`.
    static func parkStderr() {
        let directory = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
        var template = Array("\(directory)/hallway-stderr-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        savedStderr = dup(STDERR_FILENO)
        stderrLog = fd
        dup2(fd, STDERR_FILENO)
    }

    /// Puts stderr back and prints what was written to it meanwhile. Uses only system calls, so the
    /// crash handler can call it too.
    static func replayStderr() {
        guard savedStderr >= 0 else { return }
        dup2(savedStderr, STDERR_FILENO)
        close(savedStderr)
        savedStderr = -1
        guard stderrLog >= 0 else { return }
        lseek(stderrLog, 0, SEEK_SET)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(stderrLog, $0.baseAddress, 4096) }
            if count <= 0 { break }
            _ = chunk.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, count) }
        }
        close(stderrLog)
        stderrLog = -1
    }

    static func restore() {
        if cursesActive {
            cursesActive = false
            endBracketedPaste()
            curs_set(1)
            endwin()
        }
        replayStderr()
    }

    private static func restoreAfter(_ signal: Int32) {
        restore()
        let note = limitSignals.contains(signal) ? "hallway: stopped by a resource limit (signal); the terminal was restored\n"
            : "hallway: crashed; the terminal was restored\n"
        _ = note.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }
}
