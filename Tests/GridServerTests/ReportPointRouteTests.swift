import Foundation
import GridAtlas
import GridDomain
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import Testing

/// `/reports/points` and `/reports/monthly` (what the console's map and dashboard draw) over
/// HTTP, on the reports `ReportFigureRouteTests.seed` files; expectations come from those reports.
@Suite("Report points and monthly figures over HTTP")
struct ReportPointRouteTests {
    typealias Seed = ReportFigureRouteTests

    @Test func pointsAreTheWindowsReportsNewestFirstWithNothingPersonal() async throws {
        try await withLiveServer { client, atlas in
            let filed = try Seed.seed(atlas)
            let now = Dates.parse("2026-10-02")!
            let inWindow = filed.filter { $0.requestedAt >= Seed.from && $0.requestedAt < Seed.to }
            let response = try await client.call("/reports/points?\(Seed.window)&now=2026-10-02", as: .viewer)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/geo+json")
            let body = response.json
            let features = body["features"] as? [[String: Any]] ?? []
            #expect(body["total"] as? Int == inWindow.count && features.count == inWindow.count && body["truncated"] as? Bool == false)
            let expectedOrder = inWindow.sorted { ($0.requestedAt, $0.id) > ($1.requestedAt, $1.id) }.map(\.id)
            #expect(features.compactMap { ($0["id"] as? NSNumber)?.int64Value } == expectedOrder)
            for feature in features {
                let id = (feature["id"] as? NSNumber)?.int64Value ?? 0
                let report = try #require(inWindow.first { $0.id == id })
                let stored = try atlas.store.report(id: id)!
                let properties = feature["properties"] as? [String: Any] ?? [:]
                let coordinates = (feature["geometry"] as? [String: Any])?["coordinates"] as? [Double] ?? []
                #expect(coordinates.count == 2 && abs(coordinates[0] - report.lon) < 1e-7 && abs(coordinates[1] - report.lat) < 1e-7,
                        "\(coordinates) vs \(report.lon), \(report.lat)")
                #expect(properties["matter"] as? String == report.matterCode && properties["state"] as? String == stored.state.rawValue)
                #expect(properties["grid"] as? String == report.gridCode)
                let overdue = stored.closedAt.map { $0 > stored.expectedAt } ?? (stored.state.isOpen && stored.expectedAt < now)
                #expect(properties["overdue"] as? Bool == overdue, "report \(id)")
                #expect(Set(properties.keys).isSubset(of: ["matter", "state", "department", "grid", "overdue", "requested_at", "closed_at"]))
            }

            // Filters and the limit: the newest first, with the total still told.
            let closed = try await client.call("/reports/points?\(Seed.window)&status=closed&limit=2", as: .viewer)
            let closedCount = inWindow.filter { (try? atlas.store.report(id: $0.id))??.state == .closed }.count
            #expect(closed.json["total"] as? Int == closedCount && closedCount > 2)
            #expect((closed.json["features"] as? [Any])?.count == 2 && closed.json["truncated"] as? Bool == true)
            let matter = try await client.call("/reports/points?\(Seed.window)&matter=M019", as: .viewer)
            #expect(matter.json["total"] as? Int == inWindow.filter { $0.matterCode == "M019" }.count)
        }
    }

    @Test func pointsAreForStaffOnly() async throws {
        try await withLiveServer { client, atlas in
            _ = try Seed.seed(atlas)
            let anonymous = try await client.call("/reports/points")
            #expect(anonymous.status == .unauthorized && anonymous.isProblem)
            let citizen = try await client.call("/reports/points", as: .citizen)
            #expect(citizen.status == .forbidden && citizen.isProblem)
            for (query, parameter) in [("limit=0", "limit"), ("limit=100001", "limit"), ("from=yesterday", "from"),
                                       ("status=lost", "status"), ("matter=M999", "matter")] {
                let bad = try await client.call("/reports/points?\(query)", as: .viewer)
                #expect(bad.status == .badRequest && bad.json["parameter"] as? String == parameter, "\(query): \(bad.text)")
            }
        }
    }

    @Test func monthlyFiguresCountEachCalendarMonth() async throws {
        try await withLiveServer { client, atlas in
            let filed = try Seed.seed(atlas)
            let response = try await client.call("/reports/monthly?months=3&to=2026-10-01&now=2026-10-02")
            #expect(response.status == .ok)
            let months = response.json["months"] as? [[String: Any]] ?? []
            #expect(months.compactMap { $0["month"] as? String } == ["2026-07", "2026-08", "2026-09"])
            #expect(months.first?["from"] as? String == "2026-07-01T00:00:00+08:00")
            for month in months {
                let from = Dates.parse(month["from"] as? String ?? "")!, to = Dates.parse(month["to"] as? String ?? "")!
                let cohort = try filed.filter { $0.requestedAt >= from && $0.requestedAt < to }.map { try atlas.store.report(id: $0.id)! }
                let closed = cohort.filter { $0.state == .closed }, rejected = cohort.filter { $0.state == .rejected }
                #expect(month["reports"] as? Int == cohort.count, "\(month)")
                #expect(month["closed"] as? Int == closed.count && month["rejected"] as? Int == rejected.count)
                #expect(month["closed_on_time"] as? Int == closed.filter { $0.closedAt! <= $0.expectedAt }.count)
                if cohort.count > rejected.count {
                    let rate = month["closing_rate"] as? Double ?? -1
                    #expect(abs(rate - Double(closed.count) / Double(cohort.count - rejected.count)) < 1e-9)
                }
            }
            #expect(months.reduce(0) { $0 + ($1["reports"] as? Int ?? 0) } > 0)
            let bad = try await client.call("/reports/monthly?months=0")
            #expect(bad.status == .badRequest && bad.json["parameter"] as? String == "months")
        }
    }
}
