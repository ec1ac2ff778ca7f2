import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A real OpenSSH server (Debian's openssh-server) on 127.0.0.1 at a spare port, with a host key
/// and a config of its own in a scratch folder, running `hallway serve` for every connection as
/// docs/SERVING.md sets it up. The machine's own sshd and /etc/ssh are never touched: sshd needs
/// its privilege-separation folder /run/sshd, which it is given in a mount namespace of its own
/// (a private /run, unseen by the rest of the machine). Runs as root (as CI does).
final class SSHServer {
    let directory: URL
    let port: Int
    let user: String
    /// The operator's home: the program's cache and the visitors' folders.
    var operatorHome: URL { directory.appendingPathComponent("operator") }
    var visitors: URL { operatorHome.appendingPathComponent(".local/state/hallway/visitors") }
    private var pid: pid_t = 0

    static var available: Bool {
        geteuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") && FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")
    }

    init(program: String, idleTimeout: Int = 900) throws {
        directory = Scratch.path("sshd")
        port = try freePort()
        user = String(cString: getpwuid(geteuid()).pointee.pw_name)
        try FileManager.default.createDirectory(at: operatorHome, withIntermediateDirectories: true)
        let hostKey = directory.appendingPathComponent("host_ed25519").path
        #expect(try run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]).status == 0)
        let forced = "env HOME=\(operatorHome.path) \(hallwayBinary) serve --data \(program) --idle-timeout \(idleTimeout)"
        // This machine's part, then the Match block docs/SERVING.md gives operators, word for
        // word but for the user and the forced command: the test proves the documented block.
        let made = try run("/usr/bin/env", ["python3", Self.configScript, "\(port)", hostKey, directory.appendingPathComponent("sshd.pid").path,
                                            user, forced])
        #expect(made.status == 0, "\(made.err)")
        let config = made.out
        let configPath = directory.appendingPathComponent("sshd_config").path
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let log = directory.appendingPathComponent("sshd.log").path
        pid = try spawnInBackground("/usr/bin/unshare", ["-m", "sh", "-c",
            "mount -t tmpfs -o mode=0755 hallway-sshd-run /run && mkdir -m 0755 /run/sshd && exec /usr/sbin/sshd -D -e -f \(configPath)"],
            output: log)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, !portAnswers(port) { Thread.sleep(forTimeInterval: 0.05) }
        #expect(portAnswers(port), "sshd did not start: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
    }

    static let configScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Support/sshd-config.py").path

    deinit {
        // Sessions first, while the listener is there to reap them (nothing may be left behind,
        // not even a zombie), then the listener.
        let sessions = (try? run("/usr/bin/pgrep", ["-P", "\(pid)"]).out.split(separator: "\n").compactMap { Int32($0) }) ?? []
        sessions.forEach { kill($0, SIGTERM) }
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, sessions.contains(where: { kill($0, 0) == 0 }) { Thread.sleep(forTimeInterval: 0.02) }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    /// A client key of a visitor's own.
    func clientKey(_ name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        #expect(try run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path]).status == 0)
        return path
    }

    /// ssh's options for reaching this server with `key`, nothing from the user's ~/.ssh.
    func options(key: String) -> [String] {
        ["-F", "/dev/null", "-o", "UserKnownHostsFile=\(directory.appendingPathComponent("known_hosts").path)",
         "-o", "StrictHostKeyChecking=accept-new", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
         "-i", key, "-p", "\(port)", "\(user)@127.0.0.1"]
    }

    /// One visitor's command, run to its end.
    func ssh(key: String, _ extra: [String] = [], command: [String] = []) throws -> ProcessResult {
        try run("/usr/bin/ssh", extra + options(key: key) + command)
    }

    /// A visitor's terminal: ssh with a pty in a tmux pane.
    func visit(key: String, columns: Int = 100, rows: Int = 30) throws -> TmuxPane {
        try TmuxPane((["ssh", "-tt"] + options(key: key)).joined(separator: " "), columns: columns, rows: rows)
    }

    /// The `hallway serve` processes this server runs now: each visitor's, known by the
    /// operator's home in the environment it started with (other tests run servers too).
    func servedProcesses() throws -> [Int32] {
        let home = Data("HOME=\(operatorHome.path)\0".utf8)
        return try run("/usr/bin/pgrep", ["-f", "\(hallwayBinary) serve --data"]).out
            .split(separator: "\n").compactMap { Int32($0) }.filter { pid in
                (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ")))?.range(of: home) != nil
            }
    }

    /// Waits up to `seconds` for every served process to end.
    func waitUntilNoneServed(seconds: Double = 8) throws -> [Int32] {
        let deadline = Date().addingTimeInterval(seconds)
        var left = try servedProcesses()
        while !left.isEmpty, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            left = try servedProcesses()
        }
        return left
    }
}

/// A port nothing listens on now (the kernel's choice for a socket bound to port 0).
func freePort() throws -> Int {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// What a TCP connection to the port first says (up to 64 bytes, waiting a second at most); nil
/// when nothing listens.
func firstWords(at port: Int) -> String? {
    let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
    }
    guard connected else { return nil }
    var timeout = timeval(tv_sec: 1, tv_usec: 0)
    setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = recv(socket, &buffer, buffer.count, 0)
    return String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
}

func portAnswers(_ port: Int) -> Bool {
    (firstWords(at: port) ?? "").hasPrefix("SSH-")
}

/// Starts a program that outlives this call, its output to `output`; returns its pid.
func spawnInBackground(_ executable: String, _ arguments: [String], output: String) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { envp.forEach { free($0) } }
    return try spawnWithDefaultSignals(executable, &actions, argv, envp)
}

