import Foundation

/// Field rules shared by the store and by forms, so both refuse the same input with the same words.
public enum Validate {
    public static func countryCode(_ code: String) throws(StoreError) {
        guard code.count == 2, code.unicodeScalars.allSatisfy({ $0.value >= 65 && $0.value <= 90 }) else {
            throw .invalidCountryCode(code)
        }
    }

    public static func nonEmpty(_ text: String, _ field: String) throws(StoreError) {
        if isBlank(text) { throw .empty(field: field) }
    }

    /// Nothing but white space (Unicode's White_Space, as Foundation's whitespacesAndNewlines), or nothing at all;
    /// `newlines: false` as Foundation's whitespaces.
    /// Decided at the first other character, without the copies `trimmingCharacters` makes: loading a snapshot
    /// checks every name and text in it this way.
    public static func isBlank(_ text: String, newlines: Bool = true) -> Bool {
        for s in text.unicodeScalars {
            // Foundation counts the zero-width space too.
            guard s.properties.isWhitespace || s == "\u{200B}" else { return false }
            if !newlines && s.properties.generalCategory != .spaceSeparator && s != "\t" && s != "\u{200B}" {
                return false
            }
        }
        return true
    }

    public static func timeZone(_ id: String) throws(StoreError) {
        guard TimeZone(identifier: id) != nil else { throw .invalidTimeZone(id) }
    }

    public static func crisis(_ c: Crisis) throws(StoreError) {
        try nonEmpty(c.id, "crisis id")
        try nonEmpty(c.title, "title")
        guard (1...4).contains(c.severity) else {
            throw .outOfRange(field: "severity", value: c.severity, range: 1...4)
        }
        guard !c.countries.isEmpty else { throw .empty(field: "countries") }
        for code in c.countries { try countryCode(code) }
        var seen = Set<String>()
        for item in c.checklist {
            guard seen.insert(item.id).inserted else { throw .duplicateId(item.id) }
        }
    }

    public static func contact(_ c: Contact) throws(StoreError) {
        try nonEmpty(c.id, "contact id")
        try nonEmpty(c.name, "name")
        try countryCode(c.country)
        try timeZone(c.timeZone)
        guard (0...999).contains(c.callOrder) else {
            throw .outOfRange(field: "call-down order", value: c.callOrder, range: 0...999)
        }
        if !c.email.isEmpty, !c.email.contains("@") { throw .invalid(field: "email", reason: "'\(c.email)' has no @") }
        for phone in c.phones where !Phone.isPlausible(phone) {
            throw .invalid(field: "phone", reason: "'\(phone)' is not a phone number (digits, spaces, + ( ) - . only)")
        }
        if let parts = c.nameParts, parts.count > 5 || parts.contains(where: { $0.count > 200 }) {
            throw .invalid(
                field: "name parts",
                reason: "at most five (family, given, additional, prefix, suffix) of 200 characters each")
        }
        if let type = c.addressType, !["HOME", "WORK"].contains(type) {
            throw .invalid(field: "address type", reason: "'\(type)' is not HOME or WORK")
        }
    }
}
