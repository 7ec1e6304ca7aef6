import Foundation
import GridAtlas
import GridDomain
import GridStore

extension ReportsBenchmark {
    /// Counts per grid for the last 30 days, all matters, with per km² and the trend against the
    /// 30 days before: what `GET /reports/density` answers (engine, then JSON encoding).
    func densityFigures(_ desk: ReportDesk, now: Date) throws {
        let figures = ReportFigures(desk: desk)
        let window = FigureWindow.last30Days(now: now)
        var engine: [Double] = [], encoding: [Double] = []
        var rows = 0, total = 0, bytes = 0
        for _ in 0..<repeats {
            var started = Date()
            let density = try figures.density(tier: .grid, window: window)
            engine.append(Date().timeIntervalSince(started))
            started = Date()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
            bytes = try encoder.encode(density).count
            encoding.append(Date().timeIntervalSince(started))
            rows = density.rows.count
            total = density.rows.reduce(0) { $0 + $1.count }
        }
        engine.sort()
        encoding.sort()
        print("density: counts per grid, 30-day window, all matters, with per km² and trend: \(group(rows)) grids, \(group(total)) reports; "
              + "engine best \(fixed(engine[0] * 1000, 1)) ms, median \(fixed(engine[engine.count / 2] * 1000, 1)) ms; "
              + "JSON (\(group(bytes)) bytes) median \(fixed(encoding[encoding.count / 2] * 1000, 1)) ms; \(repeats) runs")
    }
}
