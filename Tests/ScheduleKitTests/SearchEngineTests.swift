import Foundation
import Testing
@testable import ScheduleKit

/// A small program where each session matches "ambient" in exactly one field, to pin the ranking.
private let rankingProgram: ScheduleIndex = {
    let day = CivilDate(year: 2024, month: 5, day: 1)
    let conference = Conference(
        id: "rank", name: "Ranking", days: [day],
        tracks: [Track(id: "mesh", name: "Ambient track"), Track(id: "other", name: "Other")],
        topics: [Topic(id: "ambient", name: "Ambient"), Topic(id: "misc", name: "Misc")],
        rooms: [Room(id: "r", name: "Ambient Room")],
        speakers: [Speaker(id: "amb", name: "Ambient Person", organization: Organization(name: "Acme")),
                   Speaker(id: "org", name: "Pat Doe", organization: Organization(name: "Ambient Corp")),
                   Speaker(id: "z", name: "Zoë Zürich", organization: Organization(name: "Ｆｕｌｌｗｉｄｔｈ Ltd"))],
        sessions: [
            Session(id: "summary", titles: [SourcedTitle(language: "en", text: "Five")], day: day, trackID: "other", summary: "All about ambient things."),
            Session(id: "topic", titles: [SourcedTitle(language: "en", text: "Four")], day: day, trackID: "other", topicIDs: ["ambient"]),
            Session(id: "speaker", titles: [SourcedTitle(language: "en", text: "Three")], day: day, trackID: "other", speakerIDs: ["amb"]),
            Session(id: "prefix", titles: [SourcedTitle(language: "en", text: "Ambiently speaking")], day: day, trackID: "other"),
            Session(id: "exact", titles: [SourcedTitle(language: "en", text: "Running ambient mode")], day: day, trackID: "other"),
            Session(id: "org", titles: [SourcedTitle(language: "en", text: "Two")], day: day, trackID: "other", speakerIDs: ["org"]),
            Session(id: "track", titles: [SourcedTitle(language: "en", text: "Six")], day: day, trackID: "mesh"),
            Session(id: "room", titles: [SourcedTitle(language: "en", text: "Seven")], day: day, roomID: "r", trackID: "other"),
            Session(id: "exact-later", titles: [SourcedTitle(language: "en", text: "Ambient again")], day: day, trackID: "other"),
            Session(id: "cafe", titles: [SourcedTitle(language: "en", text: "Café culture with ZÜRICH")], day: day, trackID: "other", speakerIDs: ["z"]),
            Session(id: "scattered", titles: [SourcedTitle(language: "zh", text: "数据 据平 平面")], day: day, trackID: "other"),
            Session(id: "cjk", titles: [SourcedTitle(language: "zh", text: "Istio数据平面的新选择")], day: day, trackID: "other"),
            Session(id: "korean", titles: [SourcedTitle(language: "ko", text: "이스티오 앰비언트 메시로 운영하기")], day: day, trackID: "other"),
        ])
    return ScheduleIndex(conference)
}()

private func ids(_ query: String, in index: ScheduleIndex = rankingProgram) -> [String] {
    SearchEngine(index).search(SearchQuery(query)).sessions.map { index.sessions[$0.position].id }
}

@Suite("Search")
struct SearchEngineTests {
    let bundled = ScheduleIndex(ScheduleLoader.bundled())

    @Test func ranksExactTitleThenTitlePrefixThenPeopleThenTopicsThenSummary() {
        #expect(ids("ambient") == ["exact", "exact-later", "prefix", "speaker", "org", "topic", "track", "room", "summary"])
    }

    @Test func tiesKeepProgramOrder() {
        let engine = SearchEngine(bundled)
        let hits = engine.search(SearchQuery("istio")).sessions
        for (a, b) in zip(hits, hits.dropFirst()) where a.score == b.score {
            #expect(a.position < b.position)
        }
    }

    @Test func foldsCaseDiacriticsAndWidth() {
        #expect(ids("cafe") == ["cafe"])
        #expect(ids("CAFÉ") == ["cafe"])
        #expect(ids("zurich") == ["cafe"])
        #expect(ids("zoe") == ["cafe"])
        #expect(ids("fullwidth") == ["cafe"])
        #expect(ids("Ｃａｆｅ") == ["cafe"])
    }

    @Test func matchesChineseAndKoreanAsSubstrings() {
        #expect(ids("数据平面") == ["cjk"], "pairs scattered over a title must not count as the whole run")
        #expect(ids("平面") == ["scattered", "cjk"])
        #expect(ids("选") == ["cjk"])
        #expect(ids("앰비") == ["korean"])
        #expect(ids("宋净超", in: bundled).count == 2)
        #expect(ids("净超", in: bundled).count == 2)
    }

