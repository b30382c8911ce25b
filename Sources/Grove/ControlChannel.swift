import GroveLoop
import GroveMaster

/// One end of a master ↔ worker control channel (a socketpair end), driven by loop callbacks:
/// frames in through a ``ControlFrameDecoder``, frames out with `writeNow`. No task and no
/// continuation, so the synchronous master can use it; the worker uses it from its loop too.
final class ControlChannel {
    private let connection: PipeConnection
    private var decoder = ControlFrameDecoder()
    private var closed = false

    /// Adopts `fd` and starts reading: each decoded message goes to `onMessage`; EOF, a read
    /// error or a malformed frame closes the channel and calls `onClose` once with the reason
    /// (nil at a plain EOF).
    init(loop: EventLoop, adopting fd: Int32,
         onMessage: @escaping (ControlMessage) -> Void, onClose: @escaping (String?) -> Void) throws {
        connection = try PipeConnection(loop: loop, adopting: fd)
        // Strong captures: the cycle connection → callbacks → self is broken by close().
        connection.startReading(onBytes: { [self] bytes in
            guard !closed else { return }
            do {
                decoder.append(bytes)
                while !closed, let message = try decoder.next() { onMessage(message) }
            } catch {
                close()
                onClose("malformed control frame: \(error)")
            }
        }, onEnd: { [self] error in
            guard !closed else { return }
            close()
            onClose(error.map { "\($0)" })
        })
    }

    /// Sends one message; returns the error text when it could not be queued. `written`, if
    /// given, is called once the frame was handed to the kernel (or failed).
    @discardableResult
    func send(_ message: ControlMessage, written: (() -> Void)? = nil) -> String? {
        guard !closed else {
            written?()
            return "the channel is closed"
        }
        do {
            try connection.writeNow(try message.encodedFrame()) { _ in written?() }
            return nil
        } catch {
            written?()
            return "\(error)"
        }
    }

    /// True once closed (by either side).
    var isClosed: Bool { closed }

    /// Closes this end (idempotent).
    func close() {
        guard !closed else { return }
        closed = true
        connection.close()
    }
}
