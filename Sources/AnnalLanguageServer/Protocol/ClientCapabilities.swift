import AnnalJSON
import AnnalSyntax

/// What the client announced in `initialize`. Absent means unsupported.
public struct ClientCapabilities: Sendable {
    public let json: JSONValue

    public init(_ json: JSONValue) { self.json = json }

    /// The value at a path of keys, e.g. `["textDocument", "completion"]`.
    public func value(_ path: String...) -> JSONValue? { value(path) }

    public func value(_ path: [String]) -> JSONValue? {
        var current: JSONValue? = json
        for key in path { current = current?[key] }
        return current
    }

    /// True when the boolean at the path is true.
    public func supports(_ path: String...) -> Bool { value(path)?.boolValue == true }

    /// True when the client's list at the path contains `value`.
    public func list(_ path: [String], contains member: String) -> Bool {
        value(path)?.arrayValue?.contains { $0.stringValue == member } ?? false
    }

    /// The position encoding to use: the first of the client's preferences
    /// that the server supports; UTF-16 when the client gives none.
    public var positionEncoding: PositionEncoding {
        guard let offered = value("general", "positionEncodings")?.arrayValue else { return .utf16 }
        for item in offered {
            if let name = item.stringValue, let encoding = PositionEncoding(rawValue: name) { return encoding }
        }
        return .utf16
    }
}
