import AnnalConcurrency

/// A declaration's identity: ids live in one namespace per kind, so a
/// source and a relation may share an id.
public struct DeclarationKey: Sendable, Hashable {
    public let kind: BlockKind
    public let id: String

    public init(_ kind: BlockKind, _ id: String) {
        self.kind = kind
        self.id = id
    }
}

/// What a reference resolves to.
public enum Resolution: Sendable {
    /// The declaration it names.
    case declaration(Declaration)
    /// An alias of this declaration, which should be named by its id.
    case alias(Declaration)
    /// A declaration of another kind has this id.
    case wrongKind(Declaration)
    case unknown
}

/// Every declaration of the workspace and of the built-in catalogue, by
/// key and by alias. Built from the files' models; cheap to rebuild.
public struct WorkspaceIndex: Sendable {
    /// Workspace declarations by id, of any kind, in file order (duplicates included).
    public let declarationsByID: [String: [Declaration]]
    /// The declaration each key resolves to: the first workspace one, else the built-in one.
    public let visible: [DeclarationKey: Declaration]
    /// Alias → declaration, for parties and programmes.
    public let aliases: [DeclarationKey: Declaration]
    /// Keys referenced anywhere (for unused-declaration).
    public let referenced: Set<DeclarationKey>
    /// Names by kind and suggestions, made on first use.
    private let suggestionNames = SuggestionNames()

    init(files: [FileAnalysis], catalogue: FileAnalysis?) {
        // The declarations on one thread while the others gather the keys
        // named, a share of the files each (a check of a thousand files
        // spent 5 % of its instructions here, on one core between reading
        // and checking). One share per helper: each more costs a merge.
        let helpers = WorkerPool.shared.helperCount
        let shares = files.count < Self.filesPerShare ? 1 : max(1, min(helpers, Self.sharesAtMost, files.count / Self.filesPerShare))
        let parts = Workspace.parallelMap(Array(0...shares)) { task -> IndexPart in
            if task == 0 { return .declarations(Self.declarations(of: files, catalogue: catalogue)) }
            return .named(NamedKeys(files: stride(from: task - 1, to: files.count, by: shares).lazy.map { files[$0] }))
        }
        var named = NamedKeys(files: catalogue.map { [$0] } ?? [])
        var tables: DeclarationTables?
        for part in parts {
            switch part {
            case .declarations(let found): tables = found
            case .named(let share): named.formUnion(share)
            }
        }
        let (byID, visible, aliases) = tables!
        // A name in use counts its visible declaration as used, through an
        // alias too: looked up once per distinct key (files name the same
        // keys again and again: the sum of their lists is twenty times the
        // distinct keys at 50 MB).
        var referenced = named.references
        let aliasedKinds = Set(aliases.keys.lazy.map(\.kind))
        for key in named.references where aliasedKinds.contains(key.kind) {
            if let target = aliases[key] { referenced.insert(DeclarationKey(target.kind, target.id)) }
        }
        referenced.formUnion(named.fieldReferences)
        self.declarationsByID = byID
        self.visible = visible
        self.aliases = aliases
        self.referenced = referenced
    }

    /// Declarations by id, by key and by alias (`declarations(of:catalogue:)`).
    typealias DeclarationTables = (byID: [String: [Declaration]], visible: [DeclarationKey: Declaration],
                                   aliases: [DeclarationKey: Declaration])

    /// What one thread makes of the index.
    private enum IndexPart: Sendable {
        case declarations(DeclarationTables)
        case named(NamedKeys)
    }

    /// Files a helper gathers the names of, at least, and the most shares
    /// the files are cut into (one per helper).
    static let filesPerShare = 32
    static let sharesAtMost = 8

    /// The keys some files name (`FileModel.referencedKeys`), and those
    /// their fields name, each set once.
    struct NamedKeys: Sendable {
        var references = Set<DeclarationKey>()
        var fieldReferences = Set<DeclarationKey>()

        init() {}

        init(files: some Sequence<FileAnalysis>) {
            for file in files {
                for key in file.model.referencedKeys { references.insert(key) }
                for key in file.model.fieldReferencedKeys { fieldReferences.insert(key) }
            }
        }

        /// Adds `other`'s keys (the smaller set into the larger).
        mutating func formUnion(_ other: NamedKeys) {
            references = Self.union(references, other.references)
            fieldReferences = Self.union(fieldReferences, other.fieldReferences)
        }

        private static func union(_ a: Set<DeclarationKey>, _ b: Set<DeclarationKey>) -> Set<DeclarationKey> {
            a.count >= b.count ? a.union(b) : b.union(a)
        }
    }

