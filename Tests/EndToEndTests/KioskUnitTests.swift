import Foundation
import Testing

/// The systemd unit docs/KIOSK.md installs: the settings a booth cannot do without.
@Suite("The kiosk's systemd unit")
struct KioskUnitTests {
    let unit: [String: [String]] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/hallway-kiosk.service")
        var settings: [String: [String]] = [:]
        for line in ((try? String(contentsOf: url, encoding: .utf8)) ?? "").split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.hasPrefix("#"), !text.hasPrefix("["), let equals = text.firstIndex(of: "=") else { continue }
            settings[String(text[..<equals]), default: []].append(String(text[text.index(after: equals)...]))
        }
        return settings
    }()

    @Test func restartsForeverAndNeverRunsAsRoot() throws {
        #expect(unit["Restart"] == ["always"])
        let delay = try #require(unit["RestartSec"]?.first.flatMap(Double.init))
        #expect(delay >= 1)
        #expect(unit["StartLimitIntervalSec"] == ["0"])
        let user = try #require(unit["User"]?.first)
        #expect(!user.isEmpty && user != "root" && user != "0")
    }

    @Test func runsTheKioskOnTheConsoleWithAUTF8Locale() throws {
        #expect(unit["ExecStart"]?.first?.contains("hallway --kiosk") == true)
        #expect(unit["Environment"]?.joined(separator: " ").contains("LANG=C.UTF-8") == true)
        #expect(unit["TTYReset"] == ["yes"] && unit["TTYVHangup"] == ["yes"])
        #expect(unit["TTYPath"] == ["/dev/tty1"])
        #expect(unit["StandardError"] == ["journal"], "diagnostics must not land on the booth screen")
    }
}
