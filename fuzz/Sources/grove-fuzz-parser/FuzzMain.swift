#if GROVE_FUZZING
/// libFuzzer's driver, which parses libFuzzer's flags and calls the callback per input.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point as `<module>_main` and aliases `main` to it, so
/// libFuzzer's own `main` cannot be used; this entry hands control to libFuzzer's driver.
@_cdecl("grove_fuzz_parser_main")
func fuzzMain(
    _ argc: CInt,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var argc = argc
    var argv = argv
    return runFuzzerDriver(&argc, &argv) { data, size in
        fuzzParserOneInput(data, size)
    }
}
#endif
