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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        .systemLibrary(name: "CGEOS", pkgConfig: "geos", providers: [.apt(["libgeos-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .target(
            name: "GridGeometry",
            dependencies: ["CGEOS", "CPROJ"],
            linkerSettings: [.linkedLibrary("m")]
        ),
        // A prefetch hint for the Locator's batch path (Swift has no spelling for it).
        .target(name: "CPrefetch"),
        .target(name: "GridDomain", dependencies: ["GridGeometry", "CPrefetch"]),
        .target(name: "GridImport", dependencies: ["GridDomain", "GridGeometry"]),
        // Planners' algorithms (topology checks, repairs, edits, diffs, balance) on plain units: no store, no I/O.
        .target(name: "GridPlanning", dependencies: ["GridDomain", "GridGeometry"]),
        // GeoPackage (OGC 12-128) export and import: a SQLite file QGIS and GDAL open directly.
        .target(name: "GridGeoPackage", dependencies: [
            "GridDomain", "GridGeometry", "GridImport",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "GridStore", dependencies: [
            "GridDomain", "GridGeometry",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .target(name: "GridAtlas", dependencies: [
            "GridDomain", "GridGeometry", "GridImport", "GridStore", "GridPlanning", "GridGeoPackage",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "GridServer", dependencies: [
            "GridAtlas", "GridDomain", "GridGeometry", "GridImport", "GridStore", "GridPlanning", "GridGeoPackage",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ], resources: [.copy("Resources/openapi.json"), .copy("Resources/console")]),
        .target(name: "GridSynth", dependencies: ["GridDomain", "GridGeometry"]),
        .executableTarget(name: "GridAtlasCLI", dependencies: [
            "GridAtlas", "GridSynth", "GridServer", "GridPlanning", "GridGeoPackage",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "GridBench", dependencies: ["GridAtlas", "GridSynth", "GridPlanning", "GridGeoPackage", "GridImport"]),
        .testTarget(name: "GridGeometryTests", dependencies: ["GridGeometry"]),
        .testTarget(name: "GridPlanningTests", dependencies: ["GridPlanning", "GridDomain", "GridGeometry", "GridSynth", "GridImport"]),
        .testTarget(name: "GridDomainTests", dependencies: ["GridDomain", "GridSynth"]),
        .testTarget(name: "GridImportTests", dependencies: ["GridImport", "GridDomain", "GridGeometry"]),
        .testTarget(name: "GridAtlasTests", dependencies: ["GridAtlas", "GridSynth", "GridImport", "GridStore", "GridPlanning", "GridGeoPackage"]),
        .testTarget(name: "GridGeoPackageTests", dependencies: [
            "GridGeoPackage", "GridImport", "GridDomain", "GridGeometry",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "GridServerTests", dependencies: [
            "GridServer", "GridAtlas", "GridStore", "GridPlanning", "GridSynth", "GridImport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
    ]
)
