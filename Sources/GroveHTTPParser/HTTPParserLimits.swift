/// Size limits the parser enforces; every limit answers a specific status when exceeded.
public struct HTTPParserLimits: Hashable, Sendable {
    /// Longest request line, CRLF included (414 beyond). Default 8 KiB.
    public var maxRequestLineLength: Int
    /// Largest head — leading empty lines, request line, fields and the final empty line —
    /// and largest trailer section (431 beyond). Default 16 KiB.
    public var maxHeaderBytes: Int
    /// Most header fields in a head, or trailer fields after a chunked body (431 beyond).
    /// Default 100.
    public var maxHeaderCount: Int
    /// Largest body, as announced by Content-Length or accumulated over chunks (413 beyond).
    /// Default 1 MiB.
    public var maxBodySize: Int
    /// Longest chunk extension, from the end of the chunk size to the CR (400 beyond).
    /// Default 256.
    public var maxChunkExtensionLength: Int

    /// Creates limits; every argument defaults to the documented value.
    public init(
        maxRequestLineLength: Int = 8192,
        maxHeaderBytes: Int = 16384,
        maxHeaderCount: Int = 100,
        maxBodySize: Int = 1 << 20,
        maxChunkExtensionLength: Int = 256
    ) {
        self.maxRequestLineLength = maxRequestLineLength
        self.maxHeaderBytes = maxHeaderBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodySize = maxBodySize
        self.maxChunkExtensionLength = maxChunkExtensionLength
    }
}
