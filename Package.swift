// swift-tools-version:6.0
import Foundation
import PackageDescription

// How `hallway` is linked (docs/PERFORMANCE.md, "a start's code placed together"): by lld, with
// relative relocations packed (DT_RELR, glibc 2.36), and the code a start runs placed together
// in the order `scripts/startup-order` writes. The kernel maps the code pages around each one a
// start touches; spread over 17.8 MB of code, a start kept 8 MB of it resident.
let startupOrder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("linker/startup.order").path
let startupLinking: [String] = [
    "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
    "-Xlinker", "--symbol-ordering-file=\(startupOrder)", "-Xlinker", "--no-warn-symbol-ordering",
]

// How Hallway's code finds the metadata of a generic type it uses (`[ViewKind: [GroupRow]]`,
// `Set<Pane>`): through an accessor that hands the runtime the type's conformances, rather than
// by a mangled name the runtime decodes at first use, looking each conformance up by scanning all
// 5,800 of the binary's conformance records (docs/PERFORMANCE.md, "What every start pays").
let metadataAccess: SwiftSetting = .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"])

let package = Package(
    name: "Hallway",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hallway", targets: ["hallway"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The only bridge to libncursesw; see Sources/CNcursesw/shim.h for why it defines NCURSES_WIDECHAR.
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // libxml2's streaming reader, for frab XML (docs/FORMATS.md says why it was chosen). Its
        // headers only: the library is opened with dlopen when an XML file is read (LibXML2.swift),
        // so no pkg-config entry here, which would link it into every start. The headers' folder
        // is given to ScheduleKit below (Debian's libxml2-dev puts them there, as pkg-config says).
        .systemLibrary(
            name: "CLibxml2",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "ScheduleKit",
            dependencies: ["CLibxml2"],
            // Compiled into the binary so a lone copy of `hallway` still opens the bundled program
            // and checks files against the schema. Both are links to data/: one copy of each.
            resources: [.embedInCode("Resources/istiocon-china-2023.json"), .embedInCode("Resources/hallway-schedule.schema.json")],
            swiftSettings: [.unsafeFlags(["-Xcc", "-I/usr/include/libxml2"]), metadataAccess]
        ),
        // libqrencode, for the kiosk's hand-off of a talk's link to a phone.
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        // One HTTP GET through libcurl, opened with dlopen on first use (see hallway_fetch.c for why);
        // needs curl's headers (Debian's libcurl4-openssl-dev) to build, and libcurl4 to fetch.
        .target(name: "CCurl"),
        // Schedules from a URL, kept on disk.
        .target(name: "ScheduleRemote", dependencies: ["ScheduleKit", "CCurl"], swiftSettings: [metadataAccess]),
        .target(name: "HallwayUI", dependencies: ["ScheduleKit", "CQRencode"], swiftSettings: [metadataAccess]),
        // Nettle's SHA-256, which names a served visitor's folder after their SSH key (Serving).
        // Its header only: the library is opened with dlopen by `hallway serve` (Nettle.swift), so
        // no pkg-config entry, which would link it into every start.
        .systemLibrary(
            name: "CNettle",
            providers: [.apt(["nettle-dev"])]
        ),
        // Being served over SSH: who the visitor is, what they may ask for (docs/SERVING.md).
        .target(name: "Serving", dependencies: ["ScheduleKit", "CNettle"], swiftSettings: [metadataAccess]),
        .target(name: "TerminalCurses", dependencies: ["CNcursesw", "HallwayUI", "ScheduleKit"], swiftSettings: [metadataAccess]),
        .executableTarget(
            name: "hallway",
            dependencies: [
                "ScheduleKit", "ScheduleRemote", "HallwayUI", "TerminalCurses", "Serving",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [metadataAccess],
            linkerSettings: [.unsafeFlags(startupLinking)]
        ),
        // Synthetic programs and search measurements; see docs/PERFORMANCE.md.
        .executableTarget(
            name: "hallway-bench",
            dependencies: ["ScheduleKit", "HallwayUI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // libFuzzer's target over every reader (scripts/fuzz builds it with the sanitizers);
        // built plainly, it replays inputs given as arguments.
        .executableTarget(
            name: "hallway-fuzz",
            dependencies: ["ScheduleKit"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        // Helpers the test suites share: QR decoding with zbarimg, the fixtures in ../shared, a schedule server on 127.0.0.1.
        .target(name: "TestSupport", path: "Tests/Support", exclude: ["schedule-server.py", "schema-mutants.py", "job-control.py", "window-size.py", "answering-terminal.py", "sshd-config.py"]),
        .testTarget(name: "ScheduleKitTests", dependencies: ["ScheduleKit", "ScheduleRemote", "Serving", "TestSupport"]),
        // Snapshots are read from the source tree (Tests/HallwayUITests/Snapshots) so HALLWAY_UPDATE_SNAPSHOTS=1 can rewrite them.
        // Sets a UTF-8 locale as the test binary loads, as the terminal layer does at start-up.
        .target(name: "CTestLocale", path: "Tests/Locale"),
        .testTarget(name: "HallwayUITests", dependencies: ["HallwayUI", "ScheduleKit", "TestSupport", "CTestLocale"], exclude: ["Snapshots", "Programs"]),
        .testTarget(name: "EndToEndTests", dependencies: ["ScheduleKit", "TestSupport"]),
    ]
)
