import GridDomain

/// Turns a grid's report count into the rule's measure and level, with the grid's area and
/// households from the generation in force. A grid the generation does not know (a code
/// retired by a redraw) has no value and stays at level 0.
struct WarningGrader {
    let rule: WarningRule
    let view: GenerationView

    func value(of grid: String, reports: Int) -> Double? {
        switch rule.measure {
        case .count:
            return Double(reports)
        case .perKm2:
            guard let id = try? view.id(of: grid) else { return nil }
            let km2 = view.areas[Int(id)] / 1e6
            return km2 > 0 ? Double(reports) / km2 : nil
        case .per1000Households:
            guard let id = try? view.id(of: grid), let households = view.unit(id).households, households > 0 else { return nil }
            return Double(reports) * 1000 / Double(households)
        }
    }

    func grade(_ grid: String, reports: Int) -> (level: WarningLevel, value: Double?) {
        let value = value(of: grid, reports: reports)
        return (rule.level(for: value), value)
    }

    /// Grid codes of the generation, in code order.
    var grids: [String] { view.ids(of: .grid).map { view.unit($0).code } }

    func name(of grid: String) -> String? { (try? view.id(of: grid)).map { view.unit($0).name } }
}