    /// Whether `a` comes before `b` in the workspace: by file path, then
    /// by place in the file.
    private static func inFileOrder(_ a: Declaration, _ b: Declaration) -> Bool {
        (a.file, a.range.lowerBound) < (b.file, b.range.lowerBound)
    }

    /// Declarations by id in file order (duplicates included), the one
    /// each key resolves to, and each alias's.
    private static func declarations(of files: [FileAnalysis], catalogue: FileAnalysis?) -> DeclarationTables {
        // Sized once: growing the tables rehashed every key.
        let declarationCount = files.reduce(0) { $0 + $1.model.declarations.count }
        var byID: [String: [Declaration]] = [:]
        byID.reserveCapacity(declarationCount)
        // The files in any order (they come from a dictionary), then the
        // few ids declared more than once put in file order: sorting every
        // file by path cost more than the rest of the table.
        for file in files {
            for declaration in file.model.declarations {
                byID[declaration.id, default: []].append(declaration)
            }
        }
        let repeatedIDs = byID.compactMap { $0.value.count > 1 ? $0.key : nil }
        for id in repeatedIDs {
            byID[id]!.sort(by: inFileOrder)
        }
        var visible: [DeclarationKey: Declaration] = [:]
        visible.reserveCapacity(declarationCount + (catalogue?.model.declarations.count ?? 0))
        // The first workspace declaration of a key wins: one insertion
        // each, judged within its id's list by kind alone (a look-up and a
        // copy of the declaration in place before each insertion were a
        // third of this table).
        for declarations in byID.values {
            guard declarations.count > 1 else {
                visible[DeclarationKey(declarations[0].kind, declarations[0].id)] = declarations[0]
                continue
            }
            var kindsSeen: [BlockKind] = []
            for declaration in declarations where !kindsSeen.contains(declaration.kind) {
                kindsSeen.append(declaration.kind)
                visible[DeclarationKey(declaration.kind, declaration.id)] = declaration
            }
        }
        // A catalogue entry where no workspace declaration has its key (the
        // catalogue's last of a key, as it always was).
        if let catalogue {
            var builtIn: [DeclarationKey: Declaration] = [:]
            for declaration in catalogue.model.declarations {
                builtIn[DeclarationKey(declaration.kind, declaration.id)] = declaration
            }
            visible.merge(builtIn) { workspace, _ in workspace }
        }
        var aliases: [DeclarationKey: Declaration] = [:]
        // In file order, so that the first declaration of an alias wins;
        // only those that have aliases need sorting (few: parties and
        // programmes, against hundreds of sources and relations).
        let withAliases = visible.values.compactMap { declaration -> (Declaration, [String])? in
            let names = declaration.aliases
            return names.isEmpty ? nil : (declaration, names)
        }
        for (declaration, names) in withAliases.sorted(by: { inFileOrder($0.0, $1.0) }) {
            for alias in names {
                let key = DeclarationKey(declaration.kind, alias)
                if visible[key] == nil, aliases[key] == nil { aliases[key] = declaration }
            }
        }
        return (byID, visible, aliases)
    }

    /// Whether `name` is the id of a visible declaration of `kind`: the usual
    /// answer of `resolve`, found without copying the declaration.
    public func declares(_ name: String, as kind: BlockKind) -> Bool {
        visible.index(forKey: DeclarationKey(kind, name)) != nil
    }

    /// Resolves a name used where a declaration of `kind` is expected.
    public func resolve(_ name: String, as kind: BlockKind) -> Resolution {
        let key = DeclarationKey(kind, name)
        if let declaration = visible[key] { return .declaration(declaration) }
        if let declaration = aliases[key] { return .alias(declaration) }
        for other in [BlockKind.party, .programme, .source, .relation] where other != kind {
            if let declaration = visible[DeclarationKey(other, name)] { return .wrongKind(declaration) }
        }
        return .unknown
    }

    /// Every id and alias a reference of `kind` could name, for suggestions.
    public func names(of kind: BlockKind) -> [String] {
        suggestionNames.names(of: kind) {
            visible.keys.filter { $0.kind == kind }.map(\.id) + aliases.keys.filter { $0.kind == kind }.map(\.id)
        }
    }

    /// The name of `kind` closest to the unknown `name` (`DidYouMean`
    /// among `names(of:)`), made once per index.
    public func suggestion(for name: String, as kind: BlockKind) -> String? {
        suggestionNames.suggestion(for: DeclarationKey(kind, name)) {
            DidYouMean.suggestion(for: name, among: names(of: kind))
        }
    }

    /// Visible declarations of a kind, sorted by id.
    public func declarations(of kind: BlockKind) -> [Declaration] {
        visible.filter { $0.key.kind == kind }.map(\.value).sorted { $0.id < $1.id }
    }
}
