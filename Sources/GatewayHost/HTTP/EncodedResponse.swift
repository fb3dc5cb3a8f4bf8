import HTTPTypes
import Hummingbird

/// A JSON body with a status other than 200.
struct EncodedResponse<Body: ResponseEncodable>: ResponseGenerator {
    let status: HTTPResponse.Status
    let body: Body

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try body.response(from: request, context: context)
        response.status = status
        return response
    }
}
