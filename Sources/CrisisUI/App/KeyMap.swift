/// What a key asks for in the normal console.
public enum Command: String, CaseIterable, Sendable {
    case nextPane, previousPane, focus1, focus2, focus3, focus4, focus5, focus6
    case up, down, pageUp, pageDown, top, bottom
    case details, tick, add, edit, delete, filter, sort, zoom, undo, redo, alertLevel, logEntry
    case toggleAllContacts, briefing, theme, help, quit, importFile, acknowledge, acknowledgeAll, cycleKind,
        sinceLastLooked, redraw, waitingToSend, openIncoming, linkIncoming

    /// Changes data: absent from read-only mode and its help.
    public var edits: Bool {
        switch self {
        case .tick, .add, .edit, .delete, .undo, .redo, .alertLevel, .logEntry, .importFile, .openIncoming,
            .linkIncoming:
            return true
        default: return false
        }
    }
}

/// One binding: keys, the command, and the words the hint line and help screen show.
public struct Binding: Sendable {
    public var keys: [Key]
    public var command: Command
    public var label: String
    /// Shown on the hint line when there is room, in this order; 0 = only in help.
    public var hintRank: Int
}

/// The key map is data: the reducer looks keys up here and the help screen and hint line are drawn from it.
public enum KeyMap {
    public static let bindings: [Binding] = [
        Binding(keys: [.tab], command: .nextPane, label: "next pane", hintRank: 1),
        Binding(keys: [.backTab], command: .previousPane, label: "previous pane", hintRank: 0),
        Binding(keys: [.char("1")], command: .focus1, label: "Crises pane", hintRank: 0),
        Binding(keys: [.char("2")], command: .focus2, label: "Countries pane", hintRank: 0),
        Binding(keys: [.char("3")], command: .focus3, label: "Checklist pane", hintRank: 0),
        Binding(keys: [.char("4")], command: .focus4, label: "Contacts pane", hintRank: 0),
        Binding(
            keys: [.char("5")], command: .focus5, label: "the whole log (c crisis / all, f kind, / find, Enter read)",
            hintRank: 0),
        Binding(
            keys: [.char("6")], command: .focus6,
            label: "Incoming: what the feeds brought in (Enter read, o open a crisis, l link, d dismiss)", hintRank: 0),
        Binding(keys: [.up, .char("k")], command: .up, label: "move up", hintRank: 2),
        Binding(keys: [.down, .char("j")], command: .down, label: "move down", hintRank: 0),
        Binding(keys: [.pageUp, .ctrl("b")], command: .pageUp, label: "page up", hintRank: 0),
        Binding(keys: [.pageDown, .ctrl("f")], command: .pageDown, label: "page down", hintRank: 0),
        Binding(keys: [.char("g"), .home], command: .top, label: "first row", hintRank: 0),
        Binding(keys: [.char("G"), .end], command: .bottom, label: "last row", hintRank: 0),
        Binding(keys: [.enter], command: .details, label: "details", hintRank: 9),
        Binding(keys: [.char(" ")], command: .tick, label: "tick", hintRank: 3),
        Binding(keys: [.char("/")], command: .filter, label: "filter", hintRank: 4),
        Binding(keys: [.char("a")], command: .add, label: "add", hintRank: 6),
        Binding(keys: [.char("e")], command: .edit, label: "edit", hintRank: 7),
        Binding(keys: [.char("d")], command: .delete, label: "delete", hintRank: 0),
        Binding(keys: [.char("s")], command: .sort, label: "sort", hintRank: 11),
        Binding(keys: [.char("z")], command: .zoom, label: "zoom", hintRank: 12),
        Binding(keys: [.char("u")], command: .undo, label: "undo mine", hintRank: 13),
        Binding(keys: [.char("U")], command: .redo, label: "redo mine", hintRank: 0),
        Binding(keys: [.char("L")], command: .alertLevel, label: "alert level", hintRank: 8),
        Binding(keys: [.char("n")], command: .logEntry, label: "log entry", hintRank: 10),
        Binding(keys: [.char("i")], command: .importFile, label: "import counts or contacts from a file", hintRank: 0),
        Binding(keys: [.char("c")], command: .toggleAllContacts, label: "contacts: crisis / all", hintRank: 0),
        Binding(keys: [.char("b")], command: .briefing, label: "briefing", hintRank: 14),
        Binding(keys: [.char("t")], command: .theme, label: "theme", hintRank: 0),
        Binding(keys: [.char("x")], command: .acknowledge, label: "acknowledge an alert banner", hintRank: 0),
        Binding(keys: [.char("X")], command: .acknowledgeAll, label: "acknowledge every alert banner", hintRank: 0),
        Binding(
            keys: [.char("w")], command: .sinceLastLooked, label: "what changed since you last looked", hintRank: 15),
        Binding(
            keys: [.char("f")], command: .cycleKind,
            label: "log: one kind of entry (sitrep, decision, call, alert, change)", hintRank: 0),
        Binding(
            keys: [.char("o")], command: .openIncoming, label: "Incoming: open a crisis from the item", hintRank: 0),
        Binding(keys: [.char("l")], command: .linkIncoming, label: "Incoming: link the item to a crisis", hintRank: 0),
        Binding(keys: [.char("?")], command: .help, label: "help", hintRank: 5),
        Binding(
            keys: [.char("W")], command: .waitingToSend,
            label: "changes waiting to send to the database: keep mine / take theirs", hintRank: 0),
        Binding(keys: [.ctrl("l")], command: .redraw, label: "draw the whole screen again", hintRank: 0),
        Binding(keys: [.char("q")], command: .quit, label: "quit", hintRank: 1_000),
    ]

    public static func command(for key: Key, readOnly: Bool) -> Command? {
        guard let b = bindings.first(where: { $0.keys.contains(key) }) else { return nil }
        return readOnly && b.command.edits ? nil : b.command
    }

    public static func visible(readOnly: Bool) -> [Binding] {
        bindings.filter { !(readOnly && $0.command.edits) }
    }

    /// The hint line: as many bindings as fit, by rank, quit always last.
    /// The Log view's own keys, for its key line: what it does differently from the panes.
    public static let logHints: [(key: String, label: String)] = [
        ("↑↓", "move"), ("Enter", "read whole"), ("c", "crisis / all"), ("f", "kind"), ("/", "find"),
        ("w", "since you looked"),
        ("1-4", "panes"), ("?", "help"), ("q", "quit"),
    ]

    /// The Incoming view's own keys.
    public static let incomingHints: [(key: String, label: String)] = [
        ("↑↓", "move"), ("Enter", "read whole"), ("o", "open crisis"), ("l", "link"), ("d", "dismiss"),
        ("x", "acknowledge banner"), ("/", "find"), ("1-5", "other views"), ("?", "help"), ("q", "quit"),
    ]

    public static func hints(readOnly: Bool) -> [(key: String, label: String)] {
        visible(readOnly: readOnly).filter { $0.hintRank > 0 }.sorted { $0.hintRank < $1.hintRank }.map { b in
            let key: String
            switch b.command {
            case .up: key = "↑↓"
            case .nextPane: key = "Tab"
            default: key = b.keys[0].name
            }
            return (key, b.command == .up ? "move" : b.command == .nextPane ? "pane" : b.label)
        }
    }
}
