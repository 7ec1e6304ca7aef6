import Foundation
import Hummingbird

/// Files served as they are from one folder: the console's own (shipped as a resource) and
/// Leaflet's (where Debian installs it). Only plain names inside the folder are served: no `..`,
/// no hidden files, no absolute paths, so a request cannot walk out of the folder.
struct StaticFolder: Sendable {
    let root: URL
    /// `Cache-Control: max-age`; 0 asks the browser to check each time (the console's own files
    /// change with each build, Leaflet's only with the Debian package).
    let maxAgeSeconds: Int

    /// The file at `components` (the path after the folder's route), or a 404 problem.
    func response(for components: [Substring]) throws -> Response {
        guard !components.isEmpty, components.allSatisfy(Self.isPlainName) else {
            throw Problem.notFound("no such file: '\(components.joined(separator: "/"))'")
        }
        let url = components.reduce(root) { $0.appendingPathComponent(String($1)) }
        // Plain names cannot leave the folder; this says so again on the path itself, should a
        // router or a decoding step before us ever hand over a name that could.
        guard url.standardizedFileURL.path.hasPrefix(root.standardizedFileURL.path + "/") else {
            throw Problem.notFound("no such file: '\(components.joined(separator: "/"))'")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue,
              let data = FileManager.default.contents(atPath: url.path) else {
            throw Problem.notFound("no such file: '\(components.joined(separator: "/"))'")
        }
        return Self.response(Array(data), name: url.lastPathComponent, maxAgeSeconds: maxAgeSeconds)
    }

    static func response(_ bytes: [UInt8], name: String, maxAgeSeconds: Int) -> Response {
        var response = JSONResponse.raw(bytes, contentType: mediaType(of: name))
        response.headers[.cacheControl] = maxAgeSeconds > 0 ? "public, max-age=\(maxAgeSeconds)" : "no-cache"
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }

    /// A name with no folder in it: not empty, not hidden (so not `.` or `..`), no separator of
    /// either kind (a path parameter may arrive percent-decoded, `%2F` as `/`), no NUL.
    static func isPlainName(_ name: Substring) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\\") && !name.contains("\0")
    }

    static func mediaType(of name: String) -> String {
        switch name.split(separator: ".").last.map({ $0.lowercased() }) ?? "" {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json", "map": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        default: "application/octet-stream"
        }
    }
}
