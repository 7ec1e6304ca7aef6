import Foundation
import GridAtlas
import GridDomain
import GridStore

extension ReportsBenchmark {
    /// Counts per grid for the last 30 days, all matters: the question a heat map asks.
    func densityFigures(_ desk: ReportDesk, now: Date) throws {
        let filter = ReportFilter(from: now.addingTimeInterval(-30 * 86400), to: now)
        var times: [Double] = []
        var rows = 0, total = 0
        for _ in 0..<repeats {
            let started = Date()
            let counts = try desk.store.reportCounts(by: .grid, filter)
            times.append(Date().timeIntervalSince(started))
            rows = counts.count
            total = counts.reduce(0) { $0 + $1.count }
        }
        times.sort()
        print("density: counts per grid, 30-day window, all matters: \(group(rows)) grids, \(group(total)) reports; "
              + "best \(fixed(times[0] * 1000, 1)) ms, median \(fixed(times[times.count / 2] * 1000, 1)) ms of \(repeats)")
    }
}
