import GroveHTTPParser
import HTTPTypes

extension MethodCode {
    /// The method routing passes beside a code: `method` when the code is `.other` (its
    /// spelling then tells it apart), nil otherwise.
    static func otherMethod(_ code: MethodCode, _ method: @autoclosure () -> HTTPRequest.Method) -> HTTPRequest.Method? {
        code == .other ? method() : nil
    }

    /// The method a code and its ``otherMethod(_:_:)`` stand for.
    func method(other: HTTPRequest.Method?) -> HTTPRequest.Method {
        other ?? knownMethod!
    }
}
