import CrisisModel
import Foundation

/// The cell's alert-level changes as CAP 1.2 messages (OASIS) in an Atom feed, so partners and embassies can
/// subscribe: one entry per change, newest first. A country's first raise is an Alert; each later change an
/// Update that references the message before it; a return to no alert a Cancel. Identifiers are the country and
/// the change's place in its history, so the same change has the same identifier in every export.
public enum CAPExport {
    public static let namespace = "urn:oasis:names:tc:emergency:cap:1.2"

    public struct Message: Equatable, Sendable {
        public var identifier: String
        public var sent: Date
        public var msgType: String
        public var references: String?
        public var country: String
        public var change: AlertChange
    }

    /// Every change of every country, each with the message it continues.
    public static func messages(_ world: World, sender: String) -> [Message] {
        var out: [Message] = []
        for code in world.countries.keys.sorted() {
            var previous: Message?
            for (n, change) in (world.countries[code]?.alertHistory ?? []).enumerated() {
                let type: String
                if change.level == .none {
                    guard previous != nil else { continue } // never raised: nothing to cancel
                    type = "Cancel"
                } else {
                    type = previous == nil ? "Alert" : "Update"
                }
                let m = Message(
                    identifier: "\(slug(world.cell.name)).\(code).\(n + 1)", sent: change.at, msgType: type,
                    references: previous.map { "\(sender),\($0.identifier),\(capTime($0.sent))" }, country: code,
                    change: change)
                out.append(m)
                previous = type == "Cancel" ? nil : m
            }
        }
        return out.sorted { ($0.sent, $0.identifier) > ($1.sent, $1.identifier) }
    }

    public static func atom(_ world: World, sender: String, names: CountryNames, now: Date) -> Data {
        let messages = messages(world, sender: sender)
        let cell = world.cell.name
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        x += "  <id>urn:crisiscell:\(esc(slug(cell))):alerts</id>\n"
        x += "  <title>\(esc(cell)): alert levels for nationals abroad</title>\n"
        x += "  <updated>\(capTime(messages.first?.sent ?? now))</updated>\n"
        x += "  <author><name>\(esc(cell))</name></author>\n"
        for m in messages {
            let title = headline(m, names: names)
            x += "  <entry>\n    <id>urn:crisiscell:\(esc(m.identifier))</id>\n    <title>\(esc(title))</title>\n"
            x += "    <updated>\(capTime(m.sent))</updated>\n"
            x += "    <content type=\"application/cap+xml\">\n"
            x += alert(m, sender: sender, cell: cell, names: names, indent: "      ")
            x += "    </content>\n  </entry>\n"
        }
        return Data((x + "</feed>\n").utf8)
    }

    /// One `<alert>`, its elements in the order CAP 1.2's schema sets.
    static func alert(_ m: Message, sender: String, cell: String, names: CountryNames, indent: String) -> String {
        let c = m.change
        let level = c.level
        var lines = ["<alert xmlns=\"\(namespace)\">"]
        lines += [
            "  <identifier>\(esc(m.identifier))</identifier>", "  <sender>\(esc(sender))</sender>",
            "  <sent>\(capTime(m.sent))</sent>", "  <status>Actual</status>", "  <msgType>\(m.msgType)</msgType>",
            "  <scope>Public</scope>",
        ]
        if let r = m.references { lines.append("  <references>\(esc(r))</references>") }
        lines += [
            "  <info>", "    <language>en-US</language>", "    <category>Safety</category>",
            "    <event>Alert level for nationals</event>",
        ]
        if let response = responseType(level) { lines.append("    <responseType>\(response)</responseType>") }
        lines += [
            "    <urgency>\(urgency(level))</urgency>", "    <severity>\(severity(level))</severity>",
            "    <certainty>Observed</certainty>", "    <effective>\(capTime(m.sent))</effective>",
            "    <senderName>\(esc(cell))</senderName>", "    <headline>\(esc(headline(m, names: names)))</headline>",
        ]
        let reason = TextCleaning.plain(c.reason).trimmingCharacters(in: .whitespaces)
        if !reason.isEmpty { lines.append("    <description>\(esc(reason))</description>") }
        lines += [
            "    <parameter>", "      <valueName>alertLevel</valueName>", "      <value>\(level.tag)</value>",
            "    </parameter>", "    <area>", "      <areaDesc>\(esc(names.name(m.country)))</areaDesc>",
            "      <geocode>", "        <valueName>ISO3166-1</valueName>", "        <value>\(m.country)</value>",
            "      </geocode>", "    </area>", "  </info>", "</alert>",
        ]
        return lines.map { indent + $0 + "\n" }.joined()
    }

    static func headline(_ m: Message, names: CountryNames) -> String {
        let c = m.change
        let name = names.name(m.country)
        if m.msgType == "Cancel" { return "\(name): alert lifted (was \(c.previous.tag) \(c.previous.label))" }
        let was = c.previous == .none ? "" : " (was \(c.previous.tag))"
        return "\(name): \(c.level.tag) \(c.level.label)\(was)"
    }

    static func responseType(_ l: AlertLevel) -> String? {
        switch l {
        case .mandatoryEvacuation: "Evacuate"
        case .voluntaryReturn: "Prepare"
        case .restriction: "Avoid"
        case .precautionary: "Monitor"
        case .none: "AllClear"
        }
    }

    static func urgency(_ l: AlertLevel) -> String {
        switch l {
        case .mandatoryEvacuation: "Immediate"
        case .voluntaryReturn: "Expected"
        case .restriction, .precautionary: "Future"
        case .none: "Past"
        }
    }

    static func severity(_ l: AlertLevel) -> String {
        switch l {
        case .mandatoryEvacuation: "Extreme"
        case .voluntaryReturn: "Severe"
        case .restriction: "Moderate"
        case .precautionary, .none: "Minor"
        }
    }

    /// CAP's date form: seconds and a numeric offset, never "Z" ("2026-12-03T09:12:00+00:00").
    public static func capTime(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        let z = f.string(from: Date(timeIntervalSince1970: d.timeIntervalSince1970.rounded(.down)))
        return z.hasSuffix("Z") ? String(z.dropLast()) + "+00:00" : z
    }

    /// The same sender from every machine of the cell (a host name would differ, and subscribers would see each
    /// change twice with Updates that link to nothing).
    public static func defaultSender(cell: String) -> String { "crisiscell@\(slug(cell))" }

    static func slug(_ s: String) -> String {
        let folded = s.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }
        let joined = String(folded).split(separator: "-").joined(separator: "-")
        return joined.isEmpty ? "cell" : joined
    }

    /// XML text: the five special characters escaped and what XML 1.0 forbids (controls, U+FFFE, U+FFFF) taken
    /// out, scalar by scalar ("&" followed by a combining accent is one Character but still an ampersand).
    static func esc(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in TextCleaning.plain(s, keepNewlines: true).unicodeScalars {
            switch u {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&apos;".unicodeScalars)
            case "\u{FFFE}", "\u{FFFF}": continue
            default: out.append(u)
            }
        }
        return String(out)
    }
}
