import Foundation

/// Calling codes for phone numbers written without one: the cell's host countries, their transit
/// states, and home. A local number elsewhere must carry its +code.
public enum CallingCode {
    /// alpha-2 → (country calling code, national trunk prefix dropped in international form).
    public static let table: [String: (code: String, trunk: String)] = [
        "BD": ("880", "0"), "SA": ("966", "0"), "AE": ("971", "0"), "OM": ("968", ""), "MY": ("60", "0"),
        "QA": ("974", ""), "KW": ("965", ""), "SG": ("65", ""), "BH": ("973", ""), "JO": ("962", "0"),
        "IT": ("39", ""), "LB": ("961", "0"), "LY": ("218", "0"), "SD": ("249", "0"), "EG": ("20", "0"),
        "TN": ("216", ""),
    ]

    /// E.164 ("+9613000001") for a number in any usual notation: "+961 3 000 001", "00961 3 000 001",
    /// "tel:+961-3-000-001", or a local "03 000 001" when the country is one of `table`'s. Nil when the
    /// number has no calling code and the country's is not known, or when it is not a phone number.
    public static func e164(_ raw: String, country: String?) -> String? {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.lowercased().hasPrefix("tel:") { text = String(text.dropFirst(4)) }
        if let cut = text.firstIndex(of: ";") { text = String(text[..<cut]) } // tel: URI parameters (;ext=…)
        guard Phone.isPlausible(text) else { return nil }
        let digits = text.filter { $0.isASCII && $0.isNumber }
        let international: String
        if text.first(where: { $0 != " " && $0 != "(" }) == "+" {
            international = digits
        } else if digits.hasPrefix("00") {
            international = String(digits.dropFirst(2))
        } else {
            guard let country, let entry = table[country] else { return nil }
            var national = Substring(digits)
            if !entry.trunk.isEmpty, national.hasPrefix(entry.trunk) {
                national = national.dropFirst(entry.trunk.count)
            }
            international = entry.code + national
        }
        guard (4...15).contains(international.count), international.first != "0" else { return nil }
        return "+" + international
    }

    /// A number written with its calling code, keeping the grouping a person gave it: "03 111 222" in Lebanon
    /// becomes "+961 3 111 222", "00961 3 111 222" becomes "+961 3 111 222". Its digits are the E.164 number.
    /// Nil when `e164` gives none.
    public static func international(_ raw: String, country: String?) -> String? {
        guard let e164 = e164(raw, country: country) else { return nil }
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.lowercased().hasPrefix("tel:") { text = String(text.dropFirst(4)) }
        if let cut = text.firstIndex(of: ";") { text = String(text[..<cut]) }
        text = text.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("+") { return text }
        if text.hasPrefix("00") { return "+" + text.dropFirst(2) }
        guard let country, let entry = table[country] else { return e164 }
        var national = Substring(text)
        if !entry.trunk.isEmpty, national.hasPrefix(entry.trunk) { national = national.dropFirst(entry.trunk.count) }
        let shown = "+\(entry.code) " + national.trimmingCharacters(in: .whitespaces)
        return shown.filter { $0.isNumber } == e164.filter { $0.isNumber } ? shown : e164
    }

    /// The country whose calling code an international number ("+965 2222 0000", "00965…") starts with, among
    /// the countries of `table`; nil for a local number or another code.
    public static func country(ofInternational raw: String) -> String? {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.lowercased().hasPrefix("tel:") { text = String(text.dropFirst(4)) }
        let digits = text.filter { $0.isASCII && $0.isNumber }
        let international: Substring
        if text.first == "+" {
            international = Substring(digits)
        } else if digits.hasPrefix("00") {
            international = digits.dropFirst(2)
        } else {
            return nil
        }
        // Longest code first: +961 before +96, though no code of the table is a prefix of another today.
        return table.sorted { $0.value.code.count > $1.value.code.count }.first {
            international.hasPrefix($0.value.code)
        }?.key
    }
}
