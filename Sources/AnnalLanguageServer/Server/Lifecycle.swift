import AnnalAnalysis
import AnnalJSON
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import JSONRPC

/// `initialize` and `initialized`: capabilities, folders, file watching.
extension LanguageServer {
    static let serverVersion = "0.1.0"

    func initialize(_ params: JSONValue?) -> Result<JSONValue, JSONRPCError> {
        let capabilities = ClientCapabilities(params?["capabilities"] ?? .object([]))
        state.capabilities = capabilities
        state.encoding = capabilities.positionEncoding
        let trace = params?["trace"]?.stringValue
        state.traceVerbose = trace == "verbose" || trace == "messages"

        var roots: [String] = []
        if let folders = params?["workspaceFolders"]?.arrayValue {
            roots = folders.compactMap { $0["uri"]?.stringValue.flatMap(DocumentURI.path) }
        }
        if roots.isEmpty, let rootURI = params?["rootUri"]?.stringValue, let path = DocumentURI.path(rootURI) {
            roots = [path]
        }
        if roots.isEmpty, let rootPath = params?["rootPath"]?.stringValue, rootPath.hasPrefix("/") {
            roots = [rootPath]
        }
        state.folders = roots.map { FolderState(root: URL(fileURLWithPath: $0)) }
        state.lifecycle = .running
        if let processID = params?["processId"]?.intValue, processID > 0 {
            watchParent(Int32(clamping: processID))
        }

        var serverCapabilities: [(String, JSONValue)] = [
            ("positionEncoding", .string(state.encoding.rawValue)),
            ("textDocumentSync", .object([
                ("openClose", true),
                ("change", 2), // incremental
                ("save", .object([("includeText", false)])),
            ])),
            ("workspace", .object([
                ("workspaceFolders", .object([("supported", true), ("changeNotifications", true)])),
            ])),
        ]
        if usesPullDiagnostics(capabilities) {
            serverCapabilities.append(("diagnosticProvider", .object([
                ("identifier", "annal"),
                ("interFileDependencies", true),
                ("workspaceDiagnostics", true),
            ])))
        }
        for feature in Features.all {
            serverCapabilities.append(contentsOf: feature.capabilities(for: capabilities))
        }
        return .success(.object([
            ("capabilities", .object(serverCapabilities)),
            ("serverInfo", .object([("name", "annal"), ("version", .string(Self.serverVersion))])),
        ]))
    }

    /// Exits (code 1) when the client process that started the server dies
    /// without saying goodbye, so no orphan server keeps running.
    func watchParent(_ processID: Int32) {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
        timer.schedule(deadline: .now() + 3, repeating: 3)
        timer.setEventHandler { [onExit = self.exitHandler] in
            if kill(processID, 0) == -1 && errno == ESRCH { onExit(1) }
        }
        timer.resume()
        parentWatch = timer
    }

    /// Pull diagnostics when the client offers them; push otherwise, never both.
    func usesPullDiagnostics(_ capabilities: ClientCapabilities) -> Bool {
        capabilities.value("textDocument", "diagnostic") != nil
    }

    func initialized() {
        if state.capabilities.supports("workspace", "didChangeWatchedFiles", "dynamicRegistration") {
            let registration: JSONValue = .object([("registrations", .array([.object([
                ("id", "annal-watched-files"),
                ("method", "workspace/didChangeWatchedFiles"),
                ("registerOptions", .object([("watchers", .array([
                    .object([("globPattern", "**/*.annal")]),
                    .object([("globPattern", "**/annal.toml")]),
                    .object([("globPattern", "**/*.{txt,md,html,htm,xml}")]),
                ]))])),
            ])]))])
            client.request("client/registerCapability", registration) { result in
                if case .failure(let error) = result {
                    self.stateQueue.async { self.log("file watching not registered: \(error.message)", type: 2) }
                }
            }
        }
        indexWorkspace()
    }

    func didChangeWorkspaceFolders(_ params: JSONValue?) {
        let event = params?["event"]
        let removed = Set((event?["removed"]?.arrayValue ?? []).compactMap { $0["uri"]?.stringValue.flatMap(DocumentURI.path) })
        let removedFolders = state.folders.filter { removed.contains($0.root.path) }
        state.folders.removeAll { removed.contains($0.root.path) }
        for folder in removedFolders {
            for path in folder.workspace.files.keys {
                clearPublished(uri: DocumentURI.uri(forPath: folder.absolutePath(of: path)))
            }
        }
        let added = (event?["added"]?.arrayValue ?? []).compactMap { $0["uri"]?.stringValue.flatMap(DocumentURI.path) }
        for path in added where !state.folders.contains(where: { $0.root.path == URL(fileURLWithPath: path).resolvingSymlinksInPath().path }) {
            state.folders.append(FolderState(root: URL(fileURLWithPath: path)))
        }
        if !added.isEmpty { indexWorkspace() } else { scheduleDiagnostics() }
    }
}
