/// Facts from the OGC GeoPackage Encoding Standard (12-128r18, version 1.3) that both the
/// writer and the reader rely on.
public enum GeoPackage {
    /// `PRAGMA application_id`: the ASCII bytes "GPKG".
    public static let applicationID: Int32 = 0x4750_4B47
    /// `PRAGMA user_version` for version 1.3.0.
    public static let userVersion: Int32 = 10300
    /// The media type registered for GeoPackage files.
    public static let mediaType = "application/geopackage+sqlite3"
    /// The first 16 bytes of every SQLite 3 file: how an upload is told apart from GeoJSON.
    public static let sqliteMagic: [UInt8] = Array("SQLite format 3\0".utf8)
}
