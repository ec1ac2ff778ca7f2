/// Colours that come with the data (a track's `#RRGGBB`), brought to the nearest of the 240
/// fixed xterm-256 colours: the 6×6×6 cube (16–231) or the grey ramp (232–255).
public enum DataColor {
    public static func xterm256(_ hex: String) -> UInt8? {
        guard hex.count == 7, hex.first == "#", let value = UInt32(hex.dropFirst(), radix: 16) else { return nil }
        let (r, g, b) = (Int(value >> 16 & 0xFF), Int(value >> 8 & 0xFF), Int(value & 0xFF))
        let levels = [0, 95, 135, 175, 215, 255]
        func nearestLevel(_ component: Int) -> Int {
            levels.indices.min { abs(levels[$0] - component) < abs(levels[$1] - component) }!
        }
        let (ri, gi, bi) = (nearestLevel(r), nearestLevel(g), nearestLevel(b))
        let cube = (levels[ri], levels[gi], levels[bi])
        let average = (r + g + b) / 3
        let greyIndex = min(23, max(0, (average - 8 + 5) / 10))
        let grey = 8 + greyIndex * 10
        func distance(_ c: (Int, Int, Int)) -> Int { (c.0 - r) * (c.0 - r) + (c.1 - g) * (c.1 - g) + (c.2 - b) * (c.2 - b) }
        return distance((grey, grey, grey)) < distance(cube) ? UInt8(232 + greyIndex) : UInt8(16 + 36 * ri + 6 * gi + bi)
    }
}
