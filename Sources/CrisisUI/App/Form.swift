import CrisisCore
import Foundation

/// One input of a form. Text is kept as Unicode scalars so the cursor moves over what was typed,
/// even when a Bengali vowel sign joins the consonant before it.
public struct FormField: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case text, number, choice([String]) }
    public var key: String
    public var label: String
    public var kind: Kind
    public var scalars: [Unicode.Scalar]
    public var cursor: Int
    public var error: String?
    public var hint: String

    public init(_ key: String, _ label: String, _ value: String, kind: Kind = .text, hint: String = "") {
        self.key = key; self.label = label; self.kind = kind; self.hint = hint
        scalars = Array(value.unicodeScalars); cursor = scalars.count
    }

    public var value: String {
        get { String(String.UnicodeScalarView(scalars)) }
        set { scalars = Array(newValue.unicodeScalars); cursor = scalars.count }
    }

    /// Edits the field with a key; false when the key is not for the field.
    mutating func handle(_ key: Key) -> Bool {
        if case .choice(let options) = kind, !options.isEmpty {
            let i = options.firstIndex(of: value) ?? 0
            switch key {
            case .left: value = options[(i + options.count - 1) % options.count]; return true
            case .right, .char(" "): value = options[(i + 1) % options.count]; return true
            case .char(let c):
                // Typing the first letter picks an option.
                if let o = options.first(where: { $0.lowercased().hasPrefix(String(c).lowercased()) }) { value = o; return true }
                return false
            default: return false
            }
        }
        switch key {
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(scalars.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = scalars.count
        case .backspace: if cursor > 0 { scalars.remove(at: cursor - 1); cursor -= 1 }
        case .delete: if cursor < scalars.count { scalars.remove(at: cursor) }
        case .ctrl("u"): scalars.removeSubrange(0..<cursor); cursor = 0
        case .char(let c):
            if kind == .number && !(c.isASCII && (c.isNumber || c == "-")) { error = "digits only"; return true }
            let insert = c.unicodeScalars.filter { $0.properties.generalCategory != .control }
            guard !insert.isEmpty, scalars.count < 2000 else { return true }
            scalars.insert(contentsOf: insert, at: cursor); cursor += insert.count
        default: return false
        }
        error = nil
        return true
    }
}

public enum FormTarget: Equatable, Sendable {
    case addCrisis, editCrisis(String)
    case counts(String)
    case alert(String)
    case log(String?)
    case addItem(ChecklistOwner), editItem(ChecklistOwner, String)
    case addContact, editContact(String)
    case addCountry
    case importFile
}

public struct FormState: Equatable, Sendable {
    public var title: String
    public var target: FormTarget
    public var fields: [FormField]
    public var focus = 0
    /// A problem with the whole form (the store refused it, or the record changed underneath).
    public var message: String?
    /// The record as it was when the form opened, to notice someone else changing it meanwhile.
    public var baseline: String

    public subscript(key: String) -> String {
        fields.first { $0.key == key }?.value ?? ""
    }

    mutating func setError(_ key: String, _ text: String) {
        if let i = fields.firstIndex(where: { $0.key == key }) { fields[i].error = text }
    }

    var hasErrors: Bool { fields.contains { $0.error != nil } }
}
