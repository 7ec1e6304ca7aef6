import GridDomain

/// Writes roster entries as the CSV ``RosterReader`` reads (dates as days, UTC+08:00).
public enum RosterWriter {
    public static func csv(_ entries: [RosterEntry]) -> String {
        var out = "worker_id,name,phone,role,unit_code,valid_from,valid_to\n"
        for e in entries {
            out += [e.workerId, e.name, e.phone, e.role.rawValue, e.unitCode,
                    e.validFrom.map(Dates.formatDay) ?? "", e.validTo.map(Dates.formatDay) ?? ""].joined(separator: ",") + "\n"
        }
        return out
    }
}
