import ArgumentParser
import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridStore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Resolve positions to their units of every tier and the grid's workers.",
        discussion: """
            One position: gridatlas resolve 108.43 24.31 (or "108.43,24.31"; for a negative \
            longitude put -- first). Many: gridatlas resolve --input points.csv --output answers.csv, \
            where the CSV has lon and lat columns (and optionally at, the moment of each report, and \
            crs). Each row comes back as it was, followed by its answer; a bad row gets status error \
            and the line it is on. The output file appears only when the whole file was read.
            """
    )
    @OptionGroup var storeOptions: StoreOptions

    @Argument(help: ArgumentHelp("Longitude (or easting) and latitude (or northing), or one \"x,y\".", valueName: "x y"))
    var position: [String] = []

    @Option(help: ArgumentHelp("CRS of the positions: EPSG:<code>, wgs84, cgcs2000, gcj02 (Amap, WeChat) or bd09 (Baidu).", valueName: "crs"))
    var crs = "EPSG:4326"

    @Option(help: ArgumentHelp("The report's moment: picks the generation in force and the roster serving then. Default: now.", valueName: "date"))
    var at: String?

    @Option(help: ArgumentHelp("Pin a generation by name (drafts too) instead of the one in force.", valueName: "name"))
    var generation: String?

    @Option(help: ArgumentHelp("Accuracy radius in metres: also list every grid the circle touches with its share.", valueName: "m"))
    var accuracy: Double?

    @Flag(help: "Print the answer as JSON.")
    var json = false

    @Option(help: ArgumentHelp("A CSV of positions to resolve.", valueName: "file"))
    var input: String?

    @Option(help: ArgumentHelp("Where to write the answers CSV (default: standard output).", valueName: "file"))
    var output: String?

    func validate() throws {
        if input == nil && position.isEmpty { throw ValidationError("give a position (x y) or --input FILE") }
        if input != nil && !position.isEmpty { throw ValidationError("give either a position or --input, not both") }
        if position.count > 2 { throw ValidationError("a position is two numbers: x y") }
        if input != nil && (accuracy != nil || json) {
            throw ValidationError("--accuracy and --json are for one position; a CSV batch answers in CSV columns")
        }
        if input == nil && output != nil { throw ValidationError("--output goes with --input") }
    }

    func run() throws {
        try failing {
            let parsedCRS = try CRS(parsing: crs)
            let moment = try at.map(Dates.require) ?? Date()
            let atlas = Atlas(store: try GridStore(path: storeOptions.path))
            if let input {
                try resolveFile(input, atlas: atlas, crs: parsedCRS, moment: moment)
                return
            }
            let point = try parsePosition()
            let converter = try CoordinateConverter(from: parsedCRS)
            let answer = try atlas.resolve(point, converter: converter, at: moment, generation: generation, accuracy: accuracy)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(answer), as: UTF8.self))
            } else {
                print(ResolutionText.render(answer))
            }
        }
    }

    private func parsePosition() throws -> LonLat {
        let parts = position.count == 1 ? position[0].split(separator: ",").map(String.init) : position
        guard parts.count == 2 else { throw ValidationError("a position is two numbers: x y, or \"x,y\"") }
        guard let x = Double(parts[0].trimmingCharacters(in: .whitespaces)), x.isFinite else {
            throw ValidationError("x '\(parts[0])' is not a number")
        }
        guard let y = Double(parts[1].trimmingCharacters(in: .whitespaces)), y.isFinite else {
            throw ValidationError("y '\(parts[1])' is not a number")
        }
        return LonLat(x, y)
    }

    /// Streams the file through the batch engine of `POST /locate` (``CSVFileResolver``): memory
    /// stays flat whatever the file's size, and `--output` appears only when the run succeeds.
    private func resolveFile(_ path: String, atlas: Atlas, crs: CRS, moment: Date) throws {
        let started = Date()
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ValidationError("cannot read '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        let size = fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
        // Phones are shown: the CLI runs for whoever holds the store file, as it always has.
        let engine = CSVFileResolver(atlas: atlas, options: BatchOptions(crs: crs, at: moment, generation: generation, includePhones: true))
        let out = try output.map { try OutputFile(path: $0) } ?? OutputFile()
        let points: Int
        do {
            // Progress on standard error at every tenth of a file longer than one chunk.
            var reported = 0
            points = try engine.run(input: descriptor, output: out.descriptor) { progress in
                guard size > 0, progress.bytes < size else { return }
                let tenth = progress.bytes * 10 / size
                if tenth > reported {
                    reported = tenth
                    warn("resolved \(progress.points) positions, \(tenth * 10)% of the file")
                }
            }
            try out.commit()
        } catch {
            out.discard()
            throw explain(error, path: path)
        }
        let seconds = Date().timeIntervalSince(started)
        warn(String(format: "resolved %d positions in %.2f s", points, seconds))
    }

    /// A failed run's message: the file and line for an unreadable file, the CLI's own words for
    /// a store that cannot answer.
    func explain(_ error: any Error, path: String) -> any Error {
        switch error {
        case let error as BatchInputError: ValidationError("\(path): \(error)")
        case let error as CSVFileResolver.OutputError: ValidationError("cannot write '\(output ?? "standard output")': \(error)")
        case BatchResolveError.emptyStore: AtlasError.emptyStore
        case BatchResolveError.noGenerationInForce(let date): AtlasError.noGenerationInForce(date)
        default: error
        }
    }
}

/// The human-readable form of an answer.
enum ResolutionText {
    static func render(_ r: Resolution) -> String {
        var lines = ["\(r.input.x), \(r.input.y) (\(r.input.crs)) → WGS84 \(r.wgs84[0]), \(r.wgs84[1])",
                     "status \(r.status), generation '\(r.generation)', at \(r.at)"]
        for unit in r.units {
            lines.append("  \(unit.tier.padding(toLength: 12, withPad: " ", startingAt: 0)) \(unit.code.padding(toLength: 20, withPad: " ", startingAt: 0)) \(unit.name)")
        }
        if !r.workers.isEmpty {
            lines.append("  workers (* responsible):")
            for w in r.workers {
                let mark = w == r.responsible ? "*" : " "
                lines.append("   \(mark)\(w.role.padding(toLength: 9, withPad: " ", startingAt: 0)) \(w.id)  \(w.name)  \(w.phone ?? "")")
            }
        }
        if let n = r.nearest {
            lines.append("  nearest grid \(n.code) \(n.name), \(String(format: "%.1f", n.distanceM)) m away")
        }
        if let candidates = r.candidates {
            lines.append("  within the accuracy circle:")
            for c in candidates { lines.append("    \(c.code) \(c.name)  \(String(format: "%.1f", c.share * 100))%") }
            if let outside = r.outsideShare, outside > 0 { lines.append(String(format: "    outside every grid  %.1f%%", outside * 100)) }
        }
        return lines.joined(separator: "\n")
    }
}
