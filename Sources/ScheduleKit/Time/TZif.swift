import FoundationEssentials
import Glibc

/// A zone's offsets as the system's tz database holds them: a TZif file (RFC 8536), its
/// transitions and the rule in its footer for every instant after the last. Written for Hallway
/// because Foundation's named zones are ICU's, and with them ICU's code and data come into every
/// binary (docs/PERFORMANCE.md, "Hallway's own zones"); the format is small and fixed.
struct ZoneOffsets: Sendable {
    /// Instants (seconds since 1970, UTC) at which the offset changes, ascending.
    let transitions: [Int64]
    /// The offset (seconds east of UTC) from each transition on.
    let offsetsAfter: [Int32]
    /// The offset before the first transition (the first time type, RFC 8536 §3.2).
    let initialOffset: Int
    /// The offsets after the last transition, when the file gives a rule for them.
    let footer: POSIXZoneRule?

    init(transitions: [Int64], offsetsAfter: [Int32], initialOffset: Int, footer: POSIXZoneRule?) {
        self.transitions = transitions
        self.offsetsAfter = offsetsAfter
        self.initialOffset = initialOffset
        self.footer = footer
    }

    /// A zone with one rule throughout.
    init(rule: POSIXZoneRule) {
        self.init(transitions: [], offsetsAfter: [], initialOffset: rule.standardOffset, footer: rule)
    }

    func offset(at seconds: Int) -> Int {
        guard let last = transitions.last else { return footer?.offset(at: seconds) ?? initialOffset }
        if seconds >= last, let footer { return footer.offset(at: seconds) }
        let passed = transitionsUpTo(seconds)
        return passed == 0 ? initialOffset : Int(offsetsAfter[passed - 1])
    }

    /// How many transitions are at or before `seconds` (found by halves).
    private func transitionsUpTo(_ seconds: Int) -> Int {
        var low = 0, high = transitions.count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= seconds { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// The first instant after `seconds` at which the offset changes; nil when it never does again.
    func nextChange(after seconds: Int) -> Int? {
        var before = offset(at: seconds)
        for index in transitionsUpTo(seconds)..<transitions.count {
            if Int(offsetsAfter[index]) != before { return Int(transitions[index]) }
            before = Int(offsetsAfter[index])
        }
        guard let daylight = footer?.daylight else { return nil }
        let from = max(seconds, Int(transitions.last ?? Int64(seconds)))
        let year = CivilDate.fromDaysSinceEpoch(CivilDate.daysSinceEpoch(atSecond: from + daylight.offset)).year
        let changes = (year - 1...year + 1).flatMap { year in
            [daylight.start.utcSeconds(in: year, localOffset: footer!.standardOffset), daylight.end.utcSeconds(in: year, localOffset: daylight.offset)]
        }
        return changes.filter { $0 > seconds && offset(at: $0) != offset(at: $0 - 1) }.min()
    }

    /// The file's bytes read: its version 2+ block (64-bit times) when it has one, else its
    /// version 1 block; nil when the bytes are not TZif or end too soon.
    init?(tzif bytes: [UInt8]) {
        guard let first = Header(bytes, at: 0) else { return nil }
        var block = first
        var wide = false
        if first.version >= 2 {
            guard let second = Header(bytes, at: first.end(timeSize: 4)) else { return nil }
            block = second
            wide = true
        }
        let timeSize = wide ? 8 : 4
        var at = block.start + 44
        guard block.end(timeSize: timeSize) <= bytes.count else { return nil }
        var transitions: [Int64] = []
        transitions.reserveCapacity(block.timeCount)
        for _ in 0..<block.timeCount {
            transitions.append(wide ? Int64(bitPattern: Header.bigEndian(bytes, at, 8)) : Int64(Int32(bitPattern: UInt32(Header.bigEndian(bytes, at, 4)))))
            at += timeSize
        }
        let typeIndices = Array(bytes[at..<(at + block.timeCount)])
        at += block.timeCount
        var typeOffsets: [Int32] = []
        for _ in 0..<block.typeCount {
            typeOffsets.append(Int32(bitPattern: UInt32(Header.bigEndian(bytes, at, 4))))
            at += 6
        }
        guard !typeOffsets.isEmpty, typeIndices.allSatisfy({ Int($0) < typeOffsets.count }) else { return nil }
        var footer: POSIXZoneRule?
        let footerStart = block.end(timeSize: timeSize)
        if wide, footerStart < bytes.count, bytes[footerStart] == 0x0A,
           let close = bytes[(footerStart + 1)...].firstIndex(of: 0x0A), close > footerStart + 1 {
            footer = POSIXZoneRule(String(decoding: bytes[(footerStart + 1)..<close], as: UTF8.self))
        }
        self.init(transitions: transitions, offsetsAfter: typeIndices.map { typeOffsets[Int($0)] },
                  initialOffset: Int(typeOffsets[0]), footer: footer)
    }

    private struct Header {
        let start: Int
        let version: Int
        let utIndicatorCount, standardIndicatorCount, leapCount, timeCount, typeCount, characterCount: Int

        init?(_ bytes: [UInt8], at start: Int) {
            guard start + 44 <= bytes.count, bytes[start..<(start + 4)].elementsEqual("TZif".utf8) else { return nil }
            self.start = start
            version = bytes[start + 4] == 0 ? 1 : Int(bytes[start + 4]) - Int(UInt8(ascii: "0"))
            let counts = (0..<6).map { Int(Header.bigEndian(bytes, start + 20 + $0 * 4, 4)) }
            (utIndicatorCount, standardIndicatorCount, leapCount, timeCount, typeCount, characterCount) =
                (counts[0], counts[1], counts[2], counts[3], counts[4], counts[5])
            // RFC 8536 §3.1's limits keep a hostile file's counts from running past its end by overflow.
            guard counts.allSatisfy({ $0 < 1 << 24 }), typeCount >= 1, typeCount <= 256 else { return nil }
        }

        /// Where this block's data ends.
        func end(timeSize: Int) -> Int {
            start + 44 + timeCount * timeSize + timeCount + typeCount * 6 + characterCount
                + leapCount * (timeSize + 4) + standardIndicatorCount + utIndicatorCount
        }

        static func bigEndian(_ bytes: [UInt8], _ at: Int, _ count: Int) -> UInt64 {
            var value: UInt64 = 0
            for index in at..<(at + count) { value = value << 8 | UInt64(bytes[index]) }
            return value
        }
    }
}
