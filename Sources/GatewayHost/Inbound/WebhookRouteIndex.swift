/// `POST /webhooks/{provider}` (the seed's `/webhooks/uazapi`, the reference's `/webhooks/evolution`): one URL for
/// every integration of a provider. The plugin's manifest names the config field whose value each delivery carries
/// (`webhook_route`); the integration is found through a blind index of that value, stored when the integration is
/// configured, never the value itself (decision 0024).
enum WebhookRouteIndex {
    static func purpose(provider: String) -> String { "webhook route \(provider)" }

    /// The index an integration with `config` is stored with; nil when its plugin routes no deliveries this way.
    static func index(of config: [String: JSONValue], manifest: PluginManifest, vault: Vault) -> String? {
        guard let route = manifest.webhookRoute, let value = config[route.configField]?.stringValue, !value.isEmpty else { return nil }
        return vault.blindIndex(value, purpose: purpose(provider: manifest.id)).value
    }

    /// The index under the vault's current key for an integration stored with `index` (under any key), found without
    /// the plugin's manifest: the config field whose value gives that index. Key rotation runs without plugins.
    static func reindex(_ index: String?, config: [String: JSONValue], provider: String, vault: Vault) -> String? {
        guard let index else { return nil }
        let purpose = purpose(provider: provider)
        for case .string(let value) in config.values where vault.blindIndexes(value, purpose: purpose).contains(where: { $0.value == index }) {
            return vault.blindIndex(value, purpose: purpose).value
        }
        return nil
    }
}
