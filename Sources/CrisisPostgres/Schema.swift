import CrisisModel
import CrisisStorage
import Foundation

/// The database's side, version 3: the database is the authority and trusts no client. An append-only table of
/// operations numbered by the database (gapless, under a writers' lock only officers can take), each checked
/// against the table of kinds and fields generated from `OperationShape`, the server's clock and login recorded
/// with it; snapshots for fast loading; presence; and three group roles of this cell alone, named after its
/// database, whose privileges PostgreSQL itself enforces. No role but the owner writes a table: clients write
/// only through SECURITY DEFINER functions with a pinned search_path. `db init` runs the script in one
/// transaction, on an empty database or a version 1, 2 or 3 one; every statement may run again. Version 3 keeps,
/// beside the server's time, when a change that waited at a site was made there; version 4 knows the feeds'
/// operations and lets one site at a time fetch the cell's feeds (a lease only writers can take); version 5 shows
/// every role the primary's standbys (`crisiscell.replication()`), for `db status`.
enum Schema {
    static let version = 5
    static let channel = "crisiscell"

    static let roles = ["viewer", "officer", "admin"]
    /// Version 1's roles, shared by every database on the server. An upgrade gives their members the matching
    /// role of this cell and takes every privilege on this database's schema from them; they are not dropped
    /// (other databases on the server may still use them).
    static let legacyRoles = ["crisiscell_viewer", "crisiscell_officer", "crisiscell_admin"]

    /// PostgreSQL's limit on a name, in bytes.
    static let maxNameBytes = 63
    /// The longest prefix that leaves room for the longest role suffix ("_officer").
    static var maxPrefixBytes: Int { maxNameBytes - 1 - (roles.map(\.utf8.count).max() ?? 0) }

    /// The roles' prefix for a database: `crisiscell_<name>` when the name is lower-case ASCII letters, digits
    /// and underscores and the longest role name fits 63 bytes; otherwise (a long name, capitals, a dash,
    /// anything else) `crisiscell_<the name, lower-cased, other characters as _, at most 35 of them>_<8 hex
    /// digits of a hash of the whole name>`, so every prefix is a plain identifier that fits. Two databases
    /// never share roles: each role carries its cell's id in its comment, and `db init` refuses a role of the
    /// right name that belongs to another cell. The prefix is stored in crisiscell.meta ('roles'); clients and
    /// `db grant` read it there rather than computing it (a renamed database keeps its roles).
    static func rolePrefix(database: String) throws -> String {
        guard !database.isEmpty else { throw DatabaseError(message: "the database has no name: cannot name its roles") }
        let plain = "crisiscell_" + database
        if isValidPrefix(plain) { return plain }
        var kept = ""
        for s in database.unicodeScalars {
            switch s.value {
            case 0x61...0x7A, 0x30...0x39, 0x5F: kept.unicodeScalars.append(s)
            case 0x41...0x5A: kept.unicodeScalars.append(Unicode.Scalar(s.value + 0x20)!)
            default: kept += "_"
            }
        }
        let room = maxPrefixBytes - "crisiscell_".utf8.count - 1 - 8
        let prefix = "crisiscell_" + String(kept.prefix(room)) + "_" + hash8(database)
        guard isValidPrefix(prefix) else {
            throw DatabaseError(
                message: "cannot name the roles of the database '\(database)' within PostgreSQL's 63 bytes")
        }
        return prefix
    }

    /// A role of the cell whose prefix is `prefix` ("viewer", "officer", "admin").
    static func role(_ name: String, prefix: String) -> String { "\(prefix)_\(name)" }

    /// `crisiscell_` and then lower-case ASCII letters, digits and underscores, at most `maxPrefixBytes`.
    static func isValidPrefix(_ prefix: String) -> Bool {
        prefix.hasPrefix("crisiscell_") && prefix.utf8.count > "crisiscell_".utf8.count
            && prefix.utf8.count <= maxPrefixBytes
            && prefix.unicodeScalars.allSatisfy {
                (0x61...0x7A).contains($0.value) || (0x30...0x39).contains($0.value) || $0.value == 0x5F
            }
    }

