import ArgumentParser
import Foundation

@main
struct GridAtlasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gridatlas",
        abstract: "Grid registry and locator for city grid management (网格化管理).",
        discussion: """
            Imports a district's tiered units and the grid workers' roster into one SQLite file, \
            and resolves positions (WGS84, CGCS2000, GCJ-02, BD-09 or any EPSG code) to the unit of \
            every tier and the grid's workers, under the boundaries in force at a given moment.
            """,
        subcommands: [ImportCommand.self, GenerationsCommand.self, ResolveCommand.self, InfoCommand.self, ServeCommand.self,
                      KeysCommand.self, DemoCommand.self, CatalogueCommand.self, ReportsCommand.self,
                      FiguresCommand.self, WarningsCommand.self, WebhooksCommand.self, DraftsCommand.self,
                      DiffCommand.self, BalanceCommand.self,
                      ExportCommand.self, ValidateCommand.self]
    )
}

/// Where the store lives: `--store`, else `$GRIDATLAS_STORE`, else `var/gridatlas.sqlite`.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The SQLite store file.", valueName: "path"))
    var store: String?

    var path: String {
        store ?? ProcessInfo.processInfo.environment["GRIDATLAS_STORE"] ?? "var/gridatlas.sqlite"
    }
}

/// Prints a message to standard error.
func warn(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Turns any failure into a message on standard error and exit code 1, never a stack trace.
func failing<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as ExitCode {
        throw error
    } catch {
        warn("error: \(error)")
        throw ExitCode.failure
    }
}

func readFile(_ path: String) throws -> Data {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("cannot read '\(path)': no such file, or not readable")
    }
    return data
}
