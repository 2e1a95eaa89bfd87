// swift-tools-version:6.0
import PackageDescription

/// Generic types' metadata reached through accessor functions, not made at
/// run time from their mangled names: the first use of each concrete type
/// (a `[DeclarationKey: Declaration]`, a `Set<Rule>`) demangled its name
/// and looked up its arguments' conformances in a scan of every
/// conformance record of the executable. That was half the instructions
/// of an empty check (2.6 → 1.5 M; 0.66 ms of its 2.7, docs/performance.md
/// change 225).
let codeSettings: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"]),
]

/// Annal: a plain-text annotation format for relations between states and
/// organisations, and the tools around it.
///
/// Layers depend downward only:
/// AnnalSyntax → AnnalAnalysis → AnnalCommandLine → annal (executable);
/// AnnalJSON (JSON values, writer, parser) and AnnalConcurrency (locks, a
/// dedicated thread and the worker pool, so the executable needs no more of
/// Foundation than FoundationEssentials) are leaf utilities.
let package = Package(
    name: "Annal",
    products: [
        .executable(name: "annal", targets: ["annal"]),
        .library(name: "AnnalSyntax", targets: ["AnnalSyntax"]),
        .library(name: "AnnalAnalysis", targets: ["AnnalAnalysis"]),
        .library(name: "AnnalLanguageServer", targets: ["AnnalLanguageServer"]),
        .library(name: "JSONRPC", targets: ["JSONRPC"]),
        // For the fuzzing package in fuzz/, which can only depend on products.
        .library(name: "AnnalFormat", targets: ["AnnalFormat"]),
        .library(name: "AnnalJSON", targets: ["AnnalJSON"]),
    ],
    dependencies: [],
    targets: [
        .target(name: "AnnalBytes", swiftSettings: codeSettings),
        .target(name: "AnnalSyntax", dependencies: ["AnnalBytes"], swiftSettings: codeSettings),
        // The Linux calls glibc declares only for _GNU_SOURCE (processors,
        // thread names), and an atomic word, for AnnalConcurrency.
        .target(name: "CAnnalScheduling"),
        .target(name: "AnnalConcurrency", dependencies: ["CAnnalScheduling"], swiftSettings: codeSettings),
        // The executable's exit, which leaves the freeing of its memory to
        // a process that shares it (CAnnalProcess.h).
        .target(name: "CAnnalProcess"),
        .target(
            name: "AnnalAnalysis",
            dependencies: ["AnnalBytes", "AnnalSyntax", "AnnalConcurrency"],
            exclude: ["Catalogue/catalogue.annal"],
            swiftSettings: codeSettings
        ),
        .target(name: "AnnalJSON", dependencies: ["AnnalBytes"], swiftSettings: codeSettings),
        .target(name: "JSONRPC", dependencies: ["AnnalJSON", "AnnalConcurrency"], swiftSettings: codeSettings),
        .target(name: "AnnalFileSystem", dependencies: ["AnnalBytes", "AnnalSyntax", "AnnalAnalysis", "AnnalConcurrency"], swiftSettings: codeSettings),
        .target(name: "AnnalFormat", dependencies: ["AnnalBytes", "AnnalSyntax", "AnnalAnalysis"], swiftSettings: codeSettings),
        .target(name: "AnnalExport", dependencies: ["AnnalSyntax", "AnnalAnalysis", "AnnalJSON"], swiftSettings: codeSettings),
        .target(
            name: "AnnalLanguageServer",
            dependencies: ["AnnalBytes", "AnnalSyntax", "AnnalAnalysis", "AnnalJSON", "AnnalFileSystem", "AnnalFormat", "JSONRPC", "AnnalConcurrency"],
            swiftSettings: codeSettings
        ),
        .target(
            name: "AnnalCommandLine",
            dependencies: ["AnnalBytes", "AnnalSyntax", "AnnalAnalysis", "AnnalJSON", "AnnalFileSystem", "AnnalFormat", "AnnalLanguageServer", "JSONRPC", "AnnalExport", "AnnalConcurrency"],
            swiftSettings: codeSettings
        ),
        .executableTarget(
            name: "annal",
            dependencies: ["AnnalCommandLine", "CAnnalProcess"],
            swiftSettings: codeSettings,
            // A release build on Linux is one static executable, C and C++
            // libraries included: no loader relocating libstdc++ and the
            // rest at every start (`annal --version` 2.3 → 1.2 ms), and a
            // binary that runs away from the toolchain. It calls nothing
            // that needs glibc's loadable modules (user, group and host
            // look-ups; docs/performance.md change 133).
            linkerSettings: [.unsafeFlags(["-static-executable"], .when(platforms: [.linux], configuration: .release))]
        ),
        .target(name: "AnnalTestSupport", path: "Tests/AnnalTestSupport"),
        .testTarget(name: "AnnalBytesTests", dependencies: ["AnnalBytes", "AnnalTestSupport"]),
        .testTarget(name: "AnnalSyntaxTests", dependencies: ["AnnalSyntax", "AnnalTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "AnnalFormatTests",
            dependencies: ["AnnalFormat", "AnnalSyntax", "AnnalAnalysis", "AnnalTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "AnnalAnalysisTests", dependencies: ["AnnalSyntax", "AnnalAnalysis", "AnnalTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "AnnalLanguageServerTests",
            dependencies: ["AnnalLanguageServer", "AnnalSyntax", "AnnalAnalysis", "AnnalJSON", "JSONRPC", "AnnalTestSupport"]
        ),
        .testTarget(
            name: "AnnalCommandLineTests",
            dependencies: ["AnnalCommandLine", "annal", "AnnalTestSupport", "CAnnalProcess"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "JSONRPCTests", dependencies: ["JSONRPC", "AnnalJSON"]),
        .testTarget(name: "AnnalFileSystemTests", dependencies: ["AnnalFileSystem", "AnnalTestSupport"]),
        .testTarget(name: "AnnalConcurrencyTests", dependencies: ["AnnalConcurrency"]),
        .testTarget(
            name: "AnnalExportTests",
            dependencies: ["AnnalExport", "AnnalAnalysis", "AnnalJSON", "AnnalCommandLine", "AnnalTestSupport"],
            exclude: ["Fixtures"]
        ),
    ]
)