    @Test func everyWordMustMatchSomewhere() {
        // The second: its track is "Data planes: ambient, eBPF, serverless" and a speaker is from Intel.
        #expect(ids("ebpf intel", in: bundled) == ["ebpf-ambient-redirection", "ambient-sidecar-coexistence"])
        #expect(ids("ambient google", in: bundled) == ["ambient-managed-infrastructure"])
        #expect(ids("ambient nonexistentword", in: bundled).isEmpty)
    }

    @Test func aTypoFallsBackToNearWordsRankedBelowExactHits() {
        let engine = SearchEngine(bundled)
        let ambient = engine.search(SearchQuery("ambeint")).sessions
        #expect(ambient.count == engine.search(SearchQuery("ambient")).sessions.count)
        #expect(ambient.allSatisfy { $0.viaTypo })
        #expect(ids("corazza", in: bundled) == ["coraza-waf"])
        // A typo-tolerant word scores below the weakest exact or prefix match.
        let mixed = engine.search(SearchQuery("ambient"))
        #expect(ambient.map(\.score).max()! < mixed.sessions.map(\.score).min()!)
        // Exact words never go through the fallback.
        #expect(!engine.search(SearchQuery("coraza")).sessions.contains { $0.viaTypo })
    }

    @Test func shortWordsAreNotTypoMatched() {
        #expect(ids("ebf", in: bundled).isEmpty)
    }

    @Test func filtersNarrowToAField() {
        #expect(ids("topic:ebpf org:intel", in: bundled) == ["ebpf-ambient-redirection"])
        // "song" is also the start of Xie SongYang's name.
        #expect(ids("speaker:song", in: bundled) == ["opening-keynote", "kmesh-data-plane", "gitops-observability"])
        #expect(ids("speaker:\"jimmy song\"", in: bundled).count == 2)
        #expect(ids("org:tetrate wasm", in: bundled) == ["wasm-extending-istio"])
        #expect(ids("track:case", in: bundled) == ["dubbo-aeraki", "hp-multi-tenancy"])
        #expect(ids("room:ambient") == ["room"])
        #expect(ids("speaker:ambient") == ["speaker"])
        #expect(ids("day:2023-09-26", in: bundled).count == 14)
        #expect(ids("day:tue", in: bundled).count == 14)
        #expect(ids("day:1 coraza", in: bundled) == ["coraza-waf"])
        #expect(ids("day:wed", in: bundled).isEmpty)
    }

    /// Over several days, with sessions out of program order in the file and one undated:
    /// `day:` keeps exactly the sessions of the days it names, in program order.
    @Test func dayFiltersKeepTheirDaysSessionsAcrossAProgram() {
        let (first, second, third) = (CivilDate(year: 2024, month: 5, day: 1), CivilDate(year: 2024, month: 5, day: 2), CivilDate(year: 2024, month: 5, day: 3))
        func talk(_ id: String, _ day: CivilDate?, _ title: String = "Mesh talk") -> Session {
            Session(id: id, titles: [SourcedTitle(language: "en", text: title)], day: day)
        }
        let program = ScheduleIndex(Conference(id: "days", name: "Days", days: [first, second, third], sessions: [
            talk("b2", second), talk("a1", first), talk("undated", nil), talk("c3", third), talk("a2", second, "Other"), talk("z1", first),
        ]))
        #expect(Set(ids("day:2", in: program)) == ["b2", "a2"])
        #expect(ids("day:1", in: program) == ["a1", "z1"])
        #expect(ids("day:2 mesh", in: program) == ["b2"])
        #expect(ids("day:2024-05-03", in: program) == ["c3"])
        #expect(ids("day:2024-05", in: program).count == 5, "the undated session is on no day")
        #expect(ids("day:4", in: program).isEmpty)
    }

    @Test func functionWordsNeverExcludeAnything() {
        #expect(ids("who from Huawei", in: bundled) == ids("huawei", in: bundled))
        #expect(ids("talks about wasm", in: bundled) == ids("wasm", in: bundled))
        #expect(!ids("the", in: bundled).isEmpty)
    }

    @Test func emptyResultsSuggestTheClosestTopicOrSpeaker() {
        let engine = SearchEngine(bundled)
        let topic = engine.search(SearchQuery("topic:ebfp"))
        #expect(topic.sessions.isEmpty && topic.suggestion == "topic eBPF")
        let speaker = engine.search(SearchQuery("speaker:pettitt"))
        #expect(speaker.sessions.isEmpty && speaker.suggestion == "speaker Justin Pettit")
    }

