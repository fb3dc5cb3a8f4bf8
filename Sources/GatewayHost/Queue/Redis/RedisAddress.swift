import Foundation

/// Where Redis is, from `REDIS_URL`: `redis://[[user]:password@]host[:port][/db]`.
package struct RedisAddress: Sendable {
    package let host: String
    package let port: Int
    package let username: String?
    package let password: String?
    package let database: Int

    /// Parses the URL; the error never repeats it (it may hold a password).
    package init(url: String) throws(QueueError) {
        guard let components = URLComponents(string: url), components.scheme == "redis", let host = components.host, !host.isEmpty else {
            throw QueueError(.failed, "REDIS_URL must look like redis://[:password@]host[:port][/db]")
        }
        self.host = host
        port = components.port ?? 6379
        guard (1...65_535).contains(port) else { throw QueueError(.failed, "the port in REDIS_URL must be 1 to 65535") }
        username = components.user.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding }
        password = components.password?.removingPercentEncoding
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard path.isEmpty || Int(path) != nil else { throw QueueError(.failed, "the database in REDIS_URL must be a number") }
        database = Int(path) ?? 0
    }
}
