/// Where a parser keeps the storage of the last head it parsed, for its next head to reuse once
/// nobody holds it any more: no allocation per request.
///
/// A parser has a slot of its own unless it is given one. Parsers that run on one thread — the
/// connections of one event loop — can share a slot: the head any of them parses next then
/// reuses the memory the last finished request left, still warm in the cache, instead of each
/// connection keeping a storage of its own that has gone cold since its previous request. When
/// the slot's storage is still held (a handler kept its request), the parser makes a new one,
/// which takes the slot. Use a slot from one thread at a time.
public final class HeadStorageSlot: @unchecked Sendable {
    /// The storage of the head parsed last through this slot.
    @exclusivity(unchecked) var storage: RequestHeadStorage?

    /// An empty slot.
    public init() {}
}
