import FoundationEssentials
import Glibc
import Dispatch
import Glibc
import ScheduleKit

/// Asks the terminal what colour its background is (OSC 11), as vim and lipgloss do: xterm,
/// GNOME Terminal, Alacritty and kitty answer, and none of them sets COLORFGBG, so a white
/// xterm got the dark theme's pale cyan clock (1.7:1). A device-attributes request (DA1) goes
/// after it: every terminal answers that one, so one that does not know OSC 11 costs no wait.
/// Asked before ncurses starts, on standard input and output when both are the terminal.
public enum BackgroundQuery {
    /// The longest wait for an answer, for a terminal that answers neither request.
    static let patience: Int32 = 150

    /// The theme the terminal's background asks for; nil when it does not say.
    public static func theme() -> TerminalTheme? {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return nil }
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return nil }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0 else { return nil }
        defer { tcsetattr(STDIN_FILENO, TCSANOW, &saved) }
        let query = "\u{1B}]11;?\u{1B}\\\u{1B}[c"
        guard query.utf8.withContiguousStorageIfAvailable({ writeEverything(UnsafeRawBufferPointer($0), to: STDOUT_FILENO) }) == .some(nil) else { return nil }
        let reply = readReply()
        return reply.flatMap(parse).map { luminance in luminance > 0.5 ? .light : .dark }
    }

    /// What arrives until the DA1 answer (`ESC [ ? … c`) or the wait runs out.
    private static func readReply() -> [UInt8]? {
        var reply: [UInt8] = []
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(patience) * 1_000_000
        var buffer = [UInt8](repeating: 0, count: 256)
        while reply.count < 1024 {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { break }
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32((deadline - now) / 1_000_000) + 1)
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { break }
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            guard count > 0 else { break }
            reply += buffer[..<count]
            if answeredAttributes(reply) { break }
        }
        return reply.isEmpty ? nil : reply
    }

    /// `ESC [ ?` … `c`: the device-attributes answer that closes the exchange.
    static func answeredAttributes(_ reply: [UInt8]) -> Bool {
        guard let start = reply.indices.first(where: { reply[$0] == 0x1B && $0 + 2 < reply.count && reply[$0 + 1] == 0x5B && reply[$0 + 2] == 0x3F }) else { return false }
        return reply[(start + 3)...].contains(UInt8(ascii: "c"))
    }

    /// The background's relative luminance (0 black, 1 white) from `ESC ] 11 ; rgb:R/G/B`, each
    /// component one to four hex digits, ended by BEL or ST.
    static func parse(_ reply: [UInt8]) -> Double? {
        let text = String(decoding: reply, as: UTF8.self)
        guard let start = text.firstRange(of: "]11;rgb:") else { return nil }
        let rest = text[start.upperBound...]
        let end = rest.firstIndex { $0 == "\u{07}" || $0 == "\u{1B}" } ?? rest.endIndex
        let parts = rest[..<end].split(separator: "/")
        guard parts.count == 3 else { return nil }
        var values: [Double] = []
        for part in parts {
            guard (1...4).contains(part.count), let value = Int(part, radix: 16) else { return nil }
            values.append(Double(value) / Double((1 << (4 * part.count)) - 1))
        }
        return 0.2126 * values[0] + 0.7152 * values[1] + 0.0722 * values[2]
    }
}
