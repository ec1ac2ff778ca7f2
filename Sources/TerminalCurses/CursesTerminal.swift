import CNcursesw
import FoundationEssentials
import Glibc
import Dispatch
import Glibc
import HallwayUI
import ScheduleKit

public struct TerminalUnavailable: Error, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

/// Whether the terminal draws on a dark or a light background; colours are chosen to read on it.
public enum TerminalTheme: String, Sendable, CaseIterable {
    case dark, light

    /// From COLORFGBG ("15;0": light text on black), which xterm, rxvt and Konsole set; dark when unknown.
    public static func detected(environment: [String: String] = ProcessInfo.processInfo.environment) -> TerminalTheme {
        guard let value = environment["COLORFGBG"], let background = value.split(separator: ";").last.flatMap({ Int($0) }) else { return .dark }
        return background == 7 || background >= 9 ? .light : .dark
    }
}

/// The terminal, through ncurses. One screen, our own cell buffer, and only changed cells written.
public final class CursesTerminal {
    public struct Options {
        /// Raw mode: Ctrl-C, Ctrl-Z, Ctrl-\ and Ctrl-S arrive as keys instead of signals (the kiosk).
        public var raw = false
        public var mouse = true
        public var theme: TerminalTheme = .dark
        /// Mark web addresses as clickable (OSC 8) after each frame.
        public var hyperlinks = false
        /// False when served over SSH: Ctrl-Z would stop a process no shell will ever resume,
        /// holding the visitor's connection open, so the stop signal is ignored.
        public var suspendable = true

        public init(raw: Bool = false, mouse: Bool = true, theme: TerminalTheme = .dark, hyperlinks: Bool = false, suspendable: Bool = true) {
            self.raw = raw
            self.mouse = mouse
            self.theme = theme
            self.hyperlinks = hyperlinks
            self.suspendable = suspendable
        }

        /// Terminals known to link text, where OSC 8 is safe to send: HALLWAY_HYPERLINKS=1 or 0
        /// decides; never on the Linux console, which does not parse it.
        public static func supportsHyperlinks(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
            if let choice = environment["HALLWAY_HYPERLINKS"] { return choice == "1" }
            let term = environment["TERM"] ?? ""
            if term == "linux" || term == "dumb" || term.isEmpty { return false }
            if environment["VTE_VERSION"] != nil || environment["KITTY_WINDOW_ID"] != nil || environment["WT_SESSION"] != nil { return true }
            let programs = ["iTerm.app", "WezTerm", "vscode", "ghostty", "tmux"]
            return programs.contains(environment["TERM_PROGRAM"] ?? "") || ["kitty", "foot", "alacritty", "wezterm"].contains { term.contains($0) }
        }
    }

    private let screen: OpaquePointer
    private let hyperlinks: Bool
    private var palette: StylePalette
    private var previous: CellBuffer?
    private var quickErrors = 0

