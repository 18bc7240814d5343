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
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    ],
    targets: [
        // Targets by dependency weight, as swift-nio splits NIOCore/NIOPosix. Imports point one way:
        // model <- storage <- session <- UI <- terminal <- executable; exchange and the database beside storage.
        // The domain, the store and its operations, queries and validation: Foundation only.
        .target(name: "CrisisModel"),
        // The data directory: journal, snapshots, fast JSON, locks, presence, last-seen.
        .target(name: "CrisisStorage", dependencies: ["CrisisModel"]),
        // CSV, vCard, imports, exports and reports.
        .target(name: "CrisisExchange", dependencies: ["CrisisModel", "CrisisStorage", .product(name: "CSV", package: "CSV.swift")]),
        // Hazard alerts, travel advice, disasters and news from the world's feeds, read strictly: Foundation only.
        .target(name: "CrisisFeeds", dependencies: ["CrisisModel"]),
        // Fetching them: AsyncHTTPClient (conditional requests, gzip, deadlines, a size cap), off the console's thread.
        .target(name: "CrisisFeedFetch", dependencies: [
            "CrisisModel", "CrisisStorage", "CrisisFeeds",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
        ]),
        // The shared store on PostgreSQL: the same operations, the network kept out of the model.
        .target(name: "CrisisPostgres", dependencies: [
            "CrisisModel", "CrisisStorage",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // What both loops (the console and the line mode) share: saving, waiting changes, last-seen, presence,
        // links, import preparation. Tested without a terminal.
        .target(name: "CrisisSession", dependencies: ["CrisisModel", "CrisisStorage", "CrisisExchange"]),
        // App state, reducer and render(state, size) -> ScreenBuffer: pure, testable without a TTY.
        .target(name: "CrisisUI", dependencies: ["CrisisModel", "CrisisStorage", "CrisisSession", .product(name: "TOMLKit", package: "TOMLKit")]),
        // The only place ncurses is seen.
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw",
                       providers: [.apt(["libncursesw5-dev"])]),
        .target(name: "CrisisTerminal", dependencies: ["CNcursesw", "CrisisUI"]),
        .executableTarget(name: "crisiscell", dependencies: [
            "CrisisModel", "CrisisStorage", "CrisisExchange", "CrisisSession", "CrisisUI", "CrisisTerminal", "CrisisPostgres",
            "CrisisFeeds", "CrisisFeedFetch", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], plugins: ["BuildInfo"]),
        // The commit the program is built from, for --version.
        .plugin(name: "BuildInfo", capability: .buildTool()),
        // A private PostgreSQL cluster for tests and benchmarks (initdb, pg_ctl, runuser): never in the binary.
        .target(name: "CrisisTesting"),
        .executableTarget(name: "crisiscell-bench", dependencies: [
            "CrisisModel", "CrisisStorage", "CrisisExchange", "CrisisUI", "CrisisPostgres", "CrisisTesting", "CrisisFeeds",
            "CrisisFeedFetch",
        ]),
        .target(name: "TestSupport", dependencies: [
            "CrisisModel", "CrisisStorage", "CrisisExchange", "CrisisSession", "CrisisUI", "CrisisPostgres", "CrisisTesting",
        ], path: "Tests/TestSupport"),
        .testTarget(name: "CrisisModelTests", dependencies: ["CrisisModel", "CrisisStorage", "CrisisExchange", "TestSupport"]),
        .testTarget(name: "CrisisStorageTests", dependencies: ["CrisisModel", "CrisisStorage", "CrisisExchange", "CrisisPostgres", "TestSupport"],
                    exclude: ["Fixtures"]),
        .testTarget(
            name: "CrisisFeedsTests",
            dependencies: ["CrisisFeeds", "CrisisFeedFetch", "CrisisModel", "CrisisExchange", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "CrisisExchangeTests", dependencies: ["CrisisModel", "CrisisStorage", "CrisisExchange", "TestSupport"]),
        .testTarget(name: "CrisisSessionTests", dependencies: ["CrisisModel", "CrisisStorage", "CrisisExchange", "CrisisSession", "TestSupport"]),
        .testTarget(name: "CrisisUITests", dependencies: ["CrisisUI", "CrisisModel", "CrisisStorage", "CrisisExchange", "CrisisSession", "TestSupport"], exclude: ["Goldens"]),
        .testTarget(name: "EndToEndTests", dependencies: ["CrisisModel", "CrisisStorage", "CrisisPostgres", "CrisisTesting", "TestSupport"]),
        .testTarget(name: "CrisisPostgresTests", dependencies: [
            "CrisisPostgres", "CrisisModel", "CrisisStorage", "CrisisTesting", "TestSupport",
        ], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)
