import CrisisModel
import Foundation

/// A form being read for saving: its fields' text, what the operator changed, and errors set beside fields.
struct FormReader {
    var form: FormState
    let names: CountryNames

    init(form: FormState, names: CountryNames) {
        self.form = form
        self.names = names
        for i in self.form.fields.indices { self.form.fields[i].error = nil }
    }

    func trimmed(_ key: String) -> String { form[key].trimmingCharacters(in: .whitespacesAndNewlines) }
    func original(_ key: String) -> String { form.field(key)?.original ?? "" }
    func changed(_ key: String) -> Bool { form.field(key)?.changed ?? false }
    mutating func required(_ key: String) -> String {
        let v = trimmed(key)
        if v.isEmpty { form.setError(key, "required") }
        return v
    }
    mutating func number(_ text: String, _ key: String) -> Int? {
        let v = text.trimmingCharacters(in: .whitespaces)
        if v.isEmpty { return nil }
        guard let n = Int(v) else {
            form.setError(key, "a whole number")
            return nil
        }
        if n < 0 { form.setError(key, "cannot be negative") }
        if n > CountRules.maximum { form.setError(key, "at most \(Format.number(CountRules.maximum))") }
        return n
    }
    mutating func codes(_ text: String, _ key: String) -> [String] {
        var out: [String] = []
        for p in text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init) {
            guard let c = names.code(for: p), !names.isLoaded || names.isKnown(c) else {
                form.setError(key, "'\(p)' is not a country code")
                continue
            }
            out.append(c)
        }
        return out
    }
}
