// swift-tools-version:5.4
// The fuzzing harnesses: a package of its own, so that the root package's
// `swift build` and `swift test` never see it. The tools version must stay
// below 5.5: from 5.5 on, SwiftPM renames an executable's entry point and
// libFuzzer's `main` is never called (see docs/reliability.md).
// Build and run with `fuzz/run`.
import PackageDescription

let package = Package(
    name: "AnnalFuzz",
    dependencies: [.package(name: "Annal", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [
            .product(name: "AnnalSyntax", package: "Annal"),
            .product(name: "AnnalAnalysis", package: "Annal"),
        ]),
        .executableTarget(name: "FuzzParser", dependencies: [
            "FuzzSupport",
            .product(name: "AnnalSyntax", package: "Annal"),
        ]),
        .executableTarget(name: "FuzzFormatter", dependencies: [
            "FuzzSupport",
            .product(name: "AnnalSyntax", package: "Annal"),
            .product(name: "AnnalAnalysis", package: "Annal"),
            .product(name: "AnnalFormat", package: "Annal"),
        ]),
        .executableTarget(name: "FuzzDates", dependencies: [
            "FuzzSupport",
            .product(name: "AnnalAnalysis", package: "Annal"),
        ]),
        .executableTarget(name: "FuzzQuoteMatcher", dependencies: [
            "FuzzSupport",
            .product(name: "AnnalAnalysis", package: "Annal"),
        ]),
        .executableTarget(name: "FuzzJSONRPC", dependencies: [
            "FuzzSupport",
            .product(name: "AnnalJSON", package: "Annal"),
            .product(name: "JSONRPC", package: "Annal"),
        ]),
    ]
)
