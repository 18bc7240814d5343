/// The line mode's commands, each with a line of summary and its full help.
public enum PlainHelp {
    public struct Command: Sendable {
        public var name: String
        public var usage: String
        public var summary: String
        public var details: [String]
    }

    public static let commands: [Command] = [
        Command(
            name: "crises", usage: "crises", summary: "the crises, most urgent first, numbered",
            details: [
                "Each line says the phase, the severity, the highest alert level and where, the main counts and the checklist's progress.",
                "Then crisis 2 reads the second in full, checklist 2 its checklist, countries 2 its countries.",
            ]),
        Command(
            name: "countries", usage: "countries [all | CRISIS]",
            summary: "host countries with an alert or a count, highest alert first",
            details: [
                "countries all lists every host country; countries and a crisis (its number or name) lists that crisis's countries.",
                "Then country 3 reads the third in full, with each count's time, source and who set it.",
            ]),
        Command(
            name: "crisis", usage: "crisis CRISIS", summary: "one crisis in full",
            details: [
                "CRISIS is its number in the last list, its id, or the start of its name: crisis 1, crisis lebanon."
            ]),
        Command(
            name: "country", usage: "country COUNTRY",
            summary: "one country in full: alert, every count with its source, crises, contacts",
            details: [
                "COUNTRY is its number in the last list, its two-letter code or its English name: country LB, country Saudi Arabia."
            ]),
        Command(
            name: "checklist", usage: "checklist CRISIS [open]",
            summary: "a crisis's checklist by section, numbered; open leaves out what is done",
            details: [
                "A two-letter country code gives that country's standing preparedness list: checklist KW.",
                "Then tick 4 ticks the fourth item of that list.",
            ]),
        Command(
            name: "tick", usage: "tick N  |  tick CRISIS ITEM", summary: "mark a checklist item done",
            details: [
                "tick 4 ticks item 4 of the last checklist listed. tick lebanon 4, tick lb-escalation act-01 or tick lebanon manifests (words of the item) name it directly.",
                "If someone changed the item since you last saw it, nothing is saved and you are told who did.",
            ]),
        Command(
            name: "untick", usage: "untick N  |  untick CRISIS ITEM", summary: "set a checklist item back to open",
            details: ["Works as tick does."]),
        Command(
            name: "count", usage: "count COUNTRY --KIND N ...", summary: "set counts of nationals in a country",
            details: [
                "Kinds: stock, registered, affected, sheltered, at-assembly, in-transit, evacuated, returned, injured, missing, dead.",
                "count Lebanon --affected 12500 --evacuated 1300 --source \"OCHA sitrep 14\". The dashes are optional: count LB affected 12500.",
                "Each figure replaces the one you last saw; if a colleague changed it since, nothing is saved and you are told. Type the command again to put yours in its place.",
            ]),
        Command(
            name: "alert", usage: "alert COUNTRY LEVEL why ...",
            summary: "set a country's alert level, with the reason",
            details: [
                "Levels: 0 none, 1 precautionary, 2 restriction, 3 voluntary return, 4 mandatory evacuation.",
                "alert Kuwait 2 curfew announced by the interior ministry. The reason is logged with your name.",
                "A rise of two levels or more, or to level 4, asks you to type yes first.",
            ]),
        Command(
            name: "log", usage: "log [--crisis CRISIS] [--kind KIND] TEXT",
            summary: "write in the event log; log alone reads it",
            details: [
                "Kinds: sitrep (the default), decision, call. log --crisis lebanon --kind call Spoke to the embassy duty officer.",
                "log alone lists the latest entries, newest first; log --crisis lebanon those of one crisis.",
            ]),
        Command(
            name: "contacts", usage: "contacts [COUNTRY | CRISIS]",
            summary: "the contact roster in call-down order, with phones",
            details: [
                "contacts Lebanon, contacts LB, or contacts and a crisis for the people in its countries. A number reads one contact in full."
            ]),
        Command(
            name: "since", usage: "since", summary: "what others changed since you last looked",
            details: [
                "Alert levels, counts that moved, items ticked, new log entries. Leaving the line mode marks everything as seen, as since does."
            ]),
        Command(
            name: "incoming", usage: "incoming [N | all]",
            summary: "what the followed feeds brought in, untriaged, gravest first",
            details: [
                "Each line: the source's level and the hazard, where, how many of our nationals are there, whose word, how old.",
                "incoming 2 reads the second whole; incoming all lists the decided and withdrawn ones too.",
            ]),
        Command(
            name: "dismiss", usage: "dismiss N WHY", summary: "dismiss incoming item N, saying why",
            details: ["Recorded with your name; every console sees it decided. Type incoming first for the numbers."]),
        Command(
            name: "link", usage: "link N CRISIS", summary: "link incoming item N to a crisis (its log gets the source)",
            details: [
                "CRISIS: its number in the crises list, or its name. The console's o opens a new crisis from an item."
            ]),
        Command(
            name: "find", usage: "find TEXT",
            summary: "crises, countries, items, contacts and log entries that mention TEXT",
            details: ["find manifests, find Karim, find 9613 (part of a phone number)."]),
        Command(
            name: "more", usage: "more", summary: "the next lines of a long list",
            details: ["Lists show \(PlainSession.pageSize) lines at a time."]),
        Command(
            name: "undo", usage: "undo", summary: "take back your last change made here",
            details: ["Only if nobody changed the same thing since; log entries stay in the log. redo does it again."]),
        Command(name: "redo", usage: "redo", summary: "do again what undo took back", details: []),
        Command(name: "help", usage: "help [COMMAND]", summary: "this list, or one command in full", details: []),
        Command(
            name: "quit", usage: "quit", summary: "leave (Ctrl-D too)",
            details: ["Everything confirmed as saved is on disk already."]),
    ]

    static func reply(for name: String?) -> PlainReply {
        guard let name = name?.lowercased() else {
            var lines = [PlainLine("Commands. A number alone reads that line of the last list in full.", .heading)]
            for c in commands { lines.append(PlainLine("\(c.usage): \(c.summary).")) }
            lines.append(
                PlainLine(
                    "Up and down arrows bring back earlier commands; Tab completes commands, crises and countries. Times are UTC."
                ))
            return PlainReply(lines)
        }
        guard let c = commands.first(where: { $0.name == name }) else {
            return .problem("There is no command \"\(name)\". Type help for the list.")
        }
        return PlainReply([PlainLine("\(c.usage): \(c.summary).", .heading)] + c.details.map { PlainLine($0) })
    }
}