    @Test func offersMatchingSpeakersTopicsAndTracks() {
        let engine = SearchEngine(bundled)
        #expect(engine.search(SearchQuery("宋净超")).entities == [.speaker("jimmy-song")])
        #expect(engine.search(SearchQuery("ebpf")).entities == [.topic("ebpf"), .track("data-planes")])
        #expect(engine.search(SearchQuery("topic:ebpf")).entities.isEmpty)
    }

    @Test func marksMatchesInDisplayText() {
        #expect(SearchHighlight.ranges(in: "Harnessing eBPF for Traffic", for: SearchQuery("ebpf")) == [11..<15])
        #expect(SearchHighlight.ranges(in: "Café culture with ZÜRICH", for: SearchQuery("cafe zur")) == [0..<4, 18..<21])
        #expect(SearchHighlight.ranges(in: "Istio数据平面的新选择", for: SearchQuery("数据平面")) == [5..<9])
        #expect(SearchHighlight.ranges(in: "Rebpf ebpf", for: SearchQuery("ebpf")) == [6..<10], "only at word starts")
    }

    @Test func parsesFiltersAndQuotedValues() {
        let query = SearchQuery("wasm speaker:\"jimmy song\" org:intel nonsense:word")
        #expect(query.filters.map(\.field) == [.speaker, .org])
        #expect(query.filters.first?.value == "jimmy song")
        #expect(query.words == [.word("wasm"), .word("nonsense"), .word("word")])
        #expect(SearchQuery("   ").isEmpty)
    }

    @Test func boundedEditDistanceCountsASwapAsOne() {
        let distance = { (a: String, b: String, limit: Int) in EditDistance.within(Array(a.utf8)[...], Array(b.utf8)[...], limit: limit) }
        #expect(distance("ambeint", "ambient", 1) == 1)
        #expect(distance("corazza", "coraza", 1) == 1)
        #expect(distance("kitten", "sitting", 3) == 3)
        #expect(distance("kitten", "sitting", 2) == nil)
        #expect(distance("same", "same", 0) == 0)
    }
}

@Suite("Compound words and suggestions")
struct CompoundAndSuggestionTests {
    static let engine = SearchEngine(ScheduleIndex(ScheduleLoader.bundled()))

    func titles(_ text: String) -> [String] {
        Self.engine.search(SearchQuery(text)).sessions.map { Self.engine.index.sessions[$0.position].displayTitle }
    }

    @Test func hyphenatedWordsAreFoundJoinedAndSplitWordsJoined() {
        #expect(titles("coexistence").first?.contains("co-existence") == true)
        #expect(titles("multitenant").first == "Multi-Tenant Management in HP OneCloud Platform")
        #expect(titles("co-existence") == titles("coexistence"))
        #expect(titles("sky walking").first?.contains("SkyWalking") == true, "two typed words that are one in the title")
    }

    @Test func compoundsAreTheWordsAHyphenJoinsAndNoOthers() {
        let folded = Array("co-existence and multi-tenant-ready x- -y a--b a-b-c 9-5 café-bar end-".utf8)
        let compounds = SearchToken.hyphenatedCompounds(in: folded).map { String(decoding: $0, as: UTF8.self) }
        #expect(compounds == ["coexistence", "multitenantready", "abc", "95", "cafébar"])
        #expect(SearchToken.hyphenatedCompounds(in: Array("no hyphen here".utf8)).isEmpty)
    }

    @Test func suggestionsAreCloseAndStayInTheFiltersKind() {
        #expect(Self.engine.search(SearchQuery("speaker:jimmyy")).suggestion == "speaker Jimmy Song 宋净超")
        #expect(Self.engine.search(SearchQuery("topic:ebfp")).suggestion == "topic eBPF")
        #expect(Self.engine.search(SearchQuery("speaker:sponsorr")).suggestion == nil, "a topic is no answer to a speaker filter")
        #expect(Self.engine.search(SearchQuery("istio zzqxw")).suggestion == nil, "nothing is close to a word with no near name")
        #expect(Self.engine.search(SearchQuery("web zzqxw")).suggestion == nil, "a word that was found suggests nothing")
    }
}

