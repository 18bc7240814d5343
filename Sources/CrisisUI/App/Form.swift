import CrisisModel
import Foundation

/// A value someone else saved into a field the operator has also changed, while the form was open.
public struct TheirValue: Equatable, Sendable {
    public var value: String
    public var by: String?
    public var at: Date?
    public init(value: String, by: String?, at: Date?) {
        self.value = value
        self.by = by
        self.at = at
    }
}

/// One input of a form. Text is kept as Unicode scalars so the cursor moves over what was typed,
/// even when a Bengali vowel sign joins the consonant before it.
public struct FormField: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case text
        /// Keeps the line breaks of pasted text (log entries, notes).
        case multiline
        case number
        /// Changed only with ←→ (or a digit an option starts with): typing never changes a choice.
        case choice([String])
    }
    public var key: String
    public var label: String
    public var kind: Kind
    public var scalars: [Unicode.Scalar]
    public var cursor: Int
    public var error: String?
    public var hint: String
    /// The record's value when last seen: what saving expects to replace. A field is the operator's change
    /// only when its value differs from this.
    public var original: String
    /// Someone else changed this field since, and the operator changed it too: theirs, until one is chosen.
    public var theirs: TheirValue?
    /// Filled in from other fields (a contact's time zone from the country) until the operator types in it.
    public var follows = false
    /// A note shown beside the field for a moment (why a key did nothing).
    public var notice: String?

    public init(_ key: String, _ label: String, _ value: String, kind: Kind = .text, hint: String = "") {
        self.key = key
        self.label = label
        self.kind = kind
        self.hint = hint
        scalars = Array(value.unicodeScalars)
        cursor = scalars.count
        original = value
    }

    public var value: String {
        get { String(String.UnicodeScalarView(scalars)) }
        set {
            scalars = Array(newValue.unicodeScalars)
            cursor = scalars.count
        }
    }

    /// The operator's own change: the value differs from the record's.
    public var changed: Bool { value != original }

    var isChoice: Bool { if case .choice = kind { return true } else { return false } }

    /// Edits the field with a key; false when the key is not for the field.
    mutating func handle(_ key: Key) -> Bool {
        notice = nil
        if case .choice(let options) = kind, !options.isEmpty {
            let i = options.firstIndex(of: value) ?? 0
            switch key {
            case .left:
                value = options[(i + options.count - 1) % options.count]
                return true
            case .right:
                value = options[(i + 1) % options.count]
                return true
            case .char(let c):
                // A digit picks the option it starts (alert level 0-4, severity 1-4); nothing else typed changes a
                // choice: a reason typed into the wrong field must never raise an alert level.
                if c.isNumber, let o = options.first(where: { $0.hasPrefix(String(c)) }) {
                    value = o
                    return true
                }
                let digits = options.compactMap { $0.first?.isNumber == true ? String($0.first!) : nil }
                notice =
                    digits.count == options.count ? "←→ or \(digits.first!)-\(digits.last!) to choose" : "←→ to choose"
                return true
            default: return false
            }
        }
        switch key {
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(scalars.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = scalars.count
        case .backspace:
            if cursor > 0 {
                scalars.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete: if cursor < scalars.count { scalars.remove(at: cursor) }
        case .ctrl("u"):
            scalars.removeSubrange(0..<cursor)
            cursor = 0
        case .char(let c):
            if kind == .number && !(c.isASCII && (c.isNumber || c == "-")) {
                error = "digits only"
                return true
            }
            insert(String(c))
        default: return false
        }
        error = nil
        follows = false
        return true
    }

    /// Inserts text at the cursor: line breaks kept in a multi-line field and made spaces elsewhere, tabs made
    /// spaces, other control characters left out. Used for typed characters and for pastes alike.
    mutating func insert(_ text: String) {
        if case .choice = kind {
            notice = "a choice: ←→ to choose"
            return
        }
        var out: [Unicode.Scalar] = []
        var lastWasCR = false
        for s in text.unicodeScalars {
            defer { lastWasCR = s == "\r" }
            if s == "\n" && lastWasCR { continue }
            if s == "\r" || s == "\n" {
                out.append(kind == .multiline ? "\n" : " ")
                continue
            }
            if s == "\t" {
                out.append(" ")
                continue
            }
            // Control characters and bidi overrides never go into data; joiners (ZWJ in Bengali) do.
            if s.properties.generalCategory == .control || (0x202A...0x202E).contains(s.value)
                || (0x2066...0x2069).contains(s.value)
            {
                continue
            }
            if kind == .number && !(s.isASCII && (("0"..."9").contains(s) || s == "-" || s == "," || s == " ")) {
                error = "digits only"
                continue
            }
            if kind == .number && (s == "," || s == " ") { continue }
            out.append(s)
        }
        if kind != .multiline { while out.last == " " && text.last?.isNewline == true { out.removeLast() } }
        let room = max(0, 2000 - scalars.count)
        let insert = out.prefix(room)
        guard !insert.isEmpty else { return }
        scalars.insert(contentsOf: insert, at: cursor)
        cursor += insert.count
        follows = false
    }

    /// Takes the value someone else saved, dropping the operator's.
    mutating func takeTheirs() {
        guard let t = theirs else { return }
        value = t.value
        original = t.value
        theirs = nil
    }

    /// Keeps the operator's value, knowing it replaces theirs.
    mutating func keepMine() {
        guard let t = theirs else { return }
        original = t.value
        theirs = nil
    }

    /// The record changed under the form: an untouched field shows the new value; a field the operator changed
    /// keeps their value and learns theirs, unless both are the same.
    mutating func recordChanged(to now: String, by: String?, at: Date?) {
        guard now != original || theirs != nil else { return }
        if !changed && theirs == nil {
            value = now
            original = now
        } else if value == now {
            original = now
            theirs = nil
        } else if now != original {
            theirs = TheirValue(value: now, by: by, at: at)
        }
    }
}

public enum FormTarget: Equatable, Sendable {
    case addCrisis
    case editCrisis(String)
    case counts(String)
    case alert(String)
    case log(String?)
    /// A new item, in the section given (the selected item's).
    case addItem(ChecklistOwner, section: String?)
    case editItem(ChecklistOwner, String)
    case addContact(country: String?)
    case editContact(String)
    case addCountry
    case importFile
    /// A crisis opened from an incoming item (its key): the crisis form, prefilled from the item. Each carries the
    /// item's status as the operator saw it, which the decision expects to replace.
    case openIncoming(String, expected: IncomingStatus)
    case linkIncoming(String, expected: IncomingStatus)
    case dismissIncoming(String, expected: IncomingStatus)

    var isNew: Bool {
        switch self {
        case .addCrisis, .addItem, .addContact, .addCountry, .log, .importFile, .openIncoming, .linkIncoming,
            .dismissIncoming:
            return true
        default: return false
        }
    }
}

public struct FormState: Equatable, Sendable {
    public var title: String
    public var target: FormTarget
    public var fields: [FormField]
    public var focus = 0
    /// A problem with the whole form (the store refused it, someone changed the record, nothing to save).
    public var message: String?
    /// Esc was pressed once on a form holding the operator's changes: a second Esc discards them.
    public var discardArmed = false
    /// The record was deleted by someone while the form was open.
    public var gone = false

    public init(title: String, target: FormTarget, fields: [FormField]) {
        self.title = title
        self.target = target
        self.fields = fields
    }

    public subscript(key: String) -> String {
        fields.first { $0.key == key }?.value ?? ""
    }

    func field(_ key: String) -> FormField? { fields.first { $0.key == key } }

    mutating func setError(_ key: String, _ text: String) {
        if let i = fields.firstIndex(where: { $0.key == key }) { fields[i].error = text }
    }

    var hasErrors: Bool { fields.contains { $0.error != nil } }

    /// True when closing the form would lose something the operator typed.
    public var holdsChanges: Bool { fields.contains { $0.changed && !$0.follows } }

    /// Fields where someone else's value waits for the operator's choice.
    public var unresolved: [Int] { fields.indices.filter { fields[$0].theirs != nil } }
}
