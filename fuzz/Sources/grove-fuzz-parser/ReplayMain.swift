#if !GROVE_FUZZING
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Without `-sanitize=fuzzer` (a normal `swift build`), the target is a replayer: it runs
/// the fuzz entry point once on each file named on the command line, e.g. a crash
/// artifact from `fuzz-out/`.
@main
struct ReplayMain {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let file = fopen(path, "rb") else {
                print("cannot open \(path)")
                exit(2)
            }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let read = fread(&buffer, 1, buffer.count, file)
                if read <= 0 { break }
                bytes += buffer[0..<read]
            }
            fclose(file)
            bytes.withUnsafeBytes { ParserFuzzer.run($0) }
            print("ok \(path) (\(bytes.count) bytes)")
        }
    }
}
#endif