@Suite("Search index built in parts")
struct JoinedIndexTests {
    /// A large program's index is built as two halves on two cores and joined; the join must give
    /// byte for byte the index one builder makes, wherever the program is cut (an empty half too).
    @Test func joiningHalvesGivesTheIndexBuiltWhole() throws {
        let index = ScheduleIndex(try ScheduleLoader.load(file: RealSchedules.path("frab-38c3.xml")))
        let count = index.sessions.count
        let whole = SearchEngine.sessionTerms(index, positions: 0..<count)
        var expected = BinaryWriter()
        whole.write(to: &expected)
        for cut in [0, 1, count / 3, count / 2, count - 1, count] {
            let joined = InvertedIndex.joined(SearchEngine.sessionTerms(index, positions: 0..<cut),
                                              SearchEngine.sessionTerms(index, positions: cut..<count))
            var written = BinaryWriter()
            joined.write(to: &written)
            // Compared as one Bool: a failed #expect on two long arrays spends minutes diffing them.
            let same = written.bytes == expected.bytes
            #expect(same, "cut at \(cut) of \(count): \(written.bytes.count) bytes written, \(expected.bytes.count) expected")
        }
        #expect(whole.termCount > 10_000, "the program indexes enough words for the check to mean something")
    }
}

@Suite("A one-off search indexes only what its query reaches")
struct OneShotSearchTests {
    static let congress = ScheduleIndex(try! ScheduleLoader.load(file: RealSchedules.path("frab-38c3.xml")))
    static let bundled = ScheduleIndex(ScheduleLoader.bundled())
    static let congressEngine = SearchEngine(congress)
    static let bundledEngine = SearchEngine(bundled)

    /// Words, prefixes of one and two letters, several words, function words, every filter,
    /// hyphens, CJK of one, two and more characters, typos, words typed apart, and nothing.
    static let queries = [
        "security", "sec", "s", "ch", "open source", "the talk about hardware", "who from ccc", "talks", "speaker:fefe",
        "room:saal", "track:security day:2024-12-28", "lang:de chaos", "topic:ebpf", "org:google", "co-existence", "multi",
        "ambient mesh", "ambeint", "securty", "hardwear hacking", "istio 网格", "网格", "网", "数据平面", "服务网格的", "sky walking",
        "zzqxw", "speaker:sponsorr", "istio zzqxw", "2024", "c3", "über", "café", "kubernetes wasm", "jimmy",
        "xyzzy", "kubernetse", "hackign", "memroy", "speaker:jimy", "topic:ebfp", "room:sal", "open sourse", "sec urity",
        "corazza", "ab", "x", "hardware-hacking", "hard ware", "ｓｅｃｕｒｉｔｙ", "obervability",
    ]

    /// A word that matches nothing is answered from an index of its typo candidates alone (terms
    /// starting with its first or second letter, about as long), not from the whole index.
    @Test func aWordThatMatchesNothingDoesNotIndexEverything() {
        let whole = Self.congressEngine.sessionTerms.termCount
        for text in ["xyzzy", "memroy", "hardwear hacking"] {
            let typoTerms = SearchEngine(Self.congress, keeping: SearchEngine.termFilter(for: SearchQuery(text), typos: true)).sessionTerms.termCount
            #expect(typoTerms * 5 < whole, "\(text): \(typoTerms) of \(whole) terms")
        }
    }

    /// A room's and a track's names are read once for all their sessions: the index is the one
    /// reading every session's texts in turn makes, whole and for a one-off query, on rooms named
    /// in other scripts too.
    @Test func namesReadOnceIndexAsEachSessionsTextsDo() throws {
        let scripts = ScheduleIndex(try ScheduleLoader.load(file: PlainAbstractTests.quirks.appendingPathComponent("names-in-many-scripts.ics").path))
        let fields: [SearchField] = [.title, .speaker, .organization, .track, .topic, .room, .summary]
        for index in [Self.congress, Self.bundled, scripts] {
            for filter in [nil, SearchEngine.termFilter(for: SearchQuery("saal stage room 甲 security 网格"), typos: true)] {
                var reference = InvertedIndex.Builder(keeping: filter)
                for position in index.sessions.indices {
                    for field in fields {
                        SearchEngine.forEachText(of: index.sessions[position], field: field, in: index) { reference.add($0, field: field, document: position) }
                    }
                }
                let made = SearchEngine.sessionTerms(index, positions: 0..<index.sessions.count, keeping: filter)
                #expect(made == reference.build(), "\(index.conference.name), \(filter == nil ? "whole" : "one query")")
                #expect(made.termCount > 0)
            }
        }
    }

