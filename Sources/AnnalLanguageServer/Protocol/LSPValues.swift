import AnnalJSON
import AnnalSyntax
import JSONRPC

/// Small builders and readers for LSP structures as JSON values.
enum LSP {
    static func position(_ position: LinePosition) -> JSONValue {
        .object([("line", .int(position.line)), ("character", .int(position.column))])
    }

    static func range(_ start: LinePosition, _ end: LinePosition) -> JSONValue {
        .object([("start", position(start)), ("end", position(end))])
    }

    static func location(uri: String, range: JSONValue) -> JSONValue {
        .object([("uri", .string(uri)), ("range", range)])
    }

    /// Reads `{line, character}`; nil when malformed or negative.
    static func readPosition(_ value: JSONValue?) -> LinePosition? {
        guard let line = value?["line"]?.intValue, let character = value?["character"]?.intValue,
              line >= 0, character >= 0 else { return nil }
        return LinePosition(line: line, column: character)
    }

    static func readRange(_ value: JSONValue?) -> (LinePosition, LinePosition)? {
        guard let start = readPosition(value?["start"]), let end = readPosition(value?["end"]) else { return nil }
        return (start, end)
    }

    /// The `textDocument.uri` of request params.
    static func documentURI(_ params: JSONValue?) throws(JSONRPCError) -> String {
        guard let uri = params?["textDocument"]?["uri"]?.stringValue else {
            throw JSONRPCError(code: JSONRPCError.invalidParams, message: "params.textDocument.uri must be a string", data: nil)
        }
        return uri
    }

    static func invalidParams(_ message: String) -> JSONRPCError {
        JSONRPCError(code: JSONRPCError.invalidParams, message: message, data: nil)
    }

    /// LSP DiagnosticSeverity numbers.
    static func severity(_ severity: AnnalAnalysisSeverity) -> Int {
        switch severity {
        case .error: 1
        case .warning: 2
        case .info: 3
        case .hint: 4
        }
    }
}
