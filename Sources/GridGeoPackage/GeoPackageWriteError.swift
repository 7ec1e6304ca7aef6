/// Why an export wrote no file.
public enum GeoPackageWriteError: Error, Equatable, CustomStringConvertible {
    /// The target exists and overwriting was not asked for.
    case fileExists(String)
    /// No unit of the chosen tiers: a GeoPackage with no feature table would be useless.
    case nothingToWrite(String)
    case sqlite(String)
    case file(String)

    public var description: String {
        switch self {
        case .fileExists(let path): "'\(path)' already exists: choose another file, or overwrite it (--force)"
        case .nothingToWrite(let detail): "nothing to export: \(detail)"
        case .sqlite(let message): "could not write the GeoPackage: \(message)"
        case .file(let message): "could not write the GeoPackage file: \(message)"
        }
    }
}
