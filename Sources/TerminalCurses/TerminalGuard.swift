import CNcursesw
import Glibc

// Signal handlers may only touch plain globals; these are written before handlers are installed.
nonisolated(unsafe) private var quitSignal: Int32 = 0
nonisolated(unsafe) private var savedStderr: Int32 = -1
nonisolated(unsafe) private var stderrLog: Int32 = -1
nonisolated(unsafe) private var cursesActive = false

/// Keeps the terminal usable whatever happens: quit signals end the loop cleanly, crashes restore
/// the terminal before the process dies with the same signal (htop's CRT_handleSIGSEGV), and
/// stderr is parked in a file while curses owns the screen, then replayed (htop's redirectStderr).
enum TerminalGuard {
    static let quitSignals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
    static let crashSignals = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE]

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
            TerminalGuard.restoreAfterCrash()
            Glibc.signal(signal, SIG_DFL)
            raise(signal)
        }
        sigemptyset(&crash.sa_mask)
        crash.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND))
        for signal in crashSignals { sigaction(signal, &crash, nil) }
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
            curs_set(1)
            endwin()
        }
        replayStderr()
    }

    private static func restoreAfterCrash() {
        restore()
        let note = "hallway: crashed; the terminal was restored\n"
        _ = note.withCString { write(STDERR_FILENO, $0, strlen($0)) }
    }
}
