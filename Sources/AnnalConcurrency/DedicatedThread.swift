#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CAnnalScheduling

/// Starts an operating-system thread of its own (never one of a pool) that
/// runs `body` and ends; for loops that block in system calls, such as a
/// reader of standard input.
///
/// `name` is shown by debuggers and `top -H` (Linux keeps its first 15
/// bytes). Returns `false` when the system refused to create the thread.
@discardableResult
public func startDedicatedThread(name: String, stackSize: Int = 8 << 20, _ body: @escaping @Sendable () -> Void) -> Bool {
    let context = Unmanaged.passRetained(ThreadContext(name: name, body: body)).toOpaque()
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, stackSize)
    pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
    #if canImport(Darwin)
    var thread: pthread_t?
    #else
    var thread = pthread_t()
    #endif
    let status = pthread_create(&thread, &attributes, { raw in
        #if canImport(Darwin)
        let context = Unmanaged<ThreadContext>.fromOpaque(raw).takeRetainedValue()
        #else
        let context = Unmanaged<ThreadContext>.fromOpaque(raw!).takeRetainedValue()
        #endif
        context.nameCurrentThread()
        context.body()
        return nil
    }, context)
    if status != 0 {
        Unmanaged<ThreadContext>.fromOpaque(context).release()
        return false
    }
    return true
}

private final class ThreadContext: @unchecked Sendable {
    let name: String
    let body: @Sendable () -> Void

    init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }

    func nameCurrentThread() {
        #if canImport(Darwin)
        _ = pthread_setname_np(prefix(ofUTF8Count: 63))
        #else
        // glibc declares pthread_setname_np only for _GNU_SOURCE, which
        // Swift's view of it leaves out; looked up with dlsym it was
        // missing from the static release executable, and threads went
        // unnamed there.
        _ = annal_name_current_thread(prefix(ofUTF8Count: 15))
        #endif
    }

    /// The longest run of whole characters of `name` within `limit` bytes.
    private func prefix(ofUTF8Count limit: Int) -> String {
        var count = 0
        var end = name.startIndex
        for character in name {
            count += character.utf8.count
            guard count <= limit else { break }
            end = name.index(after: end)
        }
        return String(name[..<end])
    }
}
