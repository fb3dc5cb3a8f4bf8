import Foundation
import Testing

@testable import GatewayHost

/// Every error code the gateway answers with is in `ErrorCode.catalogue`, and docs/errors.md documents each with an
/// example envelope that carries it.
@Suite struct ErrorCatalogueTests {
    private static func text(_ path: String) throws -> String {
        try String(contentsOf: TestPaths.repository.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func everyDeclaredCodeIsInTheCatalogue() throws {
        let source = try Self.text("Sources/GatewayHost/HTTP/ErrorCode.swift")
        let declared = Set(source.matches(of: /ErrorCode\("([A-Z_]+)"\)/).map { String($0.output.1) })
        #expect(!declared.isEmpty && declared == Set(ErrorCode.catalogue.map(\.rawValue)))
        #expect(ErrorCode.catalogue.count == declared.count, "no code twice")
    }

    @Test func eachCodeIsDocumentedWithAnExampleThatCarriesIt() throws {
        let document = try Self.text("docs/errors.md")
        for code in ErrorCode.catalogue {
            let sections = document.components(separatedBy: "### \(code.rawValue)\n")
            #expect(sections.count == 2, "\(code) has one section")
            guard sections.count == 2 else { continue }
            let section = sections[1].components(separatedBy: "\n### ")[0]
            let example = try #require(
                section.components(separatedBy: "```json\n").dropFirst().first?.components(separatedBy: "\n```").first, "\(code)")
            let parsed = try JSONDecoder().decode([String: JSONValue].self, from: Data(example.utf8))
            #expect(
                parsed["error_code"] == .string(code.rawValue) || parsed["error_message"]?.stringValue?.hasPrefix(code.rawValue) == true, "\(code)")
        }
    }

    @Test func aProvidersRecordedStatusIsAnsweredWithACatalogueCode() {
        #expect(ErrorCode.forJob(.provider(.invalid)) == .validationError && ErrorCode.forJob(.provider(.auth)) == .invalidCredentials)
        #expect(ErrorCode.forJob(.provider(.rateLimited)) == .rateLimitExceeded && ErrorCode.forJob(.integrationNotFound) == .integrationNotFound)
        #expect(ErrorCode.forJob(nil) == .connectionFailed && ErrorCode.forJob(.credentialsUnreadable) == .credentialsUnreadable)
        // Stored as text: each code reads back as itself, and text no gateway wrote reads as none.
        for code in ProviderStatus.allCases.map(JobFailureCode.provider) + [.integrationNotFound, .credentialsUnreadable] {
            #expect(JobFailureCode(text: code.text) == code)
        }
        #expect(JobFailureCode(text: "SOMETHING_ELSE") == nil)
    }
}