@Suite("Served over SSH by a real sshd", .enabled(if: SSHServer.available, "needs root, /usr/sbin/sshd (openssh-server) and unshare"))
struct ServedOverSSHTests {
    static let program = SharedFixtures.path("frab-38c3.xml")

    @Test func eachVisitorsStarsAreTheirOwnAndSurviveAReconnect() throws {
        let server = try SSHServer(program: Self.program)
        let (ada, bob) = (try server.clientKey("ada"), try server.clientKey("bob"))

        let first = try server.visit(key: ada)
        try first.waitFor(text: "Tracks (")
        try first.send("l", "s")
        let starred = try first.waitFor("a star in the session list") { $0.contains("▌★ ") }
        let title = try #require(starred.split(separator: "\n").first { $0.contains("▌★ ") }.map { line in
            line.components(separatedBy: "▌★ ")[1].components(separatedBy: "…")[0].components(separatedBy: "│")[0].trimmingCharacters(in: .whitespaces)
        })
        try first.send("q")
        try first.waitFor(text: "HALLWAY-EXITED 0")
        #expect(try server.waitUntilNoneServed().isEmpty, "q leaves no process behind")

        // Another key is another visitor, with nothing starred.
        let other = try server.ssh(key: bob, command: ["export"])
        #expect(other.status == 1 && other.err.contains("nothing is starred"), "\(other.status) \(other.err)")

        // The first visitor's stars are there when they come back, as a calendar and in My agenda.
        let calendar = try server.ssh(key: ada, command: ["export"])
        #expect(calendar.status == 0, "\(calendar.err)")
        #expect(calendar.out.hasPrefix("BEGIN:VCALENDAR") && calendar.out.components(separatedBy: "BEGIN:VEVENT").count == 2)
        #expect(calendar.out.replacingOccurrences(of: "\r\n ", with: "").contains(title), "the starred \"\(title)\"")
        let again = try server.visit(key: ada)
        try again.waitFor(text: "Tracks (")
        try again.send("5")
        try again.waitFor(text: title)

        // Two visitors, two folders, each named by the key's digest and closed to others.
        let folders = try FileManager.default.contentsOfDirectory(atPath: server.visitors.path)
        #expect(folders.count == 2 && folders.allSatisfy { $0.count == 64 && $0.allSatisfy(\.isHexDigit) }, "\(folders)")
        let attributes = try FileManager.default.attributesOfItem(atPath: server.visitors.appendingPathComponent(folders[0]).path)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        // A visitor keeps stars and a place, not a copy of the program's releases (those are the operator's).
        let kept = FileManager.default.enumerator(atPath: server.visitors.path)?.compactMap { $0 as? String } ?? []
        #expect(kept.contains { $0.hasSuffix("stars.json") } && !kept.contains { $0.hasSuffix(".version") }, "\(kept)")

        // Ctrl-Z stops nothing (no shell would ever resume it); Ctrl-C ends the visit.
        let served = try #require(try server.servedProcesses().first)
        try again.send("C-z")
        Thread.sleep(forTimeInterval: 0.5)
        let state = try String(contentsOfFile: "/proc/\(served)/stat", encoding: .utf8).components(separatedBy: ") ").last?.prefix(1)
        #expect(state != "T", "the served process was stopped by Ctrl-Z")
        try again.send("C-c")
        try again.waitFor(text: "HALLWAY-EXITED")
        #expect(try server.waitUntilNoneServed().isEmpty, "Ctrl-C leaves no process behind")
    }

    @Test func aDroppedConnectionOrAnIdleVisitorLeavesNothingRunning() throws {
        let server = try SSHServer(program: Self.program, idleTimeout: 10)
        let key = try server.clientKey("visitor")

        let dropped = try server.visit(key: key)
        try dropped.waitFor(text: "Tracks (")
        #expect(try server.servedProcesses().count == 1)
        let shell = try dropped.display("#{pane_pid}")
        let client = try #require(Int32(try run("/usr/bin/pgrep", ["-P", shell, "ssh"]).out.split(separator: "\n").first ?? ""))
        kill(client, SIGKILL)
        #expect(try server.waitUntilNoneServed().isEmpty, "a dropped connection leaves no process behind")

        let idle = try server.visit(key: key)
        try idle.waitFor(text: "Tracks (")
        try idle.waitFor(text: "closed after 10 seconds without a key", seconds: 20)
        #expect(try server.waitUntilNoneServed().isEmpty, "an idle visitor's browser ends")
    }

    @Test func nothingButHallwayRunsThere() throws {
        let server = try SSHServer(program: Self.program)
        let key = try server.clientKey("mallory")
        let target = "127.0.0.1:\(server.port)"

        let shell = try server.ssh(key: key, command: ["/bin/sh", "-c", "'echo reached-a-shell'"])
        #expect(shell.status == 2 && !shell.out.contains("reached-a-shell") && shell.err.contains("is not offered here"), "\(shell.out) \(shell.err)")
        let quoted = try server.ssh(key: key, command: ["export;", "echo", "reached-a-shell"])
        #expect(quoted.status == 2 && !quoted.out.contains("reached-a-shell"))

        let stdio = try server.ssh(key: key, ["-W", target])
        #expect(stdio.status == 255 && !stdio.out.hasPrefix("SSH-"), "-W: \(stdio.status) \(stdio.err)")
        let remote = try server.ssh(key: key, ["-N", "-o", "ExitOnForwardFailure=yes", "-R", "0:\(target)"])
        #expect(remote.status == 255 && remote.err.contains("forwarding failed"), "-R: \(remote.status) \(remote.err)")

        // A local forward is set up on the client's side; the server refuses each channel through it.
        let local = try freePort()
        let log = Scratch.path("forward.log").path
        let forwarder = try spawnInBackground("/usr/bin/ssh", ["-N", "-o", "LogLevel=INFO", "-L", "127.0.0.1:\(local):\(target)"] + server.options(key: key), output: log)
        defer {
            kill(forwarder, SIGKILL)
            var status: Int32 = 0
            waitpid(forwarder, &status, 0)
        }
        var answer: String?
        let deadline = Date().addingTimeInterval(8)
        while answer == nil, Date() < deadline {
            answer = firstWords(at: local)
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(answer == "", "-L: the forwarded connection is closed at once, not answered by sshd: \(answer ?? "nothing listened")")
        let said = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(said.contains("administratively prohibited"), "ssh said: \(said)")
    }

    @Test func escapesInTheProgramStayInert() throws {
        let server = try SSHServer(program: HostileOutputTests.file.path)
        let pane = try server.visit(key: try server.clientKey("eve"))
        let screen = try pane.waitFor(text: "Evil Con")
        #expect(screen.contains("␛"), "the escape is shown as a stand-in")
        try pane.send("4")
        try pane.waitFor(text: "Title 1")
        #expect(!(try pane.display("#{pane_title}")).contains("pwned"), "no OSC title reached the visitor's terminal")
        #expect(HostileOutputTests.leaks(try pane.capture()).isEmpty)
    }
}

