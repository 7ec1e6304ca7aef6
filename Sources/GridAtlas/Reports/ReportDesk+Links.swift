import GridDomain
import GridStore

extension ReportDesk {
    /// `reports` with their links to other reports (`duplicateOf`, `mediaReusedBy`) narrowed to
    /// what `actor` may see: viewers and above read every report, so they keep every link; a
    /// citizen keeps only links to reports it filed itself. Another citizen's report id would
    /// tell a citizen that someone else reported the same place, or used the same photo, and
    /// let it probe for those reports.
    func narrowingLinks(_ reports: [Report], for actor: CaseActor) throws -> [Report] {
        guard !actor.role.allows(.viewer) else { return reports }
        let linked = Set(reports.flatMap { report in report.mediaReusedBy + (report.duplicateOf.map { [$0] } ?? []) })
        let own = try store.reportIds(linked, filedBy: actor.id)
        return reports.map { report in
            var shown = report
            shown.duplicateOf = report.duplicateOf.flatMap { own.contains($0) ? $0 : nil }
            shown.mediaReusedBy = report.mediaReusedBy.filter(own.contains)
            return shown
        }
    }

    func narrowingLinks(_ report: Report, for actor: CaseActor) throws -> Report {
        try narrowingLinks([report], for: actor)[0]
    }
}
