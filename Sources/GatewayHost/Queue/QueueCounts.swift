/// Jobs per state, for `/metrics`.
package struct QueueCounts: Sendable, Equatable {
    package var ready: [JobPriority: Int]
    package var inFlight: Int
    package var delayed: Int
    package var dead: Int
}
