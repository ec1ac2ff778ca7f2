import ArgumentParser
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ScheduleKit

/// Times the ways a schedule file can be read, on the same bytes, so the choice in
/// docs/PERFORMANCE.md can be checked: Foundation's JSONSerialization (the tree alone, before any
/// walk over it) against Hallway's one-pass reader, and the whole load (read, map, check).
struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Compare JSON readers, or XML readers for a .xml file, on one file (median of --runs).")

    @Option(help: "A schedule file; a synthetic program of --sessions when omitted.") var file: String?
    @Option(help: "Sessions in the synthetic program.") var sessions = 10_000
    @Option(help: "How many times to read it.") var runs = 7

    func run() throws {
        if let file, file.hasSuffix(".xml") { return try compareXML(file) }
        let data = try file.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } ?? SyntheticProgram(sessions: sessions).json()
        let megabytes = Double(data.count) / 1_048_576
        let foundation = try median { _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) }
        let hallway = try median { _ = try ScheduleLoader.parseJSONForBenchmark(data) }
        let load = try median { _ = try ScheduleLoader.load(data: data, name: file ?? "synthetic") }
        print("reader | ms | MB/s")
        print("--- | ---: | ---:")
        print(String(format: "JSONSerialization (tree only) | %.1f | %.0f", foundation, megabytes / foundation * 1000))
        print(String(format: "Hallway JSONReader | %.1f | %.0f", hallway, megabytes / hallway * 1000))
        print(String(format: "whole load (read, map, check) | %.1f | %.0f", load, megabytes / load * 1000))
    }

    /// The median wall time of `runs` calls, in milliseconds.
    private func median(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        var samples: [Double] = []
        for _ in 0..<runs {
            let start = clock.now
            try body()
            let elapsed = clock.now - start
            samples.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        return samples.sorted()[samples.count / 2]
    }

    /// Foundation's XMLParser (element names and text handed to a delegate) against libxml2's
    /// SAX2 push parser building Hallway's element tree.
    private func compareXML(_ file: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        let megabytes = Double(data.count) / 1_048_576
        let foundation = median {
            let parser = XMLParser(data: data)
            let collector = ElementCollector()
            parser.delegate = collector
            _ = parser.parse()
        }
        let libxml2 = try median { _ = try ScheduleLoader.parseXMLForBenchmark(data) }
        let load = try median { _ = try ScheduleLoader.load(data: data, name: file) }
        print("reader | ms | MB/s")
        print("--- | ---: | ---:")
        print(String(format: "Foundation XMLParser (same element tree) | %.1f | %.0f", foundation, megabytes / foundation * 1000))
        print(String(format: "libxml2 SAX2 (Hallway's element tree) | %.1f | %.0f", libxml2, megabytes / libxml2 * 1000))
        print(String(format: "whole load (read, map, clean text, check) | %.1f | %.0f", load, megabytes / load * 1000))
    }
}

/// Builds the same shape of tree as Hallway's XML reader (name, attributes, children, text), so
/// the two readers are compared doing the same work.
private final class ElementCollector: NSObject, XMLParserDelegate {
    final class Node {
        let name: String
        let attributes: [String: String]
        var children: [Node] = []
        var text = ""
        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }
    }

    var stack: [Node] = []
    var root: Node?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let node = Node(name: name, attributes: attributes)
        if let parent = stack.last { parent.children.append(node) } else { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        _ = stack.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last?.text += string }
}
