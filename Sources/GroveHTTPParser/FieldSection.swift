import HTTPTypes

/// What to do with one field after its role-specific checks.
enum FieldDisposition {
    /// Append it to the fields.
    case keep
    /// Leave it out of the fields (Host, which becomes the request's authority).
    case omit
    /// Reject the message.
    case reject(HTTPParseError.Code)
}

/// Parses the field lines of a complete head or trailer section into `HTTPFields`
/// (RFC 9112 §5): `field-name ":" OWS field-value OWS CRLF`.
enum FieldSection {
    /// Parses the lines in `buffer[start..<end]` (each ending in CRLF, as the scan checked),
    /// asking `inspect` about each field's role and trimmed value.
    static func parse(
        _ buffer: UnsafeRawBufferPointer,
        lines: Range<Int>,
        fieldCount: Int,
        inspect: (FieldRole, UnsafeRawBufferPointer) -> FieldDisposition
    ) -> Result<HTTPFields, HTTPParseError> {
        var fields = HTTPFields()
        // A lone field is usually Host, which is omitted: reserving would allocate for nothing.
        if fieldCount > 1 { fields.reserveCapacity(fieldCount) }
        var lineStart = lines.lowerBound
        while lineStart < lines.upperBound {
            // Lines were checked by the scan; checked again in case the kept bytes changed.
            guard let lf = ASCII.firstIndex(of: ASCII.lf, in: buffer, from: lineStart, to: lines.upperBound),
                lf > lineStart + 1, buffer[lf - 1] == ASCII.cr
            else {
                return .failure(HTTPParseError(.invalidLineEnding))
            }
            let line = buffer.slice(lineStart..<lf - 1)
            lineStart = lf + 1
            switch parseLine(line) {
            case .failure(let error):
                return .failure(error)
            case .success(let field):
                let value = field.value
                let name: HTTPField.Name
                let role: FieldRole
                if let known = KnownFieldName.resolve(field.name) {
                    (name, role) = known
                } else if let parsed = HTTPField.Name(ASCII.string(field.name)) {
                    (name, role) = (parsed, .other)
                } else {
                    return .failure(HTTPParseError(.invalidHeaderName))
                }
                switch inspect(role, value) {
                case .keep where field.valueIsASCII:
                    // Building the String here takes the fast UTF-8 path; HTTPTypes' byte
                    // initializer would validate generically and more slowly.
                    fields.append(HTTPField(name: name, value: ASCII.string(value)))
                case .keep:
                    fields.append(value.withMemoryRebound(to: UInt8.self) { HTTPField(name: name, value: $0) })
                case .omit:
                    break
                case .reject(let code):
                    return .failure(HTTPParseError(code))
                }
            }
        }
        return .success(fields)
    }

    /// One field line split into name and value.
    private struct FieldLine {
        var name: UnsafeRawBufferPointer
        /// The value without surrounding OWS.
        var value: UnsafeRawBufferPointer
        /// Whether the value is plain ASCII (no obs-text), so that it is valid UTF-8 as is.
        var valueIsASCII: Bool
    }

    /// Splits one line (without CRLF) into its name and its value without surrounding OWS.
    private static func parseLine(_ line: UnsafeRawBufferPointer) -> Result<FieldLine, HTTPParseError> {
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
        // One pass without early exit, which the compiler can vectorize.
        var allBits: UInt8 = 0
        var invalid = false
        for index in valueStart..<valueEnd {
            let byte = line[index]
            allBits |= byte
            invalid = invalid || !ASCII.isFieldValueChar(byte)
        }
        if invalid { return .failure(HTTPParseError(.invalidHeaderValue)) }
        return .success(
            FieldLine(
                name: line.slice(0..<colon),
                value: line.slice(valueStart..<valueEnd),
                valueIsASCII: allBits < 0x80
            )
        )
    }
}
