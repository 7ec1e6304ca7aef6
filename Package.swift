// swift-tools-version:6.0
import PackageDescription

// Data flows one way: GridImport → GridStore → GridDomain's Locator → GridAtlas → CLI (and later HTTP).
// GEOS and PROJ sit behind GridGeometry; the Locator on the lookup path is pure Swift.
let package = Package(
    name: "GridAtlas",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gridatlas", targets: ["GridAtlasCLI"]),
        .executable(name: "gridatlas-bench", targets: ["GridBench"]),
        .library(name: "GridAtlas", targets: ["GridAtlas"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .target(
            name: "GridGeometry",
            dependencies: ["CGEOS", "CPROJ"],
            linkerSettings: [.linkedLibrary("m")]
        ),
        .target(name: "GridDomain", dependencies: ["GridGeometry"]),
        .target(name: "GridImport", dependencies: ["GridDomain", "GridGeometry"]),
        .target(name: "GridStore", dependencies: [
            "GridDomain", "GridGeometry",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "GridAtlas", dependencies: ["GridDomain", "GridGeometry", "GridImport", "GridStore"]),
        .target(name: "GridSynth", dependencies: ["GridDomain", "GridGeometry"]),
        .executableTarget(name: "GridAtlasCLI", dependencies: [
            "GridAtlas", "GridSynth",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "GridBench", dependencies: ["GridAtlas", "GridSynth"]),
        .testTarget(name: "GridGeometryTests", dependencies: ["GridGeometry"]),
        .testTarget(name: "GridDomainTests", dependencies: ["GridDomain", "GridSynth"]),
        .testTarget(name: "GridAtlasTests", dependencies: ["GridAtlas", "GridSynth", "GridImport", "GridStore"]),
    ]
)
