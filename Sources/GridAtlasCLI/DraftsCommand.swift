import ArgumentParser
import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridPlanning
import GridStore

struct DraftsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drafts",
        abstract: "Redraw boundaries in a draft generation: start one, edit it, read its log, undo, discard.",
        discussion: """
            Every edit is one logged revision that keeps the tier tiled where that is unambiguous (a \
            moved edge takes area from the neighbour, a split's pieces share the cut, shared edges \
            keep shared vertices) and says in notes what it did and what it left. Check a draft \
            with `gridatlas validate`, then publish it with `gridatlas generations activate`.
            """,
        subcommands: [Create.self, Log.self, Undo.self, Discard.self, Split.self, Merge.self, Replace.self, Move.self,
                      Renumber.self, Set.self, Repair.self]
    )

    static var actor: String { "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "operator") }

    static func atlas(_ options: StoreOptions) throws -> Atlas { Atlas(store: try GridStore(path: options.path)) }

    static func show(_ change: DraftChange, undone: Bool = false) {
        print("\(undone ? "undone" : "revision") \(change.revision): \(change.summary)")
        for note in change.notes { print("  - \(note)") }
    }

    /// Reads a geometry given as WKT or GeoJSON text, or as @FILE, in `crs`.
    static func geometry(_ text: String, crs: String?) throws -> SimpleGeometry {
        let source = text.hasPrefix("@") ? String(decoding: try readFile(String(text.dropFirst())), as: UTF8.self) : text
        return try QueryGeometry(text: source, crs: try CRS(parsing: crs ?? "EPSG:4326")).wgs84
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a draft as a copy of a generation (default: the one in force now).")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The new draft's name.") var name: String
        @Option(help: ArgumentHelp("The generation to copy.", valueName: "generation")) var from: String?
        @Option(help: "A note for the change log.") var note: String?

        func run() throws {
            try failing {
                let atlas = try DraftsCommand.atlas(storeOptions)
                let draft = try atlas.createDraft(name, from: from, note: note, actor: DraftsCommand.actor)
                let log = try atlas.changes(of: draft.name)
                print("draft '\(draft.name)' created: \(log.first?.summary ?? "")")
            }
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a generation's change log, oldest first, with every note.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The draft (or published generation).") var name: String

        func run() throws {
            try failing {
                for change in try DraftsCommand.atlas(storeOptions).changes(of: name) {
                    print("\(change.revision)  \(Dates.format(change.madeAt))  \(change.actor)  \(change.summary)")
                    for note in change.notes { print("     - \(note)") }
                }
            }
        }
    }

    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take back the draft's latest change.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The draft.") var name: String

        func run() throws {
            try failing { DraftsCommand.show(try DraftsCommand.atlas(storeOptions).undo(draft: name), undone: true) }
        }
    }

    struct Discard: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a draft, its units and its change log (never a published generation).")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The draft.") var name: String

        func run() throws {
            try failing {
                try DraftsCommand.atlas(storeOptions).discard(draft: name)
                print("draft '\(name)' discarded")
            }
        }
    }

    struct Split: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cut a unit in pieces along a line that crosses it from edge to edge.",
            discussion: "Pieces are taken north to south, west to east; the first keeps the code unless --codes names one per piece. Households and population are shared by area."
        )
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The draft.") var name: String
        @Argument(help: "The unit's code.") var code: String
        @Option(help: ArgumentHelp("The cutting line: WKT, GeoJSON, or @FILE.", valueName: "line")) var line: String
        @Option(help: ArgumentHelp("CRS of the line (wgs84, cgcs2000, gcj02, bd09, EPSG:n).", valueName: "crs")) var crs: String?
        @Option(parsing: .upToNextOption, help: "One code per piece.") var codes: [String] = []
        @Option(parsing: .upToNextOption, help: "One name per piece.") var names: [String] = []

        func run() throws {
            try failing {
                guard case .lines(let lines) = try DraftsCommand.geometry(line, crs: crs), lines.count == 1 else {
                    throw ValidationError("--line must be one LineString")
                }
                let edit = UnitEdit.split(code: code, line: lines[0], codes: codes.isEmpty ? nil : codes, names: names.isEmpty ? nil : names)
                DraftsCommand.show(try DraftsCommand.atlas(storeOptions).edit(draft: name, edit, actor: DraftsCommand.actor))
            }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Join sibling units sharing edges into one; base data are summed.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The draft.") var name: String
        @Argument(help: "Two or more codes; the first survives unless --into says otherwise.") var codes: [String]
        @Option(help: "The code to keep.") var into: String?

        func run() throws {
            try failing {
                DraftsCommand.show(try DraftsCommand.atlas(storeOptions).edit(draft: name, .merge(codes: codes, into: into), actor: DraftsCommand.actor))
            }
        }
    }

    struct Replace: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a unit a new boundary; siblings give and take area where that is unambiguous.",
            discussion: "Siblings lose what the new boundary covers; each piece it gives up goes to the one sibling bordering it, or is left as a gap (said in a note) when several or none do."
        )
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The draft.") var name: String
        @Argument(help: "The unit's code.") var code: String
        @Option(help: ArgumentHelp("The new boundary: WKT, GeoJSON, or @FILE.", valueName: "geometry")) var geometry: String
        @Option(help: ArgumentHelp("CRS of the geometry.", valueName: "crs")) var crs: String?
        @Flag(help: "Leave the neighbours as they are (validation then lists gaps and overlaps).") var keepNeighbours = false

        func run() throws {
            try failing {
                guard case .areas(let shape) = try DraftsCommand.geometry(geometry, crs: crs) else {
                    throw ValidationError("--geometry must be a Polygon or MultiPolygon")
                }
                let edit = UnitEdit.replace(code: code, geometry: shape, adjustNeighbours: !keepNeighbours)
                DraftsCommand.show(try DraftsCommand.atlas(storeOptions).edit(draft: name, edit, actor: DraftsCommand.actor))
            }
        }
    }

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Hand a unit to another parent one tier up; it is re-coded under it.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The draft.") var name: String
        @Argument(help: "The unit's code.") var code: String
        @Option(help: "The new parent's code.") var parent: String
        @Option(help: "The new code (default: the parent's next free sequence number).") var newCode: String?

        func run() throws {
            try failing {
                let edit = UnitEdit.move(code: code, parent: parent, newCode: newCode)
                DraftsCommand.show(try DraftsCommand.atlas(storeOptions).edit(draft: name, edit, actor: DraftsCommand.actor))
            }
        }
    }

    struct Renumber: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a unit a new code under the same parent, or number all children of a parent in reading order.",
            discussion: "Units below a re-coded unit follow. With --children-of, the children are numbered 001, 002, ... west to east, north to south, as the codes standard asks."
        )
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The draft.") var name: String
        @Argument(help: "The unit's code.") var code: String?
        @Argument(help: "The new code.") var newCode: String?
        @Option(help: ArgumentHelp("Number every child of this unit afresh in reading order.", valueName: "code")) var childrenOf: String?

        func validate() throws {
            if childrenOf == nil && (code == nil || newCode == nil) { throw ValidationError("give CODE and NEW-CODE, or --children-of PARENT") }
            if childrenOf != nil && code != nil { throw ValidationError("--children-of renumbers a whole parent: give no CODE with it") }
        }

        func run() throws {
            try failing {
                let edit: UnitEdit = if let childrenOf { .renumberChildren(parent: childrenOf) } else { .renumber(code: code!, newCode: newCode!) }
                DraftsCommand.show(try DraftsCommand.atlas(storeOptions).edit(draft: name, edit, actor: DraftsCommand.actor))
            }
        }
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Correct a unit's name, households or population.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The draft.") var name: String
        @Argument(help: "The unit's code.") var code: String
        @Option(name: .customLong("name"), help: "The new name.") var newName: String?
        @Option(help: "Households (a whole number, or 'unknown').") var households: String?
        @Option(help: "Population (a whole number, or 'unknown').") var population: String?

        func count(_ text: String?, _ label: String) throws -> Int?? {
            guard let text else { return nil }
            if text == "unknown" { return .some(nil) }
            guard let n = Int(text), n >= 0 else { throw ValidationError("--\(label) takes a whole number 0 or more, or 'unknown'") }
            return .some(n)
        }

        func run() throws {
            try failing {
                let edit = UnitEdit.set(code: code, name: newName, households: try count(households, "households"),
                                        population: try count(population, "population"))
                DraftsCommand.show(try DraftsCommand.atlas(storeOptions).edit(draft: name, edit, actor: DraftsCommand.actor))
            }
        }
    }

    struct Repair: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a repair on a draft: snap vertices, fill small gaps, or make shapes valid.",
            discussion: """
                snap --tolerance M: moves vertices onto a neighbour's vertex or edge within M metres, so \
                near-coincident borders become identical. fill-gaps --max-area M2: gives each gap up to M2 m² \
                to the sibling with the longest shared edge. make-valid: GEOS's repair of invalid shapes. \
                Each stores one revision listing every change and everything left alone; undo takes it back.
                """
        )
        enum Kind: String, ExpressibleByArgument, CaseIterable { case snap, fillGaps = "fill-gaps", makeValid = "make-valid" }

        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The draft.") var name: String
        @Argument(help: "snap, fill-gaps or make-valid.") var kind: Kind
        @Option(help: ArgumentHelp("snap: how far a vertex may move, in metres.", valueName: "m")) var tolerance: Double?
        @Option(help: ArgumentHelp("fill-gaps: the largest gap to fill, in m².", valueName: "m2")) var maxArea: Double?

        func run() throws {
            try failing {
                let repair: DraftRepair
                switch kind {
                case .snap:
                    guard let tolerance else { throw ValidationError("snap needs --tolerance METRES") }
                    repair = .snap(toleranceM: tolerance)
                case .fillGaps:
                    guard let maxArea else { throw ValidationError("fill-gaps needs --max-area M2") }
                    repair = .fillGaps(maxAreaM2: maxArea)
                case .makeValid: repair = .makeValid
                }
                DraftsCommand.show(try DraftsCommand.atlas(storeOptions).repair(draft: name, repair, actor: DraftsCommand.actor))
            }
        }
    }
}
