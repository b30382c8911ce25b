import HTTPTypes

/// What to do with one field after its role-specific checks.
enum FieldDisposition {
    /// Accept it.
    case keep
    /// Reject the message.
    case reject(HTTPParseError.Code)
}

/// The field lines of a complete head or trailer section (RFC 9112 §5):
/// `field-name ":" OWS field-value OWS CRLF`. ``check(_:lines:inspect:)`` validates them
/// without building anything; ``build(_:lines:fieldCount:omittingHost:)`` turns checked
/// lines into `HTTPFields` when someone asks for them.
enum FieldSection {
    /// Checks the lines in `buffer[lines]` (each ending in CRLF, as the scan checked), asking
    /// `inspect` about each field's role and trimmed value; nil when they are all acceptable.
    static func check(
        _ buffer: UnsafeRawBufferPointer,
        lines: Range<Int>,
        inspect: (FieldRole, UnsafeRawBufferPointer) -> FieldDisposition
    ) -> HTTPParseError? {
        var lineStart = lines.lowerBound
        while lineStart < lines.upperBound {
            // Lines were checked by the scan; checked again in case the kept bytes changed.
            guard let lf = ASCII.firstIndex(of: ASCII.lf, in: buffer, from: lineStart, to: lines.upperBound),
                lf > lineStart + 1, buffer[lf - 1] == ASCII.cr
            else {
                return HTTPParseError(.invalidLineEnding)
            }
            let line = buffer.slice(lineStart..<lf - 1)
            lineStart = lf + 1
            switch parseLine(line) {
            case .failure(let error):
                return error
            case .success(let field):
                if case .reject(let code) = inspect(KnownFieldName.role(of: field.name), field.value) {
                    return HTTPParseError(code)
                }
            }
        }
        return nil
    }

    /// Builds the fields of `buffer[lines]`, lines that ``check(_:lines:inspect:)`` accepted;
    /// with `omittingHost`, Host is left out and its value returned instead (it becomes the
    /// request's authority, as swift-http-types expects).
    static func build(
        _ buffer: UnsafeRawBufferPointer,
        lines: Range<Int>,
        fieldCount: Int,
        omittingHost: Bool
    ) -> (fields: HTTPFields, host: String?) {
        var fields = HTTPFields()
        var host: String?
        // A lone field is usually Host, which is omitted: reserving would allocate for nothing.
        if fieldCount > 1 { fields.reserveCapacity(fieldCount) }
        var lineStart = lines.lowerBound
        // Checked lines always end in CRLF and split; anything else ends or skips, never traps.
        while lineStart < lines.upperBound,
            let lf = ASCII.firstIndex(of: ASCII.lf, in: buffer, from: lineStart, to: lines.upperBound),
            lf > lineStart + 1, buffer[lf - 1] == ASCII.cr {
            let line = buffer.slice(lineStart..<lf - 1)
            lineStart = lf + 1
            guard case .success(let field) = parseLine(line) else { continue }
            let value = field.value
            if omittingHost, KnownFieldName.role(of: field.name) == .host {
                host = ASCII.string(value)
                continue
            }
            let name: HTTPField.Name
            if let known = KnownFieldName.resolve(field.name) {
                name = known
            } else if let parsed = HTTPField.Name(ASCII.string(field.name)) {
                name = parsed
            } else {
                continue
            }
            if field.valueIsASCII {
                // Building the String here takes the fast UTF-8 path; HTTPTypes' byte
                // initializer would validate generically and more slowly.
                fields.append(HTTPField(name: name, value: ASCII.string(value)))
            } else {
                fields.append(value.withMemoryRebound(to: UInt8.self) { HTTPField(name: name, value: $0) })
            }
        }
        return (fields, host)
    }

    /// One field line split into name and value.
    struct FieldLine {
        var name: UnsafeRawBufferPointer
        /// The value without surrounding OWS.
        var value: UnsafeRawBufferPointer
        /// Whether the value is plain ASCII (no obs-text), so that it is valid UTF-8 as is.
        var valueIsASCII: Bool
    }

    /// Splits one line (without CRLF) into its name and its value without surrounding OWS.
    static func parseLine(_ line: UnsafeRawBufferPointer) -> Result<FieldLine, HTTPParseError> {
        if ASCII.isWhitespace(line[0]) { return .failure(HTTPParseError(.obsoleteLineFolding)) }
        var colon = 0
        while colon < line.count, line[colon] != ASCII.colon {
            guard ASCII.isTokenChar(line[colon]) else { return .failure(HTTPParseError(.invalidHeaderName)) }
            colon += 1
        }
        guard colon < line.count else { return .failure(HTTPParseError(.missingColon)) }
        guard colon > 0 else { return .failure(HTTPParseError(.invalidHeaderName)) }
        var valueStart = colon + 1
        while valueStart < line.count, ASCII.isWhitespace(line[valueStart]) { valueStart += 1 }
        var valueEnd = line.count
        while valueEnd > valueStart, ASCII.isWhitespace(line[valueEnd - 1]) { valueEnd -= 1 }
        let value = line.slice(valueStart..<valueEnd)
        guard let valueIsASCII = ASCII.checkFieldValue(value) else {
            return .failure(HTTPParseError(.invalidHeaderValue))
        }
        return .success(FieldLine(name: line.slice(0..<colon), value: value, valueIsASCII: valueIsASCII))
    }
}
