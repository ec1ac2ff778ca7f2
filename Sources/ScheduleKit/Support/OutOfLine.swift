/// A value kept behind one pointer, with a value's meaning: a change makes a new box, so a copy
/// never sees another's change. For fields most values leave empty (`Session`'s extras).
enum OutOfLine<Value: Sendable & Hashable>: Sendable, Hashable {
    indirect case boxed(Value)

    init(_ value: Value) { self = .boxed(value) }

    var value: Value {
        switch self { case .boxed(let value): value }
    }

    /// Whether the two are one box, not two equal ones (tests of what values share): an indirect
    /// case is one pointer.
    func isSameBox(as other: OutOfLine) -> Bool {
        MemoryLayout<OutOfLine>.size == MemoryLayout<UInt>.size && unsafeBitCast(self, to: UInt.self) == unsafeBitCast(other, to: UInt.self)
    }
}
