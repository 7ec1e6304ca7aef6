import ArgumentParser
import Foundation
import GridAtlas
import GridDomain
import GridStore

/// `gridatlas webhooks`: the subscriptions the HTTP API manages, from the server's machine.
struct WebhooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "List, add and remove webhook subscriptions (level_changed, report_filed).",
        subcommands: [List.self, Add.self, Remove.self],
        defaultSubcommand: List.self
    )

    static func webhooks(_ options: StoreOptions) throws -> Webhooks { Webhooks(store: try GridStore(path: options.path)) }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Subscriptions: id, events, grids, URL.")
        @OptionGroup var storeOptions: StoreOptions

        func run() throws {
            try failing {
                let all = try WebhooksCommand.webhooks(storeOptions).list()
                if all.isEmpty { print("no webhooks: gridatlas webhooks add --url URL --events level_changed") }
                for hook in all {
                    let grids = hook.grids.map { $0.count == 1 ? $0[0] : "\($0.count) grids" } ?? "every grid"
                    print("\(hook.id)  \(hook.events.map(\.rawValue).joined(separator: ","))  \(grids)  \(hook.url)")
                }
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a subscription; its secret is printed once.")
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: "Where to POST (http or https).") var url: String
        @Option(help: ArgumentHelp("level_changed, report_filed (comma-separated).", valueName: "events")) var events: String
        @Option(help: ArgumentHelp("Watched grid codes (comma-separated); required for report_filed.", valueName: "codes"))
        var grids: String?
        @Option(help: "A secret of your own (16+ characters); else one is made.") var secret: String?
        @Option(help: "What the subscription is for.") var description: String?

        func run() throws {
            try failing {
                let made = try WebhooksCommand.webhooks(storeOptions).subscribe(
                    url: url, events: events.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) },
                    grids: grids.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
                    secret: secret, description: description, by: "cli")
                warn("webhook \(made.subscription.id) added; its signing secret below is not shown again:")
                print(made.secret)
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a subscription; its pending deliveries are cancelled.")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The webhook id (wh_...).") var id: String

        func run() throws {
            try failing {
                let removed = try WebhooksCommand.webhooks(storeOptions).remove(id: id)
                print("removed \(removed.id) (\(removed.url))")
            }
        }
    }
}
