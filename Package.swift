// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "CrisisCell",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "crisiscell", targets: ["crisiscell"]),
        .executable(name: "crisiscell-bench", targets: ["crisiscell-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Pure model, store and persistence: Foundation only, no terminal.
        .target(name: "CrisisCore", dependencies: [.product(name: "CSV", package: "CSV.swift")]),
        // App state, reducer and render(state, size) -> ScreenBuffer: pure, testable without a TTY.
        .target(name: "CrisisUI", dependencies: ["CrisisCore", .product(name: "TOMLKit", package: "TOMLKit")]),
        // The only place ncurses is seen.
        // The shared store on PostgreSQL: the same operations, the network kept out of CrisisCore.
        .target(name: "CrisisPostgres", dependencies: [
            "CrisisCore",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw",
                       providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "CrisisTerminal", dependencies: ["CNcursesw", "CrisisUI"]),
        .executableTarget(name: "crisiscell", dependencies: [
            "CrisisCore", "CrisisUI", "CrisisTerminal", "CrisisPostgres",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "crisiscell-bench", dependencies: ["CrisisCore", "CrisisUI", "CrisisPostgres"]),
        .target(name: "TestSupport", dependencies: ["CrisisCore", "CrisisUI", "CrisisPostgres"], path: "Tests/TestSupport"),
        .testTarget(name: "CrisisCoreTests", dependencies: ["CrisisCore", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CrisisUITests", dependencies: ["CrisisUI", "CrisisCore", "TestSupport"], exclude: ["Goldens"]),
        .testTarget(name: "EndToEndTests", dependencies: ["CrisisCore", "CrisisPostgres", "TestSupport"]),
        .testTarget(name: "CrisisPostgresTests", dependencies: ["CrisisPostgres", "CrisisCore", "TestSupport"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
