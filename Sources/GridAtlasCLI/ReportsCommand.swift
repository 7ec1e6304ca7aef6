import ArgumentParser
import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridServer
import GridStore

struct ReportsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reports",
        abstract: "File reports and move cases, as the dispatch centre does, on the store file directly.",
        discussion: """
            A report is filed in the grid and generation in force at its moment (--at, default now), routed \
            to the grid's first full-time worker (else its leader) and to the matter's lead department. \
            Acting at the command line counts as the local operator (actor cli:$USER, role admin).
            """,
        subcommands: [File.self, List.self, Show.self, Move.self, Simulate.self],
        defaultSubcommand: List.self
    )

    static func desk(_ options: StoreOptions) throws -> ReportDesk {
        ReportDesk(atlas: Atlas(store: try GridStore(path: options.path)))
    }

    static func printJSON(_ object: Any) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    }

    static func line(_ r: Report) -> String {
        let place = r.gridCode ?? "outside (nearest \(r.nearestGrid ?? "-"))"
        var flags: [String] = []
        if r.manualDispatch { flags.append("manual dispatch") }
        if let d = r.duplicateOf { flags.append("duplicate of \(d)") }
        if !r.mediaReusedBy.isEmpty { flags.append("photo reused by \(r.mediaReusedBy.map(String.init).joined(separator: ","))") }
        return "\(r.id)  \(Dates.format(r.requestedAt))  \(r.matterCode)  \(r.state.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) "
            + "\(place)  → \(r.department)\(r.workerId.map { " / \($0) \(r.workerName ?? "")" } ?? "")"
            + (flags.isEmpty ? "" : "  [\(flags.joined(separator: "; "))]")
    }

    struct File: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "File one report and print where it went.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "The matter code (Open311 service_code), e.g. M001.") var matter: String
        @Option(help: "Longitude (or easting) in --crs.") var lon: Double
        @Option(help: "Latitude (or northing) in --crs.") var lat: Double
        @Option(help: "wgs84, cgcs2000, gcj02, bd09 or EPSG:n.") var crs = "wgs84"
        @Option(help: "The report's moment (ISO 8601); default now.") var at: String?
        @Option(help: "What was seen.") var description = ""
        @Option(help: "Where, in words.") var address: String?
        @Option(help: ArgumentHelp("A photo file: its SHA-256 is kept to spot reuse.", valueName: "path")) var media: String?
        @Option(help: "The photo's URL.") var mediaURL: String?
        @Flag(help: "Print the filed report as JSON.") var json = false

        func run() throws {
            try failing {
                let desk = try ReportsCommand.desk(storeOptions)
                var draft = ReportDraft(matterCode: matter, description: description, position: LonLat(lon, lat), crs: try CRS(parsing: crs))
                draft.address = address
                draft.mediaURL = mediaURL
                if let media { draft.media = try readFile(media) }
                if let at {
                    guard let date = Dates.parse(at) else { throw ValidationError("--at '\(at)' is not a date or date-time") }
                    draft.requestedAt = date
                }
                draft.source = "cli"
                let report = try desk.file(draft, by: .local())
                if json {
                    try ReportsCommand.printJSON(Open311Document.request(report, catalogue: try desk.catalogue(), staff: true, output: nil))
                } else {
                    print(ReportsCommand.line(report))
                }
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List reports, newest first.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "States, comma-separated (reported, accepted, rejected, dispatched, in_progress, handled, closed, reopened).") var state: String?
        @Option(help: "Matter codes, comma-separated.") var matter: String?
        @Option(help: "Department codes, comma-separated.") var department: String?
        @Option(help: "Earliest report moment.") var from: String?
        @Option(help: "Latest report moment (exclusive).") var to: String?
        @Option(help: "At most this many.") var limit = 50
        @Flag(help: "Print JSON (Open311 request objects).") var json = false

        func run() throws {
            try failing {
                let desk = try ReportsCommand.desk(storeOptions)
                var filter = ReportFilter()
                if let state {
                    filter.states = try state.split(separator: ",").map {
                        guard let s = CaseState(rawValue: String($0)) else { throw ValidationError("unknown state '\($0)'") }
                        return s
                    }
                }
                filter.matters = matter.map { $0.split(separator: ",").map(String.init) }
                filter.departments = department.map { $0.split(separator: ",").map(String.init) }
                filter.from = try from.map { guard let d = Dates.parse($0) else { throw ValidationError("--from '\($0)' is not a date") }; return d }
                filter.to = try to.map { guard let d = Dates.parse($0) else { throw ValidationError("--to '\($0)' is not a date") }; return d }
                let reports = try desk.reports(filter, pageSize: limit, for: .local())
                if json {
                    let catalogue = try desk.catalogue()
                    try ReportsCommand.printJSON(reports.map { Open311Document.request($0, catalogue: catalogue, staff: true, output: nil) })
                } else {
                    if reports.isEmpty { print("no reports match") }
                    reports.forEach { print(ReportsCommand.line($0)) }
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print one case with its history, as JSON.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The report id.") var id: Int64

        func run() throws {
            try failing {
                let desk = try ReportsCommand.desk(storeOptions)
                let report = try desk.report(id: id, for: .local())
                var object = Open311Document.request(report, catalogue: try desk.catalogue(), staff: true, output: nil)
                object["history"] = try desk.history(id: id, for: .local()).map(Open311Document.event)
                object["allowed_next"] = report.state.next.map(\.rawValue)
                try ReportsCommand.printJSON(object)
            }
        }
    }

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move a case to its next state (see `show` for the allowed ones).")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The report id.") var id: Int64
        @Option(help: "accepted, rejected, dispatched, in_progress, handled, closed or reopened.") var to: String
        @Option(help: "Why (shown to the citizen as status notes).") var note: String?
        @Option(help: "Dispatch or transfer to this department code.") var department: String?
        @Option(help: "Dispatch to this worker id.") var worker: String?

        func run() throws {
            try failing {
                guard let state = CaseState(rawValue: to) else {
                    throw ValidationError("unknown state '\(to)': use \(CaseState.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                let desk = try ReportsCommand.desk(storeOptions)
                let report = try desk.move(id, CaseMove(to: state, note: note, department: department, workerId: worker), by: .local())
                print(ReportsCommand.line(report))
            }
        }
    }
}
