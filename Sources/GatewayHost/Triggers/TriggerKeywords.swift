import Foundation

/// `message_received` keywords, matched as a message arrives (its text is not kept): whole words, ignoring case and
/// accents, a phrase matching its words in a row ("cancelar" matches "Quero CANCELAR o plano", not "cancelaram").
/// Only the keywords that matched go into the event log, never the text.
enum TriggerKeywords {
    /// The keywords among `keywords` that `text` contains. The text's words are indexed once, so a keyword costs only
    /// the places its first word occurs (a keyword is at most `EventMatch.maxLength` characters).
    static func matched(_ keywords: Set<String>, in text: String) -> [String] {
        guard !keywords.isEmpty else { return [] }
        let words = self.words(text)
        var starts: [String: [Int]] = [:]
        for (index, word) in words.enumerated() { starts[word, default: []].append(index) }
        return keywords.filter { keyword in
            let phrase = self.words(keyword)
            guard let first = phrase.first else { return false }
            return (starts[first] ?? []).contains { start in
                start + phrase.count <= words.count && words[start..<(start + phrase.count)].elementsEqual(phrase)
            }
        }.sorted()
    }

    /// The client's keywords: those of its active `message_received` triggers.
    static func of(_ triggers: [TriggerRecord]) -> Set<String> {
        Set(
            triggers.filter(\.active).flatMap { trigger -> [String] in
                guard case .eventBased(let match) = trigger.when, match.event == .messageReceived else { return [] }
                return Array(match.keywords ?? [])
            })
    }

    private static func words(_ text: String) -> [String] {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }
}
