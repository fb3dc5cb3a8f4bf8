import Foundation

/// The C providers, compiled with `cc` once per test run: the example echo provider and every misbehaving variant.
enum CProviders {
    static let variants = [
        "HANG", "BAD_JSON", "BAD_MANIFEST", "BAD_SIZE", "NEWER_MINOR", "OTHER_MAJOR", "NO_ENTRY", "SLOPPY", "SEGFAULT", "ABORT", "ALLOCATE", "OVERSIZE",
        "GARBAGE", "DIE_IN_CREATE", "CRASH_ON_LOAD", "CRASH_ONCE", "ABI_1_0", "WEBHOOK_ECHO",
    ]

    private static let built: Result<URL, CompileError> = Result {
        let directory = try TestPaths.scratchDirectory()
        let include = ["-I", TestPaths.repository.appendingPathComponent("Sources/ProviderABI/include").path]
        try compile(["examples/c-provider/echo_provider.c", "-lcjson"], include: include, output: directory.appendingPathComponent("libc_echo.so"))
        for variant in variants {
            try compile(
                ["-DMISBEHAVE_\(variant)", "Tests/Fixtures/misbehaving_provider.c"], include: include,
                output: directory.appendingPathComponent("libmisbehaving_\(variant.lowercased()).so")
            )
        }
        return directory
    }.mapError { $0 as? CompileError ?? CompileError(output: "\($0)") }

    /// The C echo provider.
    static func echo() throws -> String { try built.get().appendingPathComponent("libc_echo.so").path }

    /// One misbehaving variant, e.g. `HANG`.
    static func misbehaving(_ variant: String) throws -> String {
        try built.get().appendingPathComponent("libmisbehaving_\(variant.lowercased()).so").path
    }

    struct CompileError: Error {
        let output: String
    }

    private static func compile(_ arguments: [String], include: [String], output: URL) throws {
        let cc = try ChildProcess(
            "/usr/bin/cc", ["-shared", "-fPIC", "-O2", "-Wall", "-Werror"] + include + ["-o", output.path] + arguments,
            directory: TestPaths.repository.path, errors: .pipe)
        let messages = String(decoding: cc.errors?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
        guard cc.wait() == .succeeded else { throw CompileError(output: messages) }
    }
}