    @Test(arguments: queries)
    func answersAsTheWholeIndexDoes(_ text: String) {
        let query = SearchQuery(text)
        for (index, engine) in [(Self.congress, Self.congressEngine), (Self.bundled, Self.bundledEngine)] {
            #expect(SearchEngine.answer(query, in: index) == engine.search(query), "\(text)")
            #expect(SearchEngine.answer(query, in: index, limit: 3) == engine.search(query, limit: 3), "\(text), three at most")
        }
    }

    /// A one-off search finds the words it keeps in ASCII text by looking for its prefixes, and
    /// passes over text that cannot hold one. Either way it must find exactly the words (and
    /// hyphen-joined compounds) that folding and splitting the text would keep: texts of letters
    /// in both cases, digits, hyphens, punctuation, accents and CJK, against prefixes that occur
    /// in them across capitals, inside words, twice over, or never; with and without typo leads.
    @Test func theKeptWordsOfATextAreTheFullPathsKeptWords() {
        var random = SplitMix64(seed: 7)
        let pieces = ["mesh", "Mesh", "MESH", "meshes", "data", "-", "plane", "Data-Plane", " ", " ", ", ", "'", "é", "Zürich", "网格",
                      "7", "co", "ex", "-ist", "xmesh", "c++", "DataPlane"]
        let prefixWords = ["mesh", "me", "dataplane", "datap", "coex", "planes", "zur", "x", "7", "c", "e"]
        var decided = 0, passedOver = 0, undecided = 0
        for _ in 0..<4_000 {
            let text = (0..<Int.random(in: 1...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let prefixes = (0..<Int.random(in: 1...3, using: &random)).map { _ in prefixWords.randomElement(using: &random)! }
            // Half the time with typo candidates too: words starting with a prefix's first or
            // second letter, about as long, kept by their length.
            let filter = InvertedIndex.TermFilter(prefixes.map { .word($0) }, typos: Bool.random(using: &random))
            let folded = SearchFolding.foldedUTF8(text)
            var kept = SearchToken.hyphenatedCompounds(in: folded).filter { filter.keeps($0) }
            SearchToken.scan(folded, word: { if filter.keeps($0) { kept.append(Array($0)) } }, cjk: { _ in })
            var found: [[UInt8]] = []
            if filter.forEachKeptWord(in: text, { found.append(Array($0)) }) {
                // With hyphens, only text that holds no kept word is decided: it is passed over.
                if text.contains("-") {
                    passedOver += 1
                    #expect(found.isEmpty && kept.isEmpty, "\(text) holds a word starting with one of \(prefixes)")
                } else {
                    decided += 1
                    #expect(found == kept, "\(text) with \(prefixes)")
                }
            } else {
                undecided += 1
                #expect(found.isEmpty)
            }
        }
        #expect(decided > 500 && passedOver > 200 && undecided > 500, "\(decided) decided, \(passedOver) passed over, \(undecided) neither")
    }

    @Test func theIndexItMakesHoldsOnlyTheQuerysTerms() {
        let query = SearchQuery("security hard")
        let narrow = SearchEngine(Self.congress, keeping: InvertedIndex.TermFilter(query.words))
        #expect(narrow.sessionTerms.termCount < Self.congressEngine.sessionTerms.termCount / 100)
        #expect((0..<narrow.sessionTerms.termCount).allSatisfy { term in
            ["security", "hard"].contains { narrow.sessionTerms.term(term).starts(with: Array($0.utf8)) }
        })
        // Answered by the narrow index itself, not by the fallback to the whole one.
        let answer = narrow.search(query)
        #expect(!answer.sessions.isEmpty && !answer.sessions.contains(where: \.viaTypo))
        #expect(answer == Self.congressEngine.search(query))
    }
}

@Suite("Folding for search")
struct FoldingTests {
    /// ASCII is lowered eight bytes at a time: each capital in any place of a word is lowered,
    /// and the characters beside A and Z in ASCII (@, [, `, {) are left alone.
    @Test func asciiIsLoweredInEveryPlace() {
        let alphabet = "@AZ[`az{09 -MIXED-case-Text-"
        for length in 0...alphabet.count {
            for start in 0..<max(1, alphabet.count - length) {
                let text = String(alphabet.dropFirst(start).prefix(length))
                #expect(SearchFolding.fold(text) == String(text.map { $0.isASCII && $0.isUppercase ? Character($0.lowercased()) : $0 }), "\(text)")
            }
        }
        #expect(SearchFolding.fold("Ｚürich CAFÉ Straße") == "zurich cafe strasse")
        #expect(SearchFolding.fold("ASCII then Ü at byte thirty") == "ascii then u at byte thirty")
    }
}
