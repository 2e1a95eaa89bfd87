import AnnalJSON

/// A JSON-RPC error object: `{"code", "message", "data"?}`.
///
/// The codes are those of JSON-RPC 2.0 and the ones LSP 3.17 reserves; the
/// static functions build the usual errors with a message.
public struct JSONRPCError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The error code, one of the constants below or an application code.
    public let code: Int
    /// A short description of the error.
    public let message: String
    /// Additional information, when there is any.
    public let data: JSONValue?

    /// An error with the given code, message and optional data.
    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// Invalid JSON was received (or the message could not be framed).
    public static let parseError = -32700
    /// The JSON sent is not a valid request object.
    public static let invalidRequest = -32600
    /// The method does not exist or is not available.
    public static let methodNotFound = -32601
    /// Invalid method parameters.
    public static let invalidParams = -32602
    /// Internal error.
    public static let internalError = -32603
    /// LSP: a request arrived before `initialize`.
    public static let serverNotInitialized = -32002
    /// LSP: an error code with no better fit.
    public static let unknownErrorCode = -32001
    /// LSP: the request was cancelled.
    public static let requestCancelled = -32800
    /// LSP: the document changed under the request, so its result is void.
    public static let contentModified = -32801
    /// LSP 3.17: the server cancelled the request (only where allowed).
    public static let serverCancelled = -32802
    /// LSP 3.17: a valid request that failed; the message says why.
    public static let requestFailed = -32803

    /// A `parseError` (-32700) with this message.
    public static func parseError(_ message: String) -> JSONRPCError { .init(code: parseError, message: message) }
    /// An `invalidRequest` (-32600) with this message.
    public static func invalidRequest(_ message: String) -> JSONRPCError { .init(code: invalidRequest, message: message) }
    /// A `methodNotFound` (-32601) naming the method.
    public static func methodNotFound(_ method: String) -> JSONRPCError {
        .init(code: methodNotFound, message: "method not found: \(method)")
    }
    /// An `invalidParams` (-32602) with this message.
    public static func invalidParams(_ message: String) -> JSONRPCError { .init(code: invalidParams, message: message) }
    /// An `internalError` (-32603) with this message.
    public static func internalError(_ message: String) -> JSONRPCError { .init(code: internalError, message: message) }
    /// A `serverNotInitialized` (-32002) error.
    public static func serverNotInitialized(_ message: String = "server not initialized") -> JSONRPCError {
        .init(code: serverNotInitialized, message: message)
    }
    /// A `requestCancelled` (-32800) error.
    public static func requestCancelled(_ message: String = "request cancelled") -> JSONRPCError {
        .init(code: requestCancelled, message: message)
    }
    /// A `contentModified` (-32801) error.
    public static func contentModified(_ message: String = "content modified") -> JSONRPCError {
        .init(code: contentModified, message: message)
    }
    /// A `serverCancelled` (-32802) error.
    public static func serverCancelled(_ message: String = "server cancelled the request") -> JSONRPCError {
        .init(code: serverCancelled, message: message)
    }
    /// A `requestFailed` (-32803) error; the message should say why.
    public static func requestFailed(_ message: String) -> JSONRPCError { .init(code: requestFailed, message: message) }

    /// Reads an error object; nil unless it has an integer `code` and a
    /// string `message`.
    public init?(json: JSONValue) {
        guard case .object = json, case .int(let code)? = json["code"], case .string(let message)? = json["message"] else {
            return nil
        }
        self.init(code: code, message: message, data: json["data"])
    }

    /// The error object; `data` is left out when absent.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("code", .int(code)), ("message", .string(message))]
        if let data { members.append(("data", data)) }
        return .object(members)
    }

    /// "message (code)", for logs.
    public var description: String { "\(message) (\(code))" }
}
