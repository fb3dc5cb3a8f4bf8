/// Waits for something the test cannot be told about directly (a provider process restarted, a plugin recovered),
/// checking every 20 ms until `timeout`; true once `condition` holds.
func eventually(within timeout: Duration = .seconds(15), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
