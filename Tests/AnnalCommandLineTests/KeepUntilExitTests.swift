@testable import AnnalCommandLine
import Foundation
import Testing

/// A command run as the process hands its big values to its console when
/// done, so that they are not freed one allocation at a time before the
/// process exits; a test's console must let them go (tests run many
/// commands in one process).
@Suite struct KeepUntilExitTests {
    final class Payload {}

    @Test func aCapturingConsoleLetsTheValueGo() {
        let (console, _) = Console.capturing(currentDirectory: URL(fileURLWithPath: "/"))
        weak var watched: Payload?
        do {
            let payload = Payload()
            watched = payload
            console.keepUntilExit(payload)
        }
        #expect(watched == nil)
    }

    @Test func theProcessConsoleKeepsTheValueUntilExit() {
        weak var watched: Payload?
        do {
            let payload = Payload()
            watched = payload
            Console.standard.keepUntilExit(payload)
        }
        #expect(watched != nil)
    }
}