/// An empty home for the serving user, as sshd starts `hallway serve` with it.
func operatorHome() throws -> URL {
    let home = Scratch.path("operator-home")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    return home
}

/// The file sshd writes with ExposeAuthInfo (SSH_USER_AUTH names it): `lines`, owner-only.
func sshAuthFile(_ lines: String) throws -> URL {
    let file = Scratch.path("sshauth")
    try lines.write(to: file, atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    return file
}

/// `hallway serve` for a visitor who came without a key (keyboard-interactive, an empty
/// password): sshd's ExposeAuthInfo file names no key, so there is no folder to keep stars in.
@Suite("Served to a visitor without a key")
struct ServedWithoutAKeyTests {
    @Test func starsLastForTheVisitAndNothingIsWritten() throws {
        let home = try operatorHome()
        let authInfo = try sshAuthFile("keyboard-interactive\n")
        let program = SharedFixtures.path("frab-38c3.xml")
        let pane = try TmuxPane("\(hallwayBinary) serve --data \(program)", columns: 100, rows: 30,
                                environment: ["HOME": home.path, "SSH_USER_AUTH": authInfo.path])
        try pane.waitFor(text: "no SSH key: stars for this visit")
        try pane.send("l", "s")
        try pane.waitFor(text: "▌★ ")
        try pane.send("5")
        try pane.waitFor(text: "★")
        try pane.send("q")
        try pane.waitFor(text: "HALLWAY-EXITED 0")
        // Not in the operator's home, not in the folders the pane's environment named.
        for folder in [home, pane.directory] {
            let written = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }
                .filter { $0.hasSuffix(".json") || $0.contains("visitors") || $0.hasSuffix(".version") || $0.hasSuffix(".snapshot") } ?? []
            #expect(written.isEmpty, "\(folder.path): \(written)")
        }
        let export = try run(hallwayBinary, ["serve", "--data", program], environment: ["HOME": home.path, "SSH_USER_AUTH": authInfo.path,
                                                                                         "SSH_ORIGINAL_COMMAND": "export"])
        #expect(export.status == 1 && export.err.contains("without an SSH key") && export.out.isEmpty)
    }
}

