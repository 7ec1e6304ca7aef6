import ArgumentParser
import Foundation
import GridAtlas
import GridDomain
import GridStore

struct CatalogueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalogue",
        abstract: "Import and list the departments and listed matters (入格事项) reports are filed under.",
        discussion: """
            Each import is a new version of both files (see data/catalogue/README.md for the columns); \
            reports keep the matter, department and deadline of the version they were filed under.
            """,
        subcommands: [Import.self, List.self],
        defaultSubcommand: List.self
    )

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check both CSV files and store them as a new version, all or nothing.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: ArgumentHelp("departments.csv", valueName: "path")) var departments = "data/catalogue/departments.csv"
        @Option(help: ArgumentHelp("matters.csv", valueName: "path")) var matters = "data/catalogue/matters.csv"
        @Option(help: "Why this version (e.g. 'batch 2: 21 dispute types').") var note: String?

        func run() throws {
            try failing {
                let desk = ReportDesk(atlas: Atlas(store: try GridStore(path: storeOptions.path)))
                let saved = try desk.importCatalogue(departments: (departments, try readFile(departments)),
                                                     matters: (matters, try readFile(matters)), note: note)
                print("catalogue version \(saved.version): \(saved.departments.count) departments, \(saved.matters.count) matters")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the current matters with department, lead and deadline.")
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: "Print the versions instead.") var versions = false

        func run() throws {
            try failing {
                let store = try GridStore(path: storeOptions.path)
                if versions {
                    for v in try store.catalogueVersions() {
                        print("v\(v.version)  \(Dates.format(v.createdAt))  \(v.matters) matters  \(v.note ?? "")")
                    }
                    return
                }
                let catalogue = try store.catalogue()
                guard !catalogue.matters.isEmpty else { print("no catalogue yet: gridatlas catalogue import"); return }
                print("catalogue version \(catalogue.version)")
                for m in catalogue.matters {
                    let co = m.coDepartments.isEmpty ? "" : " with \(m.coDepartments.joined(separator: ",")) (lead \(m.lead))"
                    print("\(m.code)  \(m.name)  → \(m.department)\(co), \(m.deadlineHours) h")
                }
            }
        }
    }
}
