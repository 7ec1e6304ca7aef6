/// Where a case stands. The life of a report as a dispatch centre runs it (录入 → 上报 → 分派 →
/// 流转 → 处置 → 反馈 → 核查结案):
///
/// ```
/// reported ─► accepted ─► dispatched ─► in_progress ─► handled ─► closed
///    │           │          ▲   │ (transfer: dispatched again)   │        │
///    └───────────┴─► rejected   └──────────────◄─── reopened ◄───┴────────┘
/// ```
/// `closed` means verified and closed (核查结案); a handled case that fails verification, or a
/// closed one the citizen disputes, is `reopened` and dispatched again.
public enum CaseState: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case reported
    case accepted
    case rejected
    case dispatched
    case inProgress = "in_progress"
    case handled
    case closed
    case reopened

    /// The states a case may move to from this one.
    public var next: [CaseState] {
        switch self {
        case .reported: [.accepted, .rejected]
        case .accepted: [.dispatched, .rejected]
        case .dispatched: [.inProgress, .dispatched]
        case .inProgress: [.handled, .dispatched]
        case .handled: [.closed, .reopened]
        case .closed: [.reopened]
        case .rejected: [.reopened]
        case .reopened: [.dispatched, .rejected]
        }
    }

    public func allows(_ target: CaseState) -> Bool { next.contains(target) }

    /// Still waiting for someone to act: everything but closed and rejected.
    public var isOpen: Bool { self != .closed && self != .rejected }

    /// Open311 knows only `open` and `closed`.
    public var open311Status: String { isOpen ? "open" : "closed" }

    public var description: String { rawValue }

    /// 中文 label as a dispatch centre's screen shows it.
    public var chineseName: String {
        switch self {
        case .reported: "已上报"
        case .accepted: "已受理"
        case .rejected: "不予受理"
        case .dispatched: "已分派"
        case .inProgress: "处置中"
        case .handled: "已处置"
        case .closed: "已核查结案"
        case .reopened: "已重启"
        }
    }
}
