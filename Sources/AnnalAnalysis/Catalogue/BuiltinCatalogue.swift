/// The built-in catalogue: the programmes and parties of the domain, in
/// English and French with their aliases, shipped inside the tool as an
/// ordinary `.annal` file (`catalogue.annal`, embedded by
/// `scripts/embed-resources`). Workspace declarations with the same id
/// override its entries.
public enum BuiltinCatalogue {
    /// The path under which catalogue declarations are reported.
    public static let path = "<builtin>/catalogue.annal"

    /// The catalogue parsed and lowered, once.
    public static let analysis = FileAnalysis(path: path, text: text)
}
