public struct Organization: Sendable, Hashable {
    public var name: String
    public var certainty: Certainty
    public var sourceIDs: [String]
    public var note: String?

    public init(name: String, certainty: Certainty = .confirmed, sourceIDs: [String] = [], note: String? = nil) {
        self.name = name
        self.certainty = certainty
        self.sourceIDs = sourceIDs
        self.note = note
    }
}

extension Organization {
    /// "Tetrate" when a source states it; "Tetrate, inferred" otherwise, so a guess never reads as fact.
    public var qualifiedName: String {
        certainty == .confirmed ? name : "\(name), \(certainty.rawValue)"
    }
}

public struct Speaker: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    /// The name in Chinese characters, where a source gives it.
    public var nameZh: String?
    public var organization: Organization?
    public var roles: [String]
    public var sourceIDs: [String]
    public var biography: String?
    public var links: [Link]

    public init(id: String, name: String, nameZh: String? = nil, organization: Organization? = nil,
                roles: [String] = [], sourceIDs: [String] = [], biography: String? = nil, links: [Link] = []) {
        self.id = id
        self.name = name
        self.nameZh = nameZh
        self.organization = organization
        self.roles = roles
        self.sourceIDs = sourceIDs
        self.biography = biography
        self.links = links
    }

    /// "Jimmy Song 宋净超" — every name a reader might know the speaker by.
    public var fullName: String {
        guard let nameZh, !nameZh.isEmpty, nameZh != name else { return name }
        return "\(name) \(nameZh)"
    }
}
