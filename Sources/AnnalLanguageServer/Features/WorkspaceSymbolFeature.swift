import AnnalAnalysis
import AnnalJSON
import AnnalSyntax
import JSONRPC

/// `workspace/symbol`: the declarations of every workspace folder, and the
/// built-in catalogue entries, whose id, name (any language, or a source's
/// or relation's title) or alias matches the query: case-insensitive, the
/// query's characters in order (a subsequence). An empty query matches all.
///
/// Ranked: exact matches first, then prefixes, then other subsequences; a
/// match on the id before a match on a name; then by id. At most
/// `maxResults`. Each result is a `SymbolInformation` with its location (a
/// built-in entry's is in the materialised catalogue file) and, as
/// `containerName`, the declaration's name in words.
enum WorkspaceSymbolFeature: Feature {
    static let handlers: [String: RequestHandler] = ["workspace/symbol": workspaceSymbols]

    /// The most symbols one answer holds.
    static let maxResults = 500

    static func capabilities(for client: ClientCapabilities) -> [(String, JSONValue)] {
        [("workspaceSymbolProvider", true)]
    }

    /// How well a declaration matches: lower is better.
    struct Rank: Comparable {
        /// 0 exact, 1 prefix, 2 subsequence.
        var quality: Int
        /// 0 when the id matched, 1 when only a name or alias did.
        var onID: Int

        static func < (a: Rank, b: Rank) -> Bool { (a.quality, a.onID) < (b.quality, b.onID) }
    }

    private struct Candidate {
        let rank: Rank
        let declaration: Declaration
        let folder: FolderState
    }

    static func workspaceSymbols(_ context: RequestContext) throws(JSONRPCError) -> JSONValue {
        let snapshot = context.snapshot
        let query: String
        switch context.params?["query"] {
        case .string(let text): query = text
        case nil, .null?: query = ""
        default: throw LSP.invalidParams("params.query must be a string")
        }
        let needle = Array(query.lowercased())
        var candidates: [Candidate] = []
        var seenCatalogue = Set<DeclarationKey>()
        for folder in snapshot.folders {
            let workspace = folder.workspace
            for path in workspace.files.keys.sorted() {
                guard let file = workspace.files[path] else { continue }
                try context.checkCancelled()
                for declaration in file.model.declarations {
                    if let rank = rank(declaration, needle) {
                        candidates.append(Candidate(rank: rank, declaration: declaration, folder: folder))
                    }
                }
            }
            // Built-in entries once, and only those this folder does not override.
            guard let catalogue = workspace.catalogue else { continue }
            for declaration in catalogue.model.declarations {
                let key = DeclarationKey(declaration.kind, declaration.id)
                guard workspace.index.visible[key]?.file == catalogue.path, !seenCatalogue.contains(key) else { continue }
                seenCatalogue.insert(key)
                if let rank = rank(declaration, needle) {
                    candidates.append(Candidate(rank: rank, declaration: declaration, folder: folder))
                }
            }
        }
        try context.checkCancelled()
        candidates.sort { a, b in
            if a.rank != b.rank { return a.rank < b.rank }
            let (idA, idB) = (a.declaration.id.lowercased(), b.declaration.id.lowercased())
            if idA != idB { return idA < idB }
            if a.declaration.id != b.declaration.id { return a.declaration.id < b.declaration.id }
            if a.declaration.file != b.declaration.file { return a.declaration.file < b.declaration.file }
            return a.declaration.range.lowerBound < b.declaration.range.lowerBound
        }
        var symbols: [JSONValue] = []
        for candidate in candidates {
            guard symbols.count < maxResults else { break }
            let declaration = candidate.declaration
            guard let location = snapshot.location(folder: candidate.folder, path: declaration.file, range: declaration.idRange) else { continue }
            var fields: [(String, JSONValue)] = [
                ("name", .string(declaration.id)),
                ("kind", .int(SymbolText.kind(of: declaration.kind))),
                ("location", location),
            ]
            if let title = SymbolText.title(of: declaration) { fields.append(("containerName", .string(title))) }
            symbols.append(.object(fields))
        }
        return .array(symbols)
    }

    /// The rank of a declaration for a lowercased query, nil when nothing matches.
    static func rank(_ declaration: Declaration, _ needle: [Character]) -> Rank? {
        var best = quality(declaration.id, needle).map { Rank(quality: $0, onID: 0) }
        var others = declaration.aliases
        others.append(contentsOf: declaration.names.values)
        if let title = declaration.string("title") { others.append(title) }
        for text in others {
            guard let quality = quality(text, needle) else { continue }
            let rank = Rank(quality: quality, onID: 1)
            if best == nil || rank < best! { best = rank }
        }
        return best
    }

    /// 0 exact, 1 prefix, 2 subsequence (case-insensitive); nil otherwise.
    static func quality(_ text: String, _ needle: [Character]) -> Int? {
        let haystack = Array(text.lowercased())
        if haystack == needle { return 0 }
        if haystack.starts(with: needle) { return 1 }
        var index = 0
        for character in haystack where index < needle.count && character == needle[index] { index += 1 }
        return index == needle.count ? 2 : nil
    }
}
