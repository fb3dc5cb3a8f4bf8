/// Why a plugin file was refused. Each renders as one clear line naming the file.
public struct PluginLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Extensible reason codes; callers switch on these, never on the message.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }

        public static let notALibrary = Code(name: "not_a_library")
        public static let missingEntry = Code(name: "missing_entry_symbol")
        public static let entryRefused = Code(name: "entry_refused")
        public static let badStructSize = Code(name: "bad_struct_size")
        public static let abiMajorMismatch = Code(name: "abi_major_mismatch")
        public static let newerMinor = Code(name: "newer_abi_minor")
        public static let incompleteVTable = Code(name: "incomplete_vtable")
        public static let invalidManifest = Code(name: "invalid_manifest")
        public static let duplicateId = Code(name: "duplicate_provider_id")
        /// Its provider process could not be started, or died or hung while loading the plugin.
        public static let processFailed = Code(name: "provider_process_failed")
    }

    public let code: Code
    public let path: String
    public let reason: String

    public var description: String { "\(path): refused (\(code)): \(reason)" }
}
