// swift-tools-version: 6.0
import PackageDescription

/// Release builds of the numeric code use AVX2/FMA on x86-64 (Haswell, 2013, and later). They keep
/// Swift's bounds and overflow checks (-O, not -Ounchecked): malformed input must trap, not corrupt
/// memory, and the checks cost under 5% of an MLP epoch here. `-fno-math-errno` lets the stdlib's square root
/// (a C shim imported through clang) become one vector instruction instead of a guarded libm call.
#if arch(x86_64)
    let vectorUnits = ["-target-cpu", "haswell", "-Xcc", "-fno-math-errno"]
#else
    let vectorUnits: [String] = []
#endif
let releaseTuning: [SwiftSetting] = [.unsafeFlags(vectorUnits, .when(configuration: .release))]

/// `make fuzz` sets DL_FUZZ to add `dlfuzz`, a libFuzzer target over the language. It exists only
/// then, because it links libFuzzer (-sanitize=fuzzer), which a normal build must not need.
let fuzzing = Context.environment["DL_FUZZ"] != nil

let package = Package(
    name: "DL",
    products: [
        .library(name: "DLCore", targets: ["DLCore"]),
        .library(name: "DLScript", targets: ["DLScript"]),
        .executable(name: "dlkernel", targets: ["Kernel"]),
        .executable(name: "dlrepl", targets: ["dlrepl"]),
        .executable(name: "dlbench", targets: ["dlbench"]),
    ],
    dependencies: [
        // Command-line parsing for dlrepl and dlkernel (a local copy of the package is on the machine).
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // HMAC-SHA256 message signatures for the kernel (4.x: its SymmetricKey is Sendable).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // C libraries from Debian packages, each behind a module map with a shim header (no pkg-config).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CZeroMQ", path: "Sources/CZeroMQ"),
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .systemLibrary(name: "CMPI", path: "Sources/CMPI"),

        // Apple platforms use Accelerate's CBLAS instead of OpenBLAS (not built on this project's machines).
        .target(
            name: "DLCore", dependencies: [.target(name: "CBLAS", condition: .when(platforms: [.linux])), "CZlib"],
            swiftSettings: releaseTuning, linkerSettings: [.linkedFramework("Accelerate", .when(platforms: [.macOS, .iOS]))]),
        .target(name: "DLScript", dependencies: ["DLCore", "CZlib"]),
        // Data-parallel training over Open MPI, for a front end that mpirun may launch.
        .target(name: "DLMPI", dependencies: ["DLCore", "CMPI"]),
        // The Jupyter wire format (messages, signatures, connection files), a library of its own
        // inside the kernel's folder so that the wire fuzzer can link it.
        .target(
            name: "JupyterWire", dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            path: "Sources/Kernel/Wire"),
        // -enable-testing: KernelTests check the protocol's internals (signing, frames) in release builds too.
        .executableTarget(
            name: "Kernel",
            dependencies: [
                "DLScript", "JupyterWire", "CZeroMQ", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["Wire"], swiftSettings: [.unsafeFlags(["-enable-testing"])]),
        .executableTarget(
            name: "dlrepl",
            dependencies: [
                "DLScript", "DLMPI", "CReadline", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "dlbench", dependencies: ["DLCore", "DLMPI", "CBLAS"], swiftSettings: releaseTuning),

        .testTarget(name: "DLCoreTests", dependencies: ["DLCore"], exclude: ["Python"]),
        .testTarget(name: "DLScriptTests", dependencies: ["DLScript", "CZlib"], exclude: ["Scripts"]),
        // Runs the dlrepl executable itself (built because the target depends on it).
        .testTarget(name: "DLReplTests", dependencies: ["dlrepl", "DLScript"]),
        .testTarget(name: "KernelTests", dependencies: ["Kernel", "JupyterWire"]),
    ]
)

if fuzzing {
    package.products.append(.executable(name: "dlfuzz", targets: ["dlfuzz"]))
    package.targets.append(
        .executableTarget(
            name: "dlfuzz", dependencies: ["DLScript", "JupyterWire"],
            linkerSettings: [.unsafeFlags(["-sanitize=fuzzer", "-use-ld=lld"])]))
}
