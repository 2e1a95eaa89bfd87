import AnnalConcurrency

extension WorkerPool {
    /// How long a command's helpers stay awake after a loop: a command's
    /// loops over its files come a few milliseconds apart.
    static let commandStay = 10_000_000

    /// Starts the shared pool's helpers for a command that runs loop after
    /// loop over its files: while the files are looked for, and awake from
    /// one loop to the next (a sleeping helper may be woken onto the busy
    /// core; docs/performance.md, change 150).
    ///
    /// The allocator is set for a command first (`CommandHeap`), and each
    /// helper reserves its heap as it starts, where the settings took
    /// (glibc's allocator; not a sanitizer's).
    static func startForCommand() {
        let tuned = CommandHeap.tune()
        shared.start(stayingAwakeFor: commandStay, preparingEachHelper: tuned ? CommandHeap.reserveHeap : nil)
    }
}
