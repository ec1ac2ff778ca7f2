/// The settings (`Session.Setting`: a room, a track, a title's language) of a program's sessions,
/// each boxed once as a reader makes the sessions: a program has a few hundred settings and may
/// have 100,000 sessions, and each box costs 64 bytes.
struct SessionSettings {
    /// The boxes of each room's settings, by the room's place: a room has a setting for each
    /// track and language held in it, a handful, found by comparing what is already the same
    /// string (a track's id as its list holds it) rather than by hashing the room's id, which is
    /// hashed by normalising it when it is beyond ASCII (a Chinese program's), at every hash.
    private var ofRoom: [[Held]] = []
    private struct Held {
        let trackID: String?, titleLanguage: String, box: OutOfLine<Session.Setting>
    }
    /// The boxes of settings whose room's place is not known (no room, or a reader that knows no
    /// places), by the setting, and the last one given, which the next session most often has.
    private var unplaced: [Session.Setting: OutOfLine<Session.Setting>] = [:]
    private var lastUnplaced: OutOfLine<Session.Setting>?

    /// The box of a setting, made when no session before had it; `roomPlace`: the place of its
    /// room among the program's rooms (whose id `roomID` must then be), when known.
    mutating func box(roomID: String?, trackID: String?, titleLanguage: String, roomPlace: Int? = nil) -> OutOfLine<Session.Setting> {
        guard let place = roomPlace, place >= 0 else {
            return box(for: Session.Setting(roomID: roomID, trackID: trackID, titleLanguage: titleLanguage))
        }
        if place >= ofRoom.count { ofRoom += repeatElement([], count: place + 1 - ofRoom.count) }
        for index in ofRoom[place].indices where ofRoom[place][index].trackID == trackID && ofRoom[place][index].titleLanguage == titleLanguage {
            assert(ofRoom[place][index].box.value.roomID == roomID, "a room's place names another room")
            return ofRoom[place][index].box
        }
        let made = Session.box(Session.Setting(roomID: roomID, trackID: trackID, titleLanguage: titleLanguage))
        ofRoom[place].append(Held(trackID: trackID, titleLanguage: titleLanguage, box: made))
        return made
    }

    /// The box of `setting`, where the reader knows no places.
    mutating func box(for setting: Session.Setting) -> OutOfLine<Session.Setting> {
        if let last = lastUnplaced, last.value == setting { return last }
        let box: OutOfLine<Session.Setting>
        if let held = unplaced[setting] {
            box = held
        } else {
            box = Session.box(setting)
            unplaced[setting] = box
        }
        lastUnplaced = box
        return box
    }
}
