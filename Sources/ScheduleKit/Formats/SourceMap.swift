/// Where each entity of a loaded conference came from in its file, so checks made after
/// reading (duplicate ids, dangling references, room clashes) can still name a JSON path.
public struct SourceMap: Sendable {
    public var sessions: [JSONPath] = []
    public var speakers: [JSONPath] = []
    public var tracks: [JSONPath] = []
    public var topics: [JSONPath] = []
    public var rooms: [JSONPath] = []
    public var sources: [JSONPath] = []
    public var conference = JSONPath.root.appending("conference")

    public init() {}
}
