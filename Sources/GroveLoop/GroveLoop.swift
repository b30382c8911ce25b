import CLibUV
/// The libuv version Grove runs on, e.g. "1.44.2".
public var libuvVersion: String { String(cString: uv_version_string()) }
