/// The R-tree spatial index extension (`gpkg_rtree_index`, Annex F.3) for one geometry column:
/// a virtual table of feature envelopes and the triggers that keep it in step when another
/// program (QGIS, GDAL) edits the features.
///
/// The triggers call `ST_IsEmpty`, `ST_MinX`... which SQLite lacks and GeoPackage writers
/// register: GridAtlas fills the index itself and creates the triggers last, so it never needs them.
struct RTreeIndex {
    var table: String
    var column: String
    var idColumn: String

    static let extensionName = "gpkg_rtree_index"
    static let definition = "http://www.geopackage.org/spec/#extension_rtree"
    static let scope = "write-only"

    var name: String { "rtree_\(table)_\(column)" }

    var createTable: String {
        "CREATE VIRTUAL TABLE \(GeoPackageSchema.quoted(name)) USING rtree(id, minx, maxx, miny, maxy)"
    }

    /// The six triggers of the 1.3 extension: insert; update of the geometry with the id kept
    /// (non-empty: replace the entry; empty: drop it); update that changes the id (non-empty:
    /// move the entry; empty: drop both ids); delete.
    var triggers: [String] {
        let t = GeoPackageSchema.quoted(table), c = GeoPackageSchema.quoted(column), i = GeoPackageSchema.quoted(idColumn)
        let r = GeoPackageSchema.quoted(name)
        func trigger(_ suffix: String) -> String { GeoPackageSchema.quoted("\(name)_\(suffix)") }
        let present = "(NEW.\(c) NOT NULL AND NOT ST_IsEmpty(NEW.\(c)))"
        let absent = "(NEW.\(c) ISNULL OR ST_IsEmpty(NEW.\(c)))"
        let entry = "INSERT OR REPLACE INTO \(r) VALUES (NEW.\(i), ST_MinX(NEW.\(c)), ST_MaxX(NEW.\(c)), ST_MinY(NEW.\(c)), ST_MaxY(NEW.\(c)));"
        return [
            "CREATE TRIGGER \(trigger("insert")) AFTER INSERT ON \(t) WHEN \(present) BEGIN \(entry) END",
            "CREATE TRIGGER \(trigger("update1")) AFTER UPDATE OF \(c) ON \(t) WHEN OLD.\(i) = NEW.\(i) AND \(present) BEGIN \(entry) END",
            "CREATE TRIGGER \(trigger("update2")) AFTER UPDATE OF \(c) ON \(t) WHEN OLD.\(i) = NEW.\(i) AND \(absent) BEGIN DELETE FROM \(r) WHERE id = OLD.\(i); END",
            "CREATE TRIGGER \(trigger("update3")) AFTER UPDATE ON \(t) WHEN OLD.\(i) != NEW.\(i) AND \(present) BEGIN DELETE FROM \(r) WHERE id = OLD.\(i); \(entry) END",
            "CREATE TRIGGER \(trigger("update4")) AFTER UPDATE ON \(t) WHEN OLD.\(i) != NEW.\(i) AND \(absent) BEGIN DELETE FROM \(r) WHERE id IN (OLD.\(i), NEW.\(i)); END",
            "CREATE TRIGGER \(trigger("delete")) AFTER DELETE ON \(t) WHEN OLD.\(c) NOT NULL BEGIN DELETE FROM \(r) WHERE id = OLD.\(i); END",
        ]
    }
}
