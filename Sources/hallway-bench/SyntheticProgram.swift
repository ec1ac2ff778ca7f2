import Foundation
import ScheduleKit

/// Writes made-up conferences of any size in Hallway's format, for benchmarks: titles built from
/// templates and a Zipf-like vocabulary, one to three speakers each, 50–100-word summaries, and
/// about one session in eight in Chinese. The same seed always gives the same program.
struct SyntheticProgram {
    let sessions: Int
    var seed: UInt64 = 2023

    static let techWords = [
        "ambient", "mesh", "sidecar", "ebpf", "wasm", "envoy", "gateway", "waypoint", "ztunnel", "kubernetes", "istio",
        "observability", "tracing", "metrics", "latency", "security", "mtls", "certificates", "policy", "authorization",
        "multicluster", "failover", "canary", "gitops", "argo", "skywalking", "prometheus", "grafana", "opentelemetry",
        "serverless", "knative", "dubbo", "grpc", "http3", "quic", "tls", "spiffe", "spire", "vault", "kyverno", "opa",
        "cilium", "calico", "cni", "kernel", "xdp", "performance", "scalability", "migration", "upgrade", "operator",
        "helm", "kustomize", "terraform", "platform", "developer", "debugging", "chaos", "resilience", "rate", "limiting",
        "multitenancy", "federation", "edge", "iot", "ai", "inference", "llm", "gpu", "batch", "streaming", "kafka",
    ]
    static let templates = [
        "%@ in production: lessons from %@", "Scaling %@ with %@", "A deep dive into %@ and %@", "%@ without %@",
        "Running %@ at %@ scale", "How we moved from %@ to %@", "%@ for %@ teams", "Debugging %@ in %@",
    ]
    static let chineseTitles = [
        "基于%@的服务网格实践", "%@在生产环境中的落地", "深入理解%@与%@", "使用%@提升%@的可观察性", "%@性能优化之路",
    ]
    static let chineseCharacters = Array("宋净超徐中虎张怀龙曾宇星谢颂杨李纯丁少君刘齐均韩小鹏张超盟王夕宁史泽寰赵化冰覃士林郑风陈林周吴孙马朱胡郭何高罗梁宋")
    static let givenNames = ["Alex", "Mei", "Jun", "Priya", "Lukas", "Sara", "Kenji", "Ana", "Omar", "Lin", "Zoë", "Mateo", "Hana", "Ivan", "Noor"]
    static let familyNames = ["Chen", "Müller", "Sato", "Kim", "García", "Nowak", "Okafor", "Silva", "Wang", "Ivanova", "Dubois", "Zhang"]
    static let organizations = ["Huawei", "Intel", "Google", "Tetrate", "DaoCloud", "Alibaba Cloud", "HP", "GoTo Financial", "Red Hat",
                                "Microsoft", "Solo.io", "Ant Group", "Tencent", "ByteDance", "IBM", "VMware"]

    /// A generated word vocabulary: syllables make thousands of plausible distinct words.
    static let vocabulary: [String] = {
        let onsets = ["b", "c", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "st", "tr", "pl", "gr"]
        let vowels = ["a", "e", "i", "o", "u", "ai", "ou"]
        let codas = ["", "n", "r", "s", "t", "l", "nd", "st"]
        var words: [String] = []
        for onset in onsets { for vowel in vowels { for coda in codas { words.append(onset + vowel + coda) } } }
        var generator = SplitMix64(seed: 7)
        var long: [String] = []
        for _ in 0..<3000 {
            let parts = Int(generator.next() % 2) + 2
            long.append((0..<parts).map { _ in words[Int(generator.next() % UInt64(words.count))] }.joined())
        }
        return techWords + long
    }()

    /// Zipf-like pick: low indexes (common words) far more often than high ones.
    private static func zipf(_ count: Int, _ generator: inout SplitMix64) -> Int {
        let uniform = Double(generator.next() % 1_000_000) / 1_000_000
        return min(count - 1, Int(pow(Double(count), uniform)) - 1)
    }

