import Foundation
import GridAtlas
import GridDomain
import GridGeometry
import GridServer
import GridStore
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Every transition of the case life over HTTP, legal and illegal, and who may take it.
@Suite struct CaseLifecycleTests {
    /// The shortest legal path from `reported` to each state (breadth first over CaseState.next).
    static let paths: [CaseState: [CaseState]] = {
        var paths: [CaseState: [CaseState]] = [.reported: []]
        var queue: [CaseState] = [.reported]
        while !queue.isEmpty {
            let state = queue.removeFirst()
            for next in state.next where paths[next] == nil {
                paths[next] = paths[state]! + [next]
                queue.append(next)
            }
        }
        return paths
    }()

    static func file(_ client: any TestClientProtocol, _ atlas: Atlas, as role: AccessRole = .citizen) async throws -> String {
        let p = try Open311Tests.point(atlas)
        let posted = try await Open311Tests.post(client, ["service_code": "M040", "lat": "\(p.lat)", "long": "\(p.lon)"], as: role)
        return try #require(Open311Tests.array(posted).first?["service_request_id"] as? String, "\(posted.text)")
    }

    static func move(_ client: any TestClientProtocol, _ id: String, to state: CaseState, as role: AccessRole? = .dispatcher,
                     note: String? = nil, extra: String = "") async throws -> TestResponse {
        let body = "{\"to\":\"\(state.rawValue)\"\(note.map { ",\"note\":\"\($0)\"" } ?? "")\(extra)}"
        return try await client.call("/cases/\(id)/transitions", method: .post, as: role, body: body, contentType: "application/json")
    }

    @Test func everyStateIsReachableFromReported() {
        #expect(Set(Self.paths.keys) == Set(CaseState.allCases))
    }

    @Test(arguments: CaseState.allCases)
    func fromEachStateEveryTargetIsAllowedOrRefusedWith409(from: CaseState) async throws {
        try await withLiveServer { client, atlas in
            for target in CaseState.allCases {
                let id = try await Self.file(client, atlas)
                for step in Self.paths[from]! {
                    let r = try await Self.move(client, id, to: step)
                    #expect(r.status == .ok, "\(step): \(r.text)")
                }
                let before = try atlas.store.history(ofReport: Int64(id)!).count
                let response = try await Self.move(client, id, to: target, note: "→ \(target.rawValue)")
                if from.allows(target) {
                    #expect(response.status == .ok, "\(from) → \(target): \(response.text)")
                    #expect(response.json["allowed_next"] as? [String] == target.next.map(\.rawValue))
                    let history = try atlas.store.history(ofReport: Int64(id)!)
                    #expect(history.count == before + 1)
                    let last = try #require(history.last)
                    #expect(last.from == from && last.to == target && last.role == "dispatcher" && last.note == "→ \(target.rawValue)")
                    #expect(last.actor.isEmpty == false)
                    let open311 = Open311Tests.array(try await client.call("/open311/v2/requests/\(id).json", as: .viewer)).first
                    #expect(open311?["status"] as? String == target.open311Status)
                    #expect(open311?["status_notes"] as? String == "→ \(target.rawValue)")
                } else {
                    #expect(response.status == .conflict, "\(from) → \(target): \(response.text)")
                    #expect(response.isProblem)
                    #expect(response.json["allowed"] as? [String] == from.next.map(\.rawValue))
                    #expect(try atlas.store.history(ofReport: Int64(id)!).count == before)
                    #expect(try atlas.store.report(id: Int64(id)!)?.state == from)
                }
            }
        }
    }

    @Test func rolesDecideWhoMovesACase() async throws {
        try await withLiveServer { client, atlas in
            // Made before the server reads its keys (a key made later is seen within a second).
            let other = try atlas.store.createKey(name: "neighbour", role: .citizen).secret
            let id = try await Self.file(client, atlas)
            #expect(try await Self.move(client, id, to: .accepted, as: nil).status == .unauthorized)
            #expect(try await Self.move(client, id, to: .accepted, as: .viewer).status == .forbidden)
            #expect(try await Self.move(client, id, to: .accepted, as: .citizen).status == .forbidden)
            for step in [CaseState.accepted, .dispatched, .inProgress, .handled, .closed] {
                #expect(try await Self.move(client, id, to: step).status == .ok)
            }
            // The citizen who filed it may dispute the result; another citizen cannot see it at all.
            let stranger = try await client.call("/cases/\(id)/transitions", method: .post, key: other, body: "{\"to\":\"reopened\"}")
            #expect(stranger.status == .notFound)
            let reopened = try await Self.move(client, id, to: .reopened, as: .citizen, note: "问题仍在")
            #expect(reopened.status == .ok, "\(reopened.text)")
            let history = try atlas.store.history(ofReport: Int64(id)!)
            #expect(history.map(\.to) == [.reported, .accepted, .dispatched, .inProgress, .handled, .closed, .reopened])
            #expect(history.last?.role == "citizen")
            #expect(try atlas.store.report(id: Int64(id)!)?.closedAt == nil)
        }
    }

    @Test func dispatchCanNameADepartmentAndWorkerAndBadOnesAreRefused() async throws {
        try await withLiveServer { client, atlas in
            let id = try await Self.file(client, atlas)
            #expect(try await Self.move(client, id, to: .accepted).status == .ok)
            let badDepartment = try await Self.move(client, id, to: .dispatched, extra: ",\"department\":\"nope\"")
            #expect(badDepartment.status == .badRequest && badDepartment.json["parameter"] as? String == "department")
            let badWorker = try await Self.move(client, id, to: .dispatched, extra: ",\"worker_id\":\"W99999\"")
            #expect(badWorker.status == .badRequest && badWorker.json["parameter"] as? String == "worker_id")
            let badState = try await Self.move(client, id, to: .accepted, extra: "")
            #expect(badState.status == .conflict)
            let notJSON = try await client.call("/cases/\(id)/transitions", method: .post, as: .dispatcher, body: "to=accepted")
            #expect(notJSON.status == .badRequest && notJSON.isProblem)
            let unknown = try await client.call("/cases/\(id)/transitions", method: .post, as: .dispatcher, body: "{\"to\":\"done\"}")
            #expect(unknown.status == .badRequest && unknown.json["parameter"] as? String == "to")
            let worker = try #require(try atlas.store.roster().first { $0.unitCode == "450299001001002" })
            let moved = try await Self.move(client, id, to: .dispatched, extra: ",\"department\":\"urban\",\"worker_id\":\"\(worker.workerId)\"")
            #expect(moved.status == .ok, "\(moved.text)")
            let report = try #require(try atlas.store.report(id: Int64(id)!))
            #expect(report.department == "urban" && report.workerId == worker.workerId && report.workerName == worker.name)
            #expect(moved.json["agency_responsible"] as? String == "城市管理综合执法")
            #expect(try await client.call("/cases/123456", as: .dispatcher).status == .notFound)
            #expect(try await client.call("/cases/abc", as: .dispatcher).status == .notFound)
        }
    }
}