    /// Follows the start-up order ncurses needs: locale first, then the screen, modes, colours, mouse.
    public init(options: Options = Options()) throws(TerminalUnavailable) {
        setlocale(LC_ALL, "")
        if hw_codeset_is_utf8() == 0 {
            // Schedules are Unicode; a C locale would make ncurses print CJK as meta bytes.
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        hw_install_winch()
        // Before newterm: ncurses takes SIGTSTP only while it is at its default.
        if !options.suspendable { Glibc.signal(SIGTSTP, SIG_IGN) }
        Self.sizeNCursesWillUse()
        guard let screen = newterm(nil, hw_stdout(), hw_stdin()) else {
            throw TerminalUnavailable(description: "the terminal type \"\(ProcessInfo.processInfo.environment["TERM"] ?? "")\" is unknown")
        }
        let cursorAddress = tigetstr("cup")
        if cursorAddress == nil || Int(bitPattern: cursorAddress) == -1 {
            endwin()
            delscreen(screen)
            throw TerminalUnavailable(description: "the terminal type \"\(ProcessInfo.processInfo.environment["TERM"] ?? "")\" cannot move the cursor")
        }
        self.screen = screen
        hyperlinks = options.hyperlinks
        TerminalGuard.cursesStarted()
        TerminalGuard.install()
        TerminalGuard.parkStderr()

        if options.raw { raw() } else { cbreak() }
        noecho()
        nonl()
        let window = hw_stdscr()
        keypad(window, true)
        intrflush(window, false)
        curs_set(0)
        // The default is a whole second, which makes Esc feel dead; ESCDELAY in the environment still wins.
        if ProcessInfo.processInfo.environment["ESCDELAY"] == nil { set_escdelay(25) }

        let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        var depth = StylePalette.Depth.monochrome
        if !noColor, has_colors() {
            start_color()
            use_default_colors()
            depth = hw_colors() >= 256 ? .full : (hw_colors() >= 8 ? .eight : .monochrome)
        }
        palette = StylePalette(depth: depth, theme: options.theme)

        if options.mouse {
            mousemask(hw_mouse_mask(), nil)
            mouseinterval(0)
        }
        // Bracketed paste: a paste arrives between two markers, as one input, not as keys.
        define_key("\u{1B}[200~", hw_key_paste_start())
        define_key("\u{1B}[201~", hw_key_paste_end())
        Self.startBracketedPaste()
    }

    private static func startBracketedPaste() {
        // A terminal that has gone away is noticed by the next read; this write must not stop the program.
        _ = "\u{1B}[?2004h".utf8.withContiguousStorageIfAvailable { writeEverything(UnsafeRawBufferPointer($0), to: STDOUT_FILENO) }
    }

    /// The longest paste kept, in characters; the rest is read and dropped.
    public static let maximumPaste = 4096

    /// After the program was stopped (SIGTTOU, SIGTTIN) and continued: modes back, whole screen redrawn.
    public func resumedFromStop() -> Bool {
        guard TerminalGuard.takeResume() else { return false }
        Self.startBracketedPaste()
        previous = nil
        clearok(hw_curscr(), true)
        return true
    }

    /// The terminal's size as the window claims it (the state cuts it to `Size.drawable`).
    public var size: Size {
        Self.measuredSize() ?? Size(columns: Int(getmaxx(hw_stdscr())), rows: Int(getmaxy(hw_stdscr())))
    }

    private static func measuredSize() -> Size? {
        let size = Size(columns: Int(hw_window_columns()), rows: Int(hw_window_rows()))
        return size.columns > 0 && size.rows > 0 ? size : nil
    }

    /// ncurses takes LINES and COLUMNS over the window's size whenever it looks: set to what
    /// Hallway draws, they are the only size ncurses ever uses.
    @discardableResult
    private static func sizeNCursesWillUse() -> Size? {
        guard let drawn = measuredSize()?.drawable else { return nil }
        setenv("LINES", String(drawn.rows), 1)
        setenv("COLUMNS", String(drawn.columns), 1)
        return drawn
    }

    /// After SIGWINCH: ncurses resized to the drawn part of the new size; the new size.
    private func resized() -> InputEvent? {
        guard let drawn = Self.sizeNCursesWillUse() else { return nil }
        resizeterm(Int32(drawn.rows), Int32(drawn.columns))
        return .resize(size)
    }

    public var pendingQuitSignal: Int32 { TerminalGuard.pendingQuitSignal }

    /// Writes the cells that differ from the last frame, then one `doupdate`.
    public func draw(_ buffer: CellBuffer) {
        let window = hw_stdscr()
        if previous?.size != buffer.size {
            wclear(window)
            previous = nil
        }
        let changes = previous.map { buffer.changedCells(since: $0) }
            ?? (0..<buffer.size.rows).flatMap { y in (0..<buffer.size.columns).map { (x: $0, y: y) } }
        let lastCell = (x: buffer.size.columns - 1, y: buffer.size.rows - 1)
        for (x, y) in changes {
            let cell = buffer[x, y]
            if cell.isContinuation { continue }
            var character = cchar_t()
            var wide = cell.text.unicodeScalars.prefix(Int(CCHARW_MAX)).map { wchar_t(bitPattern: $0.value) } + [0]
            setcchar(&character, &wide, palette.attributes(for: cell.role), palette.pair(for: cell), nil)
            if x == lastCell.x && y == lastCell.y {
                // Adding a character at the bottom-right cell would scroll; inserting does not.
                mvwins_wch(window, Int32(y), Int32(x), &character)
            } else {
                mvwadd_wch(window, Int32(y), Int32(x), &character)
            }
        }
        wnoutrefresh(window)
        doupdate()
        if hyperlinks, !buffer.hyperlinks.isEmpty { markHyperlinks(buffer) }
        previous = buffer
    }

    /// Writes each address's cells again inside OSC 8, in the link style. ncurses has flushed the
    /// frame by now; the cursor and the attributes are saved before (DECSC) and restored after
    /// (DECRC), so the terminal is left exactly as ncurses believes it to be.
    private func markHyperlinks(_ buffer: CellBuffer) {
        var output = "\u{1B}7"
        for link in buffer.hyperlinks {
            output += "\u{1B}[\(link.y + 1);\(link.x + 1)H" + palette.sgr(for: buffer[link.x, link.y].role)
            output += link.sequence(text: buffer.text(y: link.y, from: link.x, width: link.width))
        }
        output += "\u{1B}8"
        writeRaw(output)
    }

    /// Bytes for the terminal itself, past ncurses (which has flushed its frame by now).
    private func writeRaw(_ output: String) {
        let bytes = Array(output.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            guard written > 0 else { break }
            offset += written
        }
    }

    /// Puts `text` on the clipboard of the terminal (and of the desktop, through ssh and tmux
    /// when they allow it) with OSC 52. False where no terminal takes it: the Linux console, a
    /// dumb terminal. Whether a terminal that takes the sequence lets it through is its own setting.
    public func copyToClipboard(_ text: String) -> Bool {
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        guard !term.isEmpty, term != "dumb", !term.hasPrefix("linux") else { return false }
        writeRaw("\u{1B}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}")
        return true
    }

    /// The next input, or nil when `timeoutMilliseconds` pass (or a signal arrives) first.
    public func nextEvent(timeoutMilliseconds: Int32) throws(TerminalUnavailable) -> InputEvent? {
        let window = hw_stdscr()
        wtimeout(window, timeoutMilliseconds)
        var code: wint_t = 0
        let started = DispatchTime.now().uptimeNanoseconds
        if hw_take_winch() != 0, let event = resized() { return event }
        let status = wget_wch(window, &code)
        // A key read before the signal is kept; the resize is taken at the next call.
        if status == ERR, hw_take_winch() != 0, let event = resized() { return event }
        if status == ERR {
            // A lost terminal answers ERR at once, forever; don't spin (ncdu's lesson).
            let elapsed = (DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
            // A poll (timeout 0) answers ERR at once by design and says nothing about the terminal.
            guard timeoutMilliseconds > 0 else { return nil }
            quickErrors = elapsed < UInt64(max(1, timeoutMilliseconds / 2)) && TerminalGuard.pendingQuitSignal == 0 ? quickErrors + 1 : 0
            if quickErrors > 100 { throw TerminalUnavailable(description: "the terminal went away") }
            return nil
        }
        quickErrors = 0
        if status == hw_key_code_yes() {
            if Int32(code) == KEY_RESIZE { return .resize(size) }
            if Int32(code) == KEY_MOUSE { return mouseEvent() }
            if Int32(code) == hw_key_paste_start() { return readPaste() }
            if Int32(code) == hw_key_paste_end() { return nil }
        }
        return KeyDecoding.decode(status: status, code: UInt32(code)).map(InputEvent.key)
    }

    /// The text between the paste markers, as one event: line breaks and tabs become spaces,
    /// other control characters are dropped, and past `maximumPaste` characters the rest is read
    /// and dropped, so a huge paste neither floods the loop nor lands in the shell afterwards.
    private func readPaste() -> InputEvent? {
        let window = hw_stdscr()
        wtimeout(window, 200)
        var text = ""
        var kept = 0
        while true {
            var code: wint_t = 0
            let status = wget_wch(window, &code)
            if status == ERR { break }
            if status == hw_key_code_yes() {
                if Int32(code) == hw_key_paste_end() { break }
                continue
            }
            guard kept < Self.maximumPaste, let scalar = Unicode.Scalar(UInt32(code)) else { continue }
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: text.unicodeScalars.append(" ")
            case 0x00..<0x20, 0x7F...0x9F: continue
            default: text.unicodeScalars.append(scalar)
            }
            kept += 1
        }
        return text.isEmpty ? nil : .paste(text)
    }

    private func mouseEvent() -> InputEvent? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let x = Int(event.x), y = Int(event.y)
        if event.bstate & hw_wheel_up() != 0 { return .mouse(MouseEvent(kind: .wheelUp, x: x, y: y)) }
        if event.bstate & hw_wheel_down() != 0 { return .mouse(MouseEvent(kind: .wheelDown, x: x, y: y)) }
        if event.bstate & hw_button1_any() != 0 { return .mouse(MouseEvent(kind: .press, x: x, y: y)) }
        return nil
    }

    /// The terminal's bell (or its visible flash, as the user has set it up).
    public func bell() {
        beep()
    }

    /// Restores the terminal: cursor, modes, main screen, and stderr.
    public func stop() {
        TerminalGuard.restore()
        delscreen(screen)
    }
}
