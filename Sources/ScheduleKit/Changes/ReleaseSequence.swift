/// iCalendar's SEQUENCE for each session: how many times it changed across the kept releases. A
/// calendar that imports an export again updates an event whose number rose instead of keeping
/// the old one, and the same session always has the same UID.
public enum ReleaseSequence {
    /// `releases` newest first, as `VersionStore.versions(of:)` gives them.
    public static func numbers(_ releases: [ProgramVersion]) -> [String: Int] {
        var numbers: [String: Int] = [:]
        for (newer, older) in zip(releases, releases.dropFirst()) {
            for change in ChangeDigest(from: older, to: newer).changes { numbers[change.key, default: 0] += 1 }
        }
        return numbers
    }
}