    /// FNV-1a, 32 bits, of the name's UTF-8: 8 lower-case hex digits.
    private static func hash8(_ text: String) -> String {
        var h: UInt32 = 0x811C_9DC5
        for b in text.utf8 { h = (h ^ UInt32(b)) &* 0x0100_0193 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// The statements of the script for the roles `prefix`, one by one (the extended protocol takes one at a
    /// time): split at a semicolon ending a line outside a $$ body. A prefix that is not one `rolePrefix` makes
    /// gives one statement that fails, saying so.
    static func statements(prefix: String) -> [String] {
        guard isValidPrefix(prefix) else {
            return [
                "DO $$ BEGIN RAISE EXCEPTION 'crisiscell: the roles'' prefix must be crisiscell_ then lower-case letters, digits and underscores, at most \(maxPrefixBytes) bytes' USING ERRCODE = '22023'; END $$"
            ]
        }
        var out: [String] = []
        var current = ""
        var inBody = false
        for line in script(prefix: prefix).split(separator: "\n", omittingEmptySubsequences: false) {
            let text = String(line)
            if text.trimmingCharacters(in: .whitespaces).hasPrefix("--") && !inBody { continue }
            current += text + "\n"
            if text.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            if !inBody && text.trimmingCharacters(in: .whitespaces).hasSuffix(";") {
                out.append(current.trimmingCharacters(in: .whitespacesAndNewlines))
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { out.append(rest) }
        return out
    }

    // MARK: Rendering

    /// An SQL string literal.
    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
    /// An SQL identifier, always quoted.
    static func identifier(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    private static func jsonString(_ text: String) -> String {
        var out = "\""
        for s in text.unicodeScalars {
            switch s {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if s.value < 0x20 { out += String(format: "\\u%04x", s.value) } else { out.unicodeScalars.append(s) }
            }
        }
        return out + "\""
    }

    /// OperationShape.fields as one JSON object, kinds sorted: {"addCountry":["code"],...}.
    static var shapeJSON: String {
        "{"
            + OperationShape.fields.keys.sorted().map { kind in
                jsonString(kind) + ":[" + (OperationShape.fields[kind] ?? []).map(jsonString).joined(separator: ",")
                    + "]"
            }.joined(separator: ",") + "}"
    }

    /// What an admin-only kind does, for the refusal: "only a crisiscell admin may ...".
    static let adminOnlyPhrases = [
        "deleteCrisis": "delete a crisis", "setCell": "change the cell's settings",
        "followFeed": "choose the feeds the cell follows", "unfollowFeed": "choose the feeds the cell follows",
    ]

    static var adminOnlyArray: String {
        "ARRAY[" + OperationShape.adminOnly.sorted().map(literal).joined(separator: ", ") + "]::pg_catalog.text[]"
    }

    static var adminOnlyCase: String {
        "CASE k "
            + OperationShape.adminOnly.sorted().map {
                "WHEN \(literal($0)) THEN \(literal(adminOnlyPhrases[$0] ?? "send a \($0)"))"
            }.joined(separator: " ")
            + " ELSE 'send a ' || k END"
    }

    /// The whole script. Every function that writes is SECURITY DEFINER with search_path pinned to pg_catalog,
    /// pg_temp, names every function and type by its schema, and is executable by one cell role only; the
    /// caller is known by session_user (what SET ROLE does not change).
    /// Rows of these tables are never changed or removed, nor the tables truncated: even the owner is refused
    /// (the owner can still drop a trigger; nothing in PostgreSQL stops a table's owner).
    static let appendOnlyTables = ["operations", "snapshots", "retired", "writers"]
    static var appendOnlyTriggers: String {
        appendOnlyTables.map { t in
            """
                DROP TRIGGER IF EXISTS append_only ON crisiscell.\(t);
                CREATE TRIGGER append_only BEFORE UPDATE OR DELETE ON crisiscell.\(t) FOR EACH ROW EXECUTE FUNCTION crisiscell.refuse_change();
                DROP TRIGGER IF EXISTS no_truncate ON crisiscell.\(t);
                CREATE TRIGGER no_truncate BEFORE TRUNCATE ON crisiscell.\(t) FOR EACH STATEMENT EXECUTE FUNCTION crisiscell.refuse_change();
            """
        }.joined(separator: "\n")
    }

    static func script(prefix: String) -> String { SchemaScript(prefix: prefix).text }
}
