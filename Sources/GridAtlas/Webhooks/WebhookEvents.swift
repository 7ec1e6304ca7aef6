import Foundation
import GridDomain
import GridStore

/// The JSON bodies webhooks receive: `{"id", "type", "time", "data"}`, keys sorted, made once
/// per event so every subscriber and every retry gets the same bytes.
public enum WebhookEvents {
    /// A report filed: its id, matter, grid, state and moment (nothing about the reporter).
    public static func reportFiled(_ report: Report, now: Date = Date()) -> WebhookMessage {
        var data: [String: Any] = [
            "report_id": report.id, "matter": report.matterCode, "state": report.state.rawValue,
            "requested_at": Dates.format(report.requestedAt), "department": report.department,
            "generation": report.generation,
        ]
        data["grid"] = report.gridCode ?? NSNull()
        return message(.reportFiled, grid: report.gridCode, data: data, time: now)
    }

    /// A grid's level moved.
    public static func levelChanged(_ change: LevelChange, gridName: String?, rule: WarningRule) -> WebhookMessage {
        let data: [String: Any] = [
            "grid": change.grid, "grid_name": gridName ?? NSNull(),
            "from": change.from.rawValue, "from_colour": change.from.colour,
            "to": change.to.rawValue, "to_colour": change.to.colour, "to_colour_zh": change.to.chineseName,
            "value": change.value ?? NSNull(), "reports": change.reports, "at": Dates.format(change.at),
            "measure": rule.measure.rawValue, "window_hours": rule.windowHours, "thresholds": rule.thresholds,
        ]
        return message(.levelChanged, grid: change.grid, data: data, time: change.at)
    }

    static func message(_ type: WebhookEventType, grid: String?, data: [String: Any], time: Date) -> WebhookMessage {
        let id = "evt_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let envelope: [String: Any] = ["id": id, "type": type.rawValue, "time": Dates.format(time), "data": data]
        // Only plain strings, numbers, arrays and NSNull go in: serialising cannot fail.
        let body = (try? JSONSerialization.data(withJSONObject: envelope, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return WebhookMessage(eventId: id, type: type, grid: grid, body: body, time: time)
    }
}
