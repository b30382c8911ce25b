import ArgumentParser
import GroveHTTP
import GroveHTTPParser

/// The HTTP layer's limits and timeouts as options of `grove serve` (`--http-…`); in the
/// configuration file they may be written as an `http:` section (`http: {max-body-size: 1m}`).
/// Every one is an ``HTTPServerConfiguration`` field; the defaults are its defaults.
public struct HTTPLimitOptions: ParsableArguments, Sendable {
    /// ``HTTPParserLimits/maxRequestLineLength``.
    @Option(name: .customLong("http-max-request-line"), help: "Longest request line (414 beyond).")
    public var maxRequestLine = ByteCount(8 << 10)

    /// ``HTTPParserLimits/maxHeaderBytes``.
    @Option(name: .customLong("http-max-header-bytes"), help: "Largest request head or trailer section (431 beyond).")
    public var maxHeaderBytes = ByteCount(16 << 10)

    /// ``HTTPParserLimits/maxHeaderCount``.
    @Option(name: .customLong("http-max-header-count"), help: "Most header fields in a request (431 beyond).")
    public var maxHeaderCount = 100

    /// ``HTTPParserLimits/maxBodySize``.
    @Option(name: .customLong("http-max-body-size"), help: "Largest request body (413 beyond).")
    public var maxBodySize = ByteCount(1 << 20)

    /// ``HTTPParserLimits/maxChunkExtensionLength``.
    @Option(name: .customLong("http-max-chunk-extension"), help: "Longest chunk extension of a chunked body (400 beyond).")
    public var maxChunkExtension = ByteCount(256)

    /// ``HTTPServerConfiguration/maxDiscardedBodyBytes``.
    @Option(name: .customLong("http-max-discarded-body"),
            help: "Unread request body still read and discarded to keep the connection (more closes it).")
    public var maxDiscardedBody = ByteCount(64 << 10)

    /// ``HTTPServerConfiguration/headerTimeout``.
    @Option(name: .customLong("http-header-timeout"), help: "Seconds from a request's first byte to its complete head (408 beyond).")
    public var headerTimeout: Double = 10

    /// ``HTTPServerConfiguration/bodyTimeout``.
    @Option(name: .customLong("http-body-timeout"), help: "Longest wait in seconds for the next piece of a request body (408 beyond).")
    public var bodyTimeout: Double = 30

    /// ``HTTPServerConfiguration/idleTimeout``.
    @Option(name: .customLong("http-idle-timeout"), help: "Seconds a keep-alive connection may sit idle between requests.")
    public var idleTimeout: Double = 60

    /// ``HTTPServerConfiguration/drainIdleGrace``.
    @Option(name: .customLong("http-drain-idle-grace"),
            help: "During a drain, seconds a keep-alive connection must have been idle before it is closed.")
    public var drainIdleGrace: Double = 0.1

    /// ``HTTPServerConfiguration/timerResolution``.
    @Option(name: .customLong("http-timer-resolution"), help: "Seconds between checks of connection deadlines.")
    public var timerResolution: Double = 0.05

    /// ``HTTPServerConfiguration/idleParkDelay``.
    @Option(name: .customLong("http-idle-park-delay"),
            help: "Seconds a keep-alive connection may idle before it gives up its task (never less than the drain idle grace).")
    public var idleParkDelay: Double = 0.1

    /// The defaults.
    public init() {}

    /// Checks every value; throws a `ValidationError` naming the option.
    public func validate() throws {
        for (name, size) in [("--http-max-request-line", maxRequestLine), ("--http-max-header-bytes", maxHeaderBytes),
                             ("--http-max-body-size", maxBodySize)] where size.bytes < 1 {
            throw ValidationError("\(name) must be at least 1 byte")
        }
        guard maxHeaderCount >= 1 else { throw ValidationError("--http-max-header-count must be at least 1") }
        for (name, seconds) in [("--http-header-timeout", headerTimeout), ("--http-body-timeout", bodyTimeout),
                                ("--http-idle-timeout", idleTimeout), ("--http-timer-resolution", timerResolution),
                                ("--http-idle-park-delay", idleParkDelay)] {
            try OptionSeconds.check(name, seconds)
        }
        try OptionSeconds.check("--http-drain-idle-grace", drainIdleGrace, allowZero: true)
    }

    /// The HTTP configuration these options describe.
    public var configuration: HTTPServerConfiguration {
        HTTPServerConfiguration(
            parserLimits: HTTPParserLimits(
                maxRequestLineLength: maxRequestLine.bytes,
                maxHeaderBytes: maxHeaderBytes.bytes,
                maxHeaderCount: maxHeaderCount,
                maxBodySize: maxBodySize.bytes,
                maxChunkExtensionLength: maxChunkExtension.bytes
            ),
            headerTimeout: OptionSeconds.duration(headerTimeout),
            bodyTimeout: OptionSeconds.duration(bodyTimeout),
            idleTimeout: OptionSeconds.duration(idleTimeout),
            drainIdleGrace: OptionSeconds.duration(drainIdleGrace),
            maxDiscardedBodyBytes: maxDiscardedBody.bytes,
            timerResolution: OptionSeconds.duration(timerResolution),
            idleParkDelay: OptionSeconds.duration(idleParkDelay)
        )
    }
}
