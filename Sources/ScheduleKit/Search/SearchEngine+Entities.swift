import FoundationEssentials
import Glibc

/// Speakers, topics and tracks whose names match (offered by the search pane), and the closest
/// name when nothing matched.
extension SearchEngine {
    func matchingEntities(_ words: [SearchToken]) -> [SearchEntity] {
        guard !words.isEmpty else { return [] }
        var scores = SessionScores(count: entities.count)
        for word in words {
            match(word, in: entityTerms, allowed: .all, typos: false, verify: { document, _, needle in
                SearchEngine.contains(entityText(document).utf8, Array(needle.utf8))
            }, into: &scores)
            scores.finishRound(typo: false, required: true)
        }
        let matched = scores.matched, round = scores.round
        var perKind: [Int: Int] = [:]
        var result: [SearchEntity] = []
        for (document, entity) in entities.enumerated() where matched[document] == round {
            let kind: Int
            switch entity {
            case .speaker: kind = 0
            case .topic: kind = 1
            case .track: kind = 2
            }
            if perKind[kind, default: 0] < 3 {
                perKind[kind, default: 0] += 1
                result.append(entity)
            }
        }
        return result
    }

    /// What finds a speaker: the name in both scripts and the organisation (`/intel` lists Intel's people).
    static func searchableText(of speaker: Speaker) -> String {
        [speaker.name, speaker.nameZh, speaker.organization?.name].compactMap { $0 }.joined(separator: " ")
    }

    func entityText(_ document: Int) -> String {
        switch entities[document] {
        case .speaker(let id): SearchFolding.fold(index.speaker(id: id).map(Self.searchableText(of:)) ?? "")
        case .topic(let id): SearchFolding.fold(index.topic(id: id).map { $0.name + " " + $0.id } ?? "")
        case .track(let id): SearchFolding.fold(index.track(id: id)?.name ?? "")
        }
    }

    /// The topic or speaker whose name is fewest edits from a word of the query. Candidates come
    /// from the names' own index (terms sharing a first or second letter), never a scan of everyone.
    func closestName(to query: SearchQuery) -> String? {
        var best: (distance: Int, rank: Int, label: String)?
        // Only a word that matched nothing is looked at (a suggestion for a word that was found
        // explains nothing), and only names close to it: a fifth of its letters wrong at most.
        // A filter's word is matched against names of its own kind.
        let words = query.words.map { ($0, nil as SearchQuery.FilterField?) } + query.filters.flatMap { filter in filter.tokens.map { ($0, Optional(filter.field)) } }
        for (token, field) in words {
            guard case .word(let word) = token else { continue }
            let bytes = Array(word.utf8)
            guard field != nil || sessionTerms.range(prefix: bytes).isEmpty else { continue }
            let limit = bytes.count <= 4 ? 1 : max(1, bytes.count / 5 + 1)
            for (term, distance) in entityTerms.similarTerms(to: bytes, limit: limit) {
                for posting in entityTerms.postings[term] {
                    let entity = entities[InvertedIndex.document(posting)]
                    let label: String
                    let rank: Int
                    switch (entity, field) {
                    case (.topic(let id), nil), (.topic(let id), .topic?):
                        (label, rank) = ("topic \(index.topic(id: id)?.name ?? id)", 0)
                    case (.speaker(let id), nil), (.speaker(let id), .speaker?), (.speaker(let id), .org?):
                        (label, rank) = ("speaker \(index.speaker(id: id)?.fullName ?? id)", 1)
                    case (.track(let id), .track?):
                        (label, rank) = ("track \(index.track(id: id)?.name ?? id)", 2)
                    default:
                        continue
                    }
                    if best == nil || (distance, rank) < (best!.distance, best!.rank) { best = (distance, rank, label) }
                }
            }
        }
        return best.map { TerminalSafe.line($0.label) }
    }
}
