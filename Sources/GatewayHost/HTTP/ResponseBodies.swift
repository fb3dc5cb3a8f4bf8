import Hummingbird

// The domains' answer types are plain `Encodable`; here, at the edge, they become response bodies.
extension SendAccepted: ResponseEncodable {}
extension MessageResponse: ResponseEncodable {}
extension JobList: ResponseEncodable {}
extension IntegrationResponse: ResponseEncodable {}
extension IntegrationList: ResponseEncodable {}
extension IntegrationStatusResponse: ResponseEncodable {}
extension Deleted: ResponseEncodable {}
extension ConnectionTestResult: ResponseEncodable {}
extension DatabaseQueryResult: ResponseCodable {}
extension TokenExchange.Pair: ResponseEncodable {}
