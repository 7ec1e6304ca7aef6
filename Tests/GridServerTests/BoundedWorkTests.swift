import Foundation
import GridGeometry
@testable import GridServer
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// Heavy questions under a budget that stops the work itself, behind a gate that keeps a flood
/// of them from taking every core, and rate limits per caller.
@Suite struct BoundedWorkTests {
    /// Polls `condition` until it holds or `seconds` pass (never a fixed sleep and a hope).
    static func eventually(within seconds: Double, _ condition: () -> Bool) async throws -> Bool {
        let end = ContinuousClock.now.advanced(by: .milliseconds(Int(seconds * 1000)))
        while ContinuousClock.now < end {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }

    @Test func workOverBudgetIsAnswered503AndStopsItself() async throws {
        final class Record: Sendable { let items = Mutex<Int?>(nil) }
        let record = Record()
        await #expect(throws: Problem.self) {
            _ = try await BoundedWork.run(seconds: 0.2) {
                // A loop that would run for a minute, asking the budget between items as the
                // diff's overlaps and the topology check's families do.
                var items = 0
                let end = ContinuousClock.now.advanced(by: .seconds(60))
                while ContinuousClock.now < end {
                    if WorkBudget.shouldStop { break }
                    items += 1
                    Thread.sleep(forTimeInterval: 0.001)
                }
                record.items.withLock { $0 = items }
                return items
            }
        }
        #expect(try await Self.eventually(within: 5) { record.items.withLock { $0 } != nil }, "the work ran on past its budget")
        do {
            _ = try await BoundedWork.run(seconds: 1e-9) { 42 }
            Issue.record("an answer came back from a spent budget")
        } catch let problem as Problem {
            #expect(problem.status == .serviceUnavailable)
            #expect(problem.headers[.retryAfter] != nil)
        }
        // Without a budget (the command line) nothing ever stops.
        #expect(WorkBudget.current == nil && !WorkBudget.shouldStop)
    }

    @Test func aFullGateRefusesAtOnceAndAWaiterGetsTheFreedPlace() async throws {
        let gate = HeavyWorkGate(running: 1, waiting: 1)
        let first = try await gate.enter()
        let waiter = Task {
            let pass = try await gate.enter()
            pass.leave()
            return true
        }
        #expect(try await Self.eventually(within: 5) { gate.load.waiting == 1 })
        do {
            _ = try await gate.enter()
            Issue.record("a third heavy question was let in past one running and one waiting")
        } catch let problem as Problem {
            #expect(problem.status == .serviceUnavailable)
            #expect(problem.headers[.retryAfter] == "2")
        }
        #expect(gate.load == (1, 1), "the waiter got in while the place was held")
        first.leave()
        #expect(try await waiter.value)
        #expect(gate.load == (0, 0))
    }

    @Test func overBudgetRoutesAnswer503ProblemsWithRetryAfter() async throws {
        try await withLiveServer(configure: { $0.queryTimeoutSeconds = 1e-9 }) { client, _ in
            let response = try await client.call("/units?bbox=108.3,24.2,108.5,24.4")
            #expect(response.status == .serviceUnavailable)
            #expect(response.isProblem)
            #expect(response.headers[.retryAfter] != nil)
            #expect(try await client.call("/health").status == .ok)
        }
    }

    @Test func rateLimitsAnswer429ButNeverTheHealthProbe() async throws {
        // One request per 100 s: a bucket of one, so the second request is refused however
        // slowly the machine runs the test.
        try await withLiveServer(configure: { $0.ratePerAddress = 0.01; $0.ratePerKey = 0.01 }) { client, _ in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<2 { statuses.append(try await client.call("/generations").status) }
            #expect(statuses == [.ok, .tooManyRequests], "\(statuses)")
            let refused = try await client.call("/generations")
            #expect(refused.isProblem && refused.headers[.retryAfter] != nil)
            for _ in 0..<5 { #expect(try await client.call("/health").status == .ok) }
            // A key has a bucket of its own, apart from the address's.
            #expect(try await client.call("/generations", as: .viewer).status == .ok)
        }
    }
}
