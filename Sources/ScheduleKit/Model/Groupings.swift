public struct Track: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var description: String?
    /// The track's colour as `#RRGGBB`, where the file gives one.
    public var color: String?

    public init(id: String, name: String, description: String? = nil, color: String? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.color = color
    }
}

public struct Topic: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

public struct Room: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var capacity: Int?
    /// Where the room is, in the file's words ("Lecture hall Z in CCH East, Level +3").
    public var location: String?
    /// A page that shows the room: a venue map (c3nav), the hub's room page.
    public var url: String?

    public init(id: String, name: String, capacity: Int? = nil, location: String? = nil, url: String? = nil) {
        self.id = id
        self.name = name
        self.capacity = capacity
        self.location = location
        self.url = url
    }
}
