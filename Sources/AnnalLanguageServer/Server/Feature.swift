import AnnalJSON
import JSONRPC

/// What a request handler is given: its params, a snapshot of the state
/// taken in message order, and a token to notice cancellation.
struct RequestContext: Sendable {
    let params: JSONValue?
    let snapshot: Snapshot
    let cancellation: CancellationToken

    /// Throws `RequestCancelled` when the client cancelled the request.
    func checkCancelled() throws(JSONRPCError) {
        if cancellation.isCancelled { throw JSONRPCError(code: JSONRPCError.requestCancelled, message: "request cancelled", data: nil) }
    }
}

/// Answers one request method.
typealias RequestHandler = @Sendable (RequestContext) throws(JSONRPCError) -> JSONValue

/// A language feature: the requests it answers and the server capabilities
/// it announces (given what the client supports). One file per feature
/// under Features/, listed in `Features.all`.
protocol Feature: Sendable {
    static var handlers: [String: RequestHandler] { get }
    static func capabilities(for client: ClientCapabilities) -> [(String, JSONValue)]
}
