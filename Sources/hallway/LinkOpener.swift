import FoundationEssentials
import Glibc
import HallwayUI
import ScheduleKit

/// Hands a web address to the desktop's browser with `xdg-open`, when there is a desktop. The
/// address goes as one argument to a program, never through a shell, and only http(s) addresses
/// without spaces or quotes get this far (DetailContent.openable).
enum LinkOpener {
    static func open(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> Action {
        let hasDesktop = !(environment["DISPLAY"] ?? "").isEmpty || !(environment["WAYLAND_DISPLAY"] ?? "").isEmpty
        guard hasDesktop else { return .linkNotOpened(.noDesktop) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // The browser's own chatter must not land on Hallway's screen.
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0)
        }
        let words: [String] = ["xdg-open", url]
        let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "xdg-open", &actions, nil, arguments, environ)
        guard spawned == 0 else { return .linkNotOpened(.noOpener) }
        // Reaped in the background so no zombie is left.
        let child = pid
        BackgroundThread.detachNew {
            var status: Int32 = 0
            waitpid(child, &status, 0)
        }
        return .linkOpened
    }
}