    func json() -> Data {
        var generator = SplitMix64(seed: seed)
        let pick = { (items: [String], generator: inout SplitMix64) in items[Int(generator.next() % UInt64(items.count))] }
        let days = ["2026-05-12", "2026-05-13", "2026-05-14"]
        // Three days of sixteen 35-minute slots per room, with as many rooms as that takes.
        let slotsPerDay = 16
        let roomCount = max(1, (sessions + slotsPerDay * days.count - 1) / (slotsPerDay * days.count))
        let trackNames = ["Service mesh", "Security", "Observability", "Platform engineering", "Data plane", "Case studies",
                          "Serverless", "Edge and IoT", "AI infrastructure", "Networking", "Developer experience", "Operations"]
        let topics = Array(SyntheticProgram.techWords.prefix(60))
        let speakerCount = max(3, sessions * 2 / 3)

        var speakers: [[String: Any]] = []
        for number in 0..<speakerCount {
            let chinese = number % 8 == 0
            let name = chinese
                ? String((0..<3).map { _ in SyntheticProgram.chineseCharacters[Int(generator.next() % UInt64(SyntheticProgram.chineseCharacters.count))] })
                : "\(pick(SyntheticProgram.givenNames, &generator)) \(pick(SyntheticProgram.familyNames, &generator)) \(number)"
            speakers.append(["id": "p\(number)", "name": name, "nameZh": NSNull(),
                             "organization": ["name": pick(SyntheticProgram.organizations, &generator), "certainty": "confirmed", "sources": ["S1"]],
                             "sources": ["S1"]])
        }

        var sessionList: [[String: Any]] = []
        let perRoomPerDay = slotsPerDay
        for number in 0..<sessions {
            let room = number % roomCount
            let slot = number / roomCount
            let day = min(days.count - 1, slot / perRoomPerDay)
            let minutes = 8 * 60 + (slot % perRoomPerDay) * 35
            let start = String(format: "%@T%02d:%02d+08:00", days[day], (minutes / 60) % 24, minutes % 60)
            let end = String(format: "%@T%02d:%02d+08:00", days[day], ((minutes + 30) / 60) % 24, (minutes + 30) % 60)
            let word = { (generator: inout SplitMix64) in SyntheticProgram.vocabulary[SyntheticProgram.zipf(SyntheticProgram.vocabulary.count, &generator)] }
            let first = SyntheticProgram.techWords[SyntheticProgram.zipf(SyntheticProgram.techWords.count, &generator)]
            let second = word(&generator)
            var titles: [[String: Any]]
            if number % 8 == 3 {
                let template = pick(SyntheticProgram.chineseTitles, &generator)
                titles = [["lang": "zh", "text": String(format: template, first, second), "certainty": "confirmed", "sources": ["S1"]]]
            } else {
                let template = pick(SyntheticProgram.templates, &generator)
                titles = [["lang": "en", "text": String(format: template, first.capitalized, second), "certainty": "confirmed", "sources": ["S1"]]]
            }
            let summaryLength = 50 + Int(generator.next() % 51)
            let summary = (0..<summaryLength).map { _ in word(&generator) }.joined(separator: " ") + "."
            let speakerIDs = (0..<(1 + Int(generator.next() % 3))).map { _ in "p\(generator.next() % UInt64(speakerCount))" }
            let sessionTopics = Array(Set((0..<(1 + Int(generator.next() % 4))).map { _ in topics[Int(generator.next() % UInt64(topics.count))] })).sorted()
            sessionList.append([
                "id": "s\(number)", "kind": "talk", "titles": titles, "day": days[day], "start": start, "end": end,
                "room": "r\(room)", "programOrder": NSNull(), "track": "t\(number % trackNames.count)", "topics": sessionTopics,
                "speakers": Array(Set(speakerIDs)).sorted(), "summary": summary, "links": [], "sources": ["S1"],
            ])
        }

        let document: [String: Any] = [
            "format": "hallway-schedule", "version": 1, "tracksAreEditorial": false,
            "conference": ["id": "synthetic-\(sessions)", "name": "Synthetic Conference \(sessions)", "days": days, "timeZone": "Asia/Shanghai"],
            "sources": [["id": "S1", "title": "Generated by hallway-bench", "url": NSNull()]],
            "tracks": trackNames.enumerated().map { ["id": "t\($0.offset)", "name": $0.element] },
            "topics": topics.map { ["id": $0, "name": $0] },
            "rooms": (0..<roomCount).map { ["id": "r\($0)", "name": "Room \($0 + 101)"] },
            "speakers": speakers,
            "sessions": sessionList,
        ]
        return try! JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
    }
}
