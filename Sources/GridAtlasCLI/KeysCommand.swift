import ArgumentParser
import Foundation
import GridDomain
import GridStore

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make, list and revoke API keys for the HTTP server.",
        discussion: """
            Roles, each including the ones before it: citizen (files reports and follows its own), viewer (reads, no phone numbers), dispatcher (phone \
            numbers), planner (imports, publishing generations), admin (key administration over HTTP). \
            The store keeps only a SHA-256 of each secret: the secret is printed once, when made.
            """,
        subcommands: [Create.self, List.self, Revoke.self],
        defaultSubcommand: List.self
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a key and print its secret (shown this once).")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Who holds the key, e.g. 'dispatch centre'.") var name: String
        @Option(help: ArgumentHelp("citizen, viewer, dispatcher, planner or admin.", valueName: "role")) var role: String

        func run() throws {
            try failing {
                guard let role = AccessRole(rawValue: role) else {
                    throw ValidationError("unknown role '\(role)': use citizen, viewer, dispatcher, planner or admin")
                }
                let made = try GridStore(path: storeOptions.path).createKey(name: name, role: role)
                warn("key \(made.key.id) for '\(made.key.name)' with role \(role); the secret below is not shown again:")
                print(made.secret)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys: id, role, holder, made, revoked.")
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            try failing {
                let keys = try GridStore(path: storeOptions.path).keys()
                if keys.isEmpty { print("no keys yet: gridatlas keys create --name NAME --role ROLE") }
                for key in keys {
                    let revoked = key.revokedAt.map { "revoked \(Dates.format($0))" } ?? "active"
                    print("\(key.id)  \(key.role.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(key.name)  made \(Dates.format(key.createdAt))  \(revoked)")
                }
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by id; a running server refuses it within a second.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The key id (the 8 characters after ga_).") var id: String

        func run() throws {
            try failing {
                let key = try GridStore(path: storeOptions.path).revokeKey(id: id)
                print("revoked \(key.id) (\(key.name), \(key.role.rawValue))")
            }
        }
    }
}