/// What changed between the program's releases, kept once by the operator's `serve --prepare`
/// and read by every visitor, none of whom keeps a copy.
@Suite("Served changes come from the operator's releases")
struct ServedChangesTests {
    @Test func aVisitorSeesWhatChangedSinceTheReleaseBeforeAndKeepsNone() throws {
        let home = try operatorHome()
        let program = Scratch.path("schedule.xml")
        for release in ["congress-v1.xml", "congress-v2.xml"] {
            try Data(contentsOf: ChangesEndToEndTests.versions.appendingPathComponent(release)).write(to: program)
            let prepared = try run(hallwayBinary, ["serve", "--prepare", "--data", program.path], environment: ["HOME": home.path])
            #expect(prepared.status == 0 && prepared.out.hasPrefix("ready: "), "\(prepared.err)")
        }
        let authInfo = try sshAuthFile("publickey ssh-ed25519 \(Data((0..<51).map { UInt8($0) }).base64EncodedString())\n")
        let pane = try TmuxPane("\(hallwayBinary) serve --data \(program.path)", columns: 100, rows: 30,
                                environment: ["HOME": home.path, "SSH_USER_AUTH": authInfo.path, "HALLWAY_NOW": "2024-12-27T10:00+01:00",
                                              // The operator's folders are under HOME, as sshd starts it.
                                              "XDG_STATE_HOME": "", "XDG_CACHE_HOME": "", "XDG_DATA_HOME": ""])
        try pane.waitFor(text: "38C3 ")
        try pane.send("7")
        try pane.waitFor(text: "Changes (9)")
        // The first change is a talk that left the program: starred, it is exported cancelled,
        // counted as revised, from the operator's releases (the visitor keeps none).
        try pane.send("s")
        try pane.waitFor(text: "★ ✗")
        try pane.send("q")
        try pane.waitFor(text: "HALLWAY-EXITED 0")
        let export = try run(hallwayBinary, ["serve", "--data", program.path],
                             environment: ["HOME": home.path, "SSH_USER_AUTH": authInfo.path, "SSH_ORIGINAL_COMMAND": "export",
                                           "XDG_STATE_HOME": "", "XDG_CACHE_HOME": "", "XDG_DATA_HOME": ""])
        #expect(export.status == 0, "\(export.err)")
        #expect(export.out.contains("STATUS:CANCELLED") && export.out.contains("SEQUENCE:1"), "\(export.out)")
        let visitors = home.appendingPathComponent(".local/state/hallway/visitors")
        let kept = FileManager.default.enumerator(atPath: visitors.path)?.compactMap { $0 as? String } ?? []
        #expect(!kept.isEmpty && !kept.contains { $0.hasSuffix(".version") }, "\(kept)")
    }
}
