import AnnalJSON

/// The id of a JSON-RPC request: an integer or a string, kept exactly as it
/// arrived (`1` and `"1"` are different ids) and echoed back unchanged.
public enum RequestID: Sendable, Hashable, CustomStringConvertible {
    case int(Int)
    case string(String)

    /// The id held by a JSON value, or nil when it is neither an integer nor
    /// a string (`null`, a boolean, a fraction, an object…).
    public init?(json: JSONValue) {
        switch json {
        case .int(let value): self = .int(value)
        case .string(let value): self = .string(value)
        default: return nil
        }
    }

    /// The id as a JSON value.
    public var json: JSONValue {
        switch self {
        case .int(let value): .int(value)
        case .string(let value): .string(value)
        }
    }

    /// The id as JSON text: `7` or `"annal-1"`.
    public var description: String { JSONWriter.string(json) }
}
