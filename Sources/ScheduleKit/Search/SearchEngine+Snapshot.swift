import FoundationEssentials
import Glibc

/// An engine written into and read back from a program snapshot (ProgramSnapshot).
extension SearchEngine {
    /// Rebuilds an engine from a snapshot's parts (see ProgramSnapshot).
    init(index: ScheduleIndex, sessionTerms: InvertedIndex, entityTerms: InvertedIndex, entities: [SearchEntity]) {
        self.index = index
        self.sessionTerms = sessionTerms
        self.entityTerms = entityTerms
        self.entities = entities
    }

    func write(to w: inout BinaryWriter) {
        sessionTerms.write(to: &w)
        entityTerms.write(to: &w)
        w.array(entities) { w, entity in
            switch entity {
            case .speaker(let id): w.int(0); w.string(id)
            case .topic(let id): w.int(1); w.string(id)
            case .track(let id): w.int(2); w.string(id)
            }
        }
    }

    static func read(_ r: inout BinaryReader, index: ScheduleIndex, keeping filter: InvertedIndex.TermFilter? = nil) throws(BinaryReader.Damaged) -> SearchEngine {
        let sessionTerms = try InvertedIndex.read(&r, keeping: filter), entityTerms = try InvertedIndex.read(&r, keeping: filter)
        let entities = try r.array { (r: inout BinaryReader) throws(BinaryReader.Damaged) -> SearchEntity in
            switch try r.int() {
            case 0: return .speaker(try r.string())
            case 1: return .topic(try r.string())
            case 2: return .track(try r.string())
            default: throw BinaryReader.Damaged()
            }
        }
        guard sessionTerms.documentCount <= index.sessions.count, entityTerms.documentCount <= entities.count else { throw BinaryReader.Damaged() }
        return SearchEngine(index: index, sessionTerms: sessionTerms, entityTerms: entityTerms, entities: entities)
    }
}
