import HTTPTypes
import Hummingbird

/// A JSON body with a status other than 200, and any extra headers.
struct EncodedResponse<Body: ResponseEncodable>: ResponseGenerator {
    let status: HTTPResponse.Status
    let body: Body
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try body.response(from: request, context: context)
        response.status = status
        response.headers.append(contentsOf: headers)
        return response
    }
}
