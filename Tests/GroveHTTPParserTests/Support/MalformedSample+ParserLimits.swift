import GroveHTTPParser
import GroveTestSupport

/// Small limits so that oversized samples stay small enough to split at every byte
/// (``SmallLimits`` as `HTTPParserLimits`).
let smallLimits = HTTPParserLimits(
    maxRequestLineLength: SmallLimits.maxRequestLineLength,
    maxHeaderBytes: SmallLimits.maxHeaderBytes,
    maxHeaderCount: SmallLimits.maxHeaderCount,
    maxBodySize: SmallLimits.maxBodySize,
    maxChunkExtensionLength: SmallLimits.maxChunkExtensionLength
)

extension MalformedSample {
    /// The parser limits the sample's status assumes.
    var parserLimits: HTTPParserLimits {
        switch limits {
        case .standard: HTTPParserLimits()
        case .small: smallLimits
        }
    }
}
