/// Where each entity of a loaded conference came from in its file, so checks made after
/// reading (duplicate ids, dangling references, room clashes) can still name a JSON path.
public struct SourceMap: Sendable {
    public var sessions = ItemPaths(list: "sessions")
    public var speakers = ItemPaths(list: "speakers")
    public var tracks = ItemPaths(list: "tracks")
    public var topics = ItemPaths(list: "topics")
    public var rooms = ItemPaths(list: "rooms")
    public var sources = ItemPaths(list: "sources")
    public var conference = JSONPath.root.appending("conference")

    public init() {}
}

/// The paths of the items kept from one top-level list, in order: each item's position in the
/// file's list (an item that could not be read is skipped, so the two can differ), its path made
/// only when a problem is told (a path kept for every item was an allocation each).
public struct ItemPaths: RandomAccessCollection, Sendable {
    public let list: JSONPath
    private var positions: [Int32] = []

    public init(list key: String) {
        list = JSONPath.root.appending(key)
    }

    mutating func append(position: Int) {
        positions.append(Int32(truncatingIfNeeded: position))
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { positions.count }
    public subscript(index: Int) -> JSONPath { list.appending(Int(positions[index])) }
}
