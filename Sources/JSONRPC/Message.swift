import AnnalJSON

/// A JSON-RPC 2.0 message: a request, a notification or a response.
public enum Message: Sendable, Equatable {
    /// A call that expects exactly one response with the same id.
    case request(id: RequestID, method: String, params: JSONValue?)
    /// A call that must never be answered.
    case notification(method: String, params: JSONValue?)
    /// The answer to a request: a result or an error.
    case response(id: RequestID, result: Result<JSONValue, JSONRPCError>)

    /// The message as JSON, with `"jsonrpc":"2.0"` first. `params` is left out
    /// when nil. A success response always has `"result"` (`null` included);
    /// an error response has `"error"` and no `"result"`.
    public var json: JSONValue {
        switch self {
        case .request(let id, let method, let params):
            var members: [(String, JSONValue)] = [("jsonrpc", "2.0"), ("id", id.json), ("method", .string(method))]
            if let params { members.append(("params", params)) }
            return .object(members)
        case .notification(let method, let params):
            var members: [(String, JSONValue)] = [("jsonrpc", "2.0"), ("method", .string(method))]
            if let params { members.append(("params", params)) }
            return .object(members)
        case .response(let id, .success(let result)):
            return .object([("jsonrpc", "2.0"), ("id", id.json), ("result", result)])
        case .response(let id, .failure(let error)):
            return .object([("jsonrpc", "2.0"), ("id", id.json), ("error", error.json)])
        }
    }

    /// An error response whose id could not be determined: `"id": null`.
    /// JSON-RPC answers unparseable and unreadable messages this way.
    public static func errorResponseWithoutID(_ error: JSONRPCError) -> JSONValue {
        .object([("jsonrpc", "2.0"), ("id", .null), ("error", error.json)])
    }

    /// Classifies a decoded JSON value.
    ///
    /// Rules: it must be an object (an array is a batch: invalid request);
    /// `"jsonrpc"` must be `"2.0"`; `method` with `id` is a request, `method`
    /// without `id` a notification, `id` (or a null id) without `method` a
    /// response, which needs exactly one of `result` and `error`. An id must
    /// be an integer or a string (not a boolean, fraction or object); a method
    /// must be a string; `params`, when present, must be an object or an
    /// array (`"params": null` is read as absent, as some clients send it).
    ///
    /// On failure returns the error and the id when one could be read, so the
    /// caller can answer it; `isRequest` says whether an answer is due (not
    /// for notification- or response-shaped messages). A response with a null
    /// id is a failure too: it cannot be matched to a request. A message with
    /// `params` but no `method` is a request that lost its method: answered.
    public static func decode(_ value: JSONValue) -> Result<Message, MessageDecodingError> {
        guard case .object(let members) = value else {
            let what = if case .array = value { "a batch (JSON array), which is not supported" } else { "not a JSON object" }
            return .failure(MessageDecodingError(id: nil, isRequest: true, error: .invalidRequest("message is \(what)")))
        }
        var jsonrpc: JSONValue?, idValue: JSONValue?, method: JSONValue?, params: JSONValue?
        var result: JSONValue?, error: JSONValue?
        for (key, member) in members {
            switch key {
            case "jsonrpc": jsonrpc = member
            case "id": idValue = member
            case "method": method = member
            case "params": params = member
            case "result": result = member
            case "error": error = member
            default: break
            }
        }
        let id = idValue.flatMap(RequestID.init(json:))
        // `params` makes it a request (or notification) that lost its method.
        let isResponseShaped = method == nil && params == nil && (idValue != nil || result != nil || error != nil)
        let isNotificationShaped = method != nil && idValue == nil
        func fail(_ message: String) -> Result<Message, MessageDecodingError> {
            .failure(MessageDecodingError(
                id: id, isRequest: !isResponseShaped && !isNotificationShaped, error: .invalidRequest(message)))
        }

        guard let jsonrpc else { return fail("missing \"jsonrpc\": \"2.0\"") }
        guard jsonrpc == .string("2.0") else { return fail("\"jsonrpc\" must be \"2.0\", not \(JSONWriter.string(jsonrpc))") }
        if let idValue, id == nil, !(isResponseShaped && idValue.isNull) {
            return fail("\"id\" must be an integer or a string, not \(JSONWriter.string(idValue))")
        }

        if let method {
            guard case .string(let name) = method else {
                return fail("\"method\" must be a string, not \(JSONWriter.string(method))")
            }
            if let params {
                switch params {
                case .object, .array: break
                case .null: break
                default: return fail("\"params\" must be an object or an array, not \(JSONWriter.string(params))")
                }
            }
            let usableParams = params?.isNull == true ? nil : params
            if let id { return .success(.request(id: id, method: name, params: usableParams)) }
            return .success(.notification(method: name, params: usableParams))
        }

        if params != nil { return fail("message has \"params\" but no \"method\"") }
        guard idValue != nil else { return fail("message has neither \"method\" nor \"id\"") }
        switch (result, error) {
        case (nil, nil): return fail("response has neither \"result\" nor \"error\"")
        case (.some, .some): return fail("response has both \"result\" and \"error\"")
        case (let result?, nil):
            guard let id else { return fail("response with a null id cannot be matched to a request") }
            return .success(.response(id: id, result: .success(result)))
        case (nil, let error?):
            guard let decoded = JSONRPCError(json: error) else {
                return fail("\"error\" must be an object with an integer \"code\" and a string \"message\"")
            }
            guard let id else {
                return fail("error response with a null id: \(decoded.message) (\(decoded.code))")
            }
            return .success(.response(id: id, result: .failure(decoded)))
        }
    }
}

/// Why a JSON value is not a valid message.
public struct MessageDecodingError: Error, Sendable, Equatable {
    /// The message's id when it could be read.
    public let id: RequestID?
    /// Whether the message must be answered (with `error`, and `id` or
    /// `null`): true unless it was shaped like a notification or a response.
    public let isRequest: Bool
    /// The error to answer with (`invalidRequest`).
    public let error: JSONRPCError

    /// A decoding failure; see the properties.
    public init(id: RequestID?, isRequest: Bool, error: JSONRPCError) {
        self.id = id
        self.isRequest = isRequest
        self.error = error
    }
}
