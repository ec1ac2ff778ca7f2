/// A value kept behind one pointer, with a value's meaning: a change makes a new box, so a copy
/// never sees another's change. For fields most values leave empty (`Session`'s extras).
enum OutOfLine<Value: Sendable & Hashable>: Sendable, Hashable {
    indirect case boxed(Value)

    init(_ value: Value) { self = .boxed(value) }

    var value: Value {
        switch self { case .boxed(let value): value }
    }
}
