import ProviderABI
import Testing

@testable import GatewayHost

/// The host's status codes are the header's: ProviderKit keeps its own copy (decision 0002), tested the same way.
@Suite struct ProviderStatusTests {
    @Test func eachCodeIsTheHeadersValueUnderItsName() {
        let header: [(ProviderStatus, gw_status, String)] = [
            (.ok, GW_OK, "OK"), (.retryable, GW_RETRYABLE, "RETRYABLE"), (.rateLimited, GW_RATE_LIMITED, "RATE_LIMITED"),
            (.permanent, GW_PERMANENT, "PERMANENT"), (.auth, GW_AUTH, "AUTH"), (.invalid, GW_INVALID, "INVALID"), (.timeout, GW_TIMEOUT, "TIMEOUT"),
            (.unsupported, GW_UNSUPPORTED, "UNSUPPORTED"), (.internal, GW_INTERNAL, "INTERNAL"),
        ]
        #expect(header.count == ProviderStatus.allCases.count)
        for (status, value, name) in header { #expect(status.rawValue == value && status.name == name) }
        #expect(ProviderStatus(code: 99) == .internal, "a code outside the ABI is a plugin bug")
        #expect(String(cString: gw_status_name(99)) == "UNKNOWN", "the header names no code outside the ABI")
    }
}
