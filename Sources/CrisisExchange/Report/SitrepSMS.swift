import CrisisModel
import Foundation

/// The situation report as text messages: the call to action first, then the most urgent crisis, then the
/// others, then when. Every line fits one SMS: at most 160 GSM-7 characters, or 70 when it needs Unicode
/// (UCS-2), as Bangla text does. Everything said comes from the data: alert levels and counts.
public struct SitrepSMS {
    public enum Language: String, CaseIterable, Sendable { case en, bn }

    let world: World
    let countries: CountryNames
    let now: Date
    let language: Language
    let helpline: String?
    /// Other active crises listed after the most urgent one.
    public var maxOtherCrises = 4

    public init(world: World, countries: CountryNames, now: Date, language: Language = .en, helpline: String? = nil) {
        self.world = world
        self.countries = countries
        self.now = now
        self.language = language
        let h = helpline?.trimmingCharacters(in: .whitespacesAndNewlines)
        self.helpline = (h?.isEmpty ?? true) ? nil : h
    }

    public func render() -> String { lines().joined(separator: "\n") + "\n" }

    public func lines() -> [String] {
        var messages: [String] = []
        let active = world.crisesByUrgency(includeClosed: false)
        guard let top = active.first else {
            messages.append(t(en: "No active crisis.", bn: "কোনো সক্রিয় সংকট নেই।"))
            messages.append(footer())
            return messages.flatMap(Self.wrap)
        }
        // Calls to action: the most urgent crisis's countries, highest alert first.
        let codes = top.countries.enumerated().sorted { a, b in
            let la = world.countries[a.element]?.alertLevel ?? .none
            let lb = world.countries[b.element]?.alertLevel ?? .none
            return la != lb ? la > lb : a.offset < b.offset
        }.map(\.element)
        for code in codes {
            messages.append(callToAction(code, level: world.countries[code]?.alertLevel ?? .none))
        }
        messages.append(status(of: top))
        for c in active.dropFirst().prefix(maxOtherCrises) { messages.append(brief(of: c)) }
        let more = active.count - 1 - maxOtherCrises
        if more > 0 {
            messages.append(t(en: "\(more) more active crises.", bn: "আরও \(digits(String(more)))টি সংকট চলমান।"))
        }
        messages.append(footer())
        return messages.flatMap(Self.wrap)
    }

    // MARK: Content

    private func t(en: String, bn: String) -> String { language == .en ? en : bn }

    private func countryName(_ code: String) -> String {
        language == .en ? Self.gsmFriendly(countries.name(code)) : countries.bengaliName(code)
    }

    private func callToAction(_ code: String, level: AlertLevel) -> String {
        var text: String
        switch language {
        case .en:
            let who = "Nationals in \(countryName(code)): "
            switch level {
            case .mandatoryEvacuation:
                text =
                    who
                    + "MANDATORY EVACUATION (alert L4). Register with the embassy to leave and follow its instructions."
            case .voluntaryReturn:
                text = who + "assisted return is offered (alert L3). Register with the embassy if you want to leave."
            case .restriction:
                text = who + "stay where you are, limit movement, keep passport and ID with you (alert L2)."
            case .precautionary:
                text = who + "keep passport and ID ready and stay in touch with the embassy (alert L1)."
            case .none:
                text = who + "no alert in force; follow the embassy's advice."
            }
            if let helpline { text += " Helpline \(Self.gsmFriendly(helpline))." }
        case .bn:
            let who = Self.locative(countryName(code)) + " অবস্থানরত প্রবাসীরা: "
            let tag = "(সতর্কতা স্তর \(digits(String(level.rawValue))))"
            switch level {
            case .mandatoryEvacuation:
                text = who + "বাধ্যতামূলক সরিয়ে নেওয়া হচ্ছে \(tag)। দেশে ফিরতে দূতাবাসে নিবন্ধন করুন ও নির্দেশনা মেনে চলুন।"
            case .voluntaryReturn:
                text = who + "সহায়তায় দেশে ফেরার সুযোগ আছে \(tag)। ফিরতে চাইলে দূতাবাসে নিবন্ধন করুন।"
            case .restriction:
                text = who + "যেখানে আছেন সেখানেই থাকুন, চলাচল সীমিত রাখুন, পাসপোর্ট ও পরিচয়পত্র সঙ্গে রাখুন \(tag)।"
            case .precautionary:
                text = who + "পাসপোর্ট ও পরিচয়পত্র প্রস্তুত রাখুন, দূতাবাসের সঙ্গে যোগাযোগ রাখুন \(tag)।"
            case .none:
                text = who + "এখন কোনো সতর্কতা জারি নেই; দূতাবাসের পরামর্শ মেনে চলুন।"
            }
            // A no-break space keeps the number with its label when the message is split.
            if let helpline { text += " হেল্পলাইন:\u{00A0}\(helpline)।" }
        }
        return text
    }

    private static let statusKinds: [CountKind] = [
        .affected, .registered, .sheltered, .atAssembly, .inTransit, .evacuated, .returned, .injured, .missing, .dead,
    ]
    private static let briefKinds: [CountKind] = [.affected, .evacuated, .returned, .missing, .dead]

    private func figures(_ crisis: Crisis, _ kinds: [CountKind]) -> [String] {
        kinds.compactMap { k in world.total(k, in: crisis.countries).map { "\(label(k)) \(number($0))" } }
    }

    private func status(of c: Crisis) -> String {
        let title = language == .en ? Self.gsmFriendly(c.title) : c.title
        let f = figures(c, Self.statusKinds)
        switch language {
        case .en:
            let counts = f.isEmpty ? " No counts yet." : " " + f.joined(separator: ", ").capitalizedFirst + "."
            return "\(title): severity \(c.severity)/4, phase \(c.phase.rawValue).\(counts)"
        case .bn:
            let counts = f.isEmpty ? " এখনও কোনো গণনা নেই।" : " " + f.joined(separator: ", ") + "।"
            return
                "\(title): তীব্রতা \(digits("\(c.severity)/4")), পর্যায়: \(Self.bengaliPhase[c.phase] ?? c.phase.rawValue)।\(counts)"
        }
    }

    private func brief(of c: Crisis) -> String {
        let level = world.maxAlert(of: c)
        let title = language == .en ? Self.gsmFriendly(c.title) : c.title
        let f = figures(c, Self.briefKinds)
        switch language {
        case .en:
            return "\(title): alert \(level.tag) \(level.label)"
                + (f.isEmpty ? "." : "; " + f.joined(separator: ", ") + ".")
        case .bn:
            return "\(title): সতর্কতা স্তর \(digits(String(level.rawValue))) (\(Self.bengaliLevel[level] ?? level.label))"
                + (f.isEmpty ? "।" : "; " + f.joined(separator: ", ") + "।")
        }
    }

    private func footer() -> String {
        let when = Format.dateTime(now, .utc)
        switch language {
        case .en: return "\(Self.gsmFriendly(world.cell.name)) sitrep \(when) UTC."
        case .bn: return "\(world.cell.name) পরিস্থিতি প্রতিবেদন, \(digits(when)) UTC।"
        }
    }

    private func label(_ k: CountKind) -> String { language == .en ? k.label : (Self.bengaliKind[k] ?? k.label) }
    private func number(_ n: Int) -> String { digits(Format.number(n)) }
    private func digits(_ s: String) -> String { language == .en ? s : Self.bengaliDigits(s) }

    // MARK: Bangla

    static let bengaliKind: [CountKind: String] = [
        .stock: "আনুমানিক প্রবাসী", .registered: "নিবন্ধিত", .affected: "ক্ষতিগ্রস্ত", .sheltered: "আশ্রয়কেন্দ্রে",
        .atAssembly: "সমাবেশস্থলে", .inTransit: "পথে", .evacuated: "সরিয়ে নেওয়া", .returned: "দেশে ফিরেছেন",
        .injured: "আহত", .missing: "নিখোঁজ", .dead: "মৃত",
    ]
    static let bengaliPhase: [Phase: String] = [
        .monitoring: "পর্যবেক্ষণ", .preparedness: "প্রস্তুতি", .response: "সাড়াদান", .evacuation: "সরিয়ে নেওয়া",
        .recovery: "পুনরুদ্ধার", .closed: "সমাপ্ত",
    ]
    static let bengaliLevel: [AlertLevel: String] = [
        .none: "কোনো সতর্কতা নেই", .precautionary: "সতর্কতামূলক", .restriction: "চলাচলে বিধিনিষেধ",
        .voluntaryReturn: "স্বেচ্ছায় প্রত্যাবর্তন", .mandatoryEvacuation: "বাধ্যতামূলক সরিয়ে নেওয়া",
    ]

    /// ASCII digits as Bengali digits (০–৯).
    public static func bengaliDigits(_ s: String) -> String {
        String(
            String.UnicodeScalarView(
                s.unicodeScalars.map { c in
                    (48...57).contains(c.value) ? Unicode.Scalar(0x09E6 + c.value - 48)! : c
                }))
    }

    /// "in <place>" in Bangla: লেবানন → লেবাননে, লিবিয়া → লিবিয়ায়, ইটালি → ইটালিতে; a name not in Bengali script gets "-এ".
    static func locative(_ name: String) -> String {
        guard let last = name.unicodeScalars.last else { return name }
        let v = last.value
        if (0x0995...0x09B9).contains(v) || [0x09DC, 0x09DD, 0x09DF, 0x09BC].contains(v) { return name + "ে" }
        if v == 0x09CE { return String(String.UnicodeScalarView(name.unicodeScalars.dropLast())) + "তে" }
        if v == 0x09BE { return name + "য়" }
        if (0x09BF...0x09CC).contains(v) || v == 0x09D7 { return name + "তে" }
        return name + "-এ"
    }

    // MARK: Measuring

    /// GSM 03.38 default alphabet; `extensionSet` characters take two septets.
    static let gsmBasic = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
            .unicodeScalars)
    static let gsmExtension = Set("^{}\\[~]|€".unicodeScalars)

    public static func isGSM7(_ s: String) -> Bool {
        s.unicodeScalars.allSatisfy { gsmBasic.contains($0) || gsmExtension.contains($0) }
    }

    /// Length in the unit that counts for one SMS: septets for GSM-7, UTF-16 code units for UCS-2.
    public static func length(_ s: String) -> Int {
        isGSM7(s) ? s.unicodeScalars.reduce(0) { $0 + (gsmExtension.contains($1) ? 2 : 1) } : s.utf16.count
    }

    /// 160 for a GSM-7 line, 70 for one that needs Unicode.
    public static func limit(_ s: String) -> Int { isGSM7(s) ? 160 : 70 }

    public static func fitsOneSMS(_ s: String) -> Bool { length(s) <= limit(s) }

    /// Keeps English text in the GSM alphabet where a close letter exists (Côte → Cote, — → -).
    static func gsmFriendly(_ s: String) -> String {
        var out = ""
        for ch in s {
            let str = String(ch)
            if isGSM7(str) {
                out += str
                continue
            }
            switch ch {
            case "—", "–", "‒", "−": out += "-"
            case "‘", "’", "‚", "′": out += "'"
            case "“", "”", "„", "″": out += "\""
            case "…": out += "..."
            case "·", "•": out += "-"
            case "→": out += "->"
            case "\u{00A0}", "\u{202F}", "\u{2009}": out += " "
            default:
                let folded = str.folding(options: [.diacriticInsensitive], locale: nil)
                out += isGSM7(folded) ? folded : str
            }
        }
        return out
    }

    /// Splits a message into lines that each fit one SMS: between clauses (after , ; . ।) where possible,
    /// else between words, else (a word longer than a message) between characters.
    static func wrap(_ message: String) -> [String] {
        let text = message.replacingOccurrences(of: "\n", with: " ")
        if fitsOneSMS(text) { return [text] }
        var clauses: [String] = []
        var current = ""
        var previous: Character? = nil
        for ch in text {
            if ch == " ", let p = previous, ",;.।:".contains(p) {
                clauses.append(current)
                current = ""
                previous = ch
                continue
            }
            current.append(ch)
            previous = ch
        }
        if !current.isEmpty { clauses.append(current) }
        return pack(clauses) { clause in
            pack(clause.split(separator: " ").map(String.init)) { word in
                var pieces: [String] = []
                var piece = ""
                for ch in word {
                    if fitsOneSMS(piece + String(ch)) {
                        piece.append(ch)
                    } else {
                        pieces.append(piece)
                        piece = String(ch)
                    }
                }
                if !piece.isEmpty { pieces.append(piece) }
                return pieces
            }
        }
    }

    /// Greedily joins parts with spaces into lines that fit; a part too long by itself is split by `split`.
    private static func pack(_ parts: [String], split: (String) -> [String]) -> [String] {
        var lines: [String] = []
        var current = ""
        for part in parts where !part.isEmpty {
            let candidate = current.isEmpty ? part : current + " " + part
            if fitsOneSMS(candidate) {
                current = candidate
                continue
            }
            if !current.isEmpty {
                lines.append(current)
                current = ""
            }
            if fitsOneSMS(part) {
                current = part
                continue
            }
            let pieces = split(part)
            lines += pieces.dropLast()
            current = pieces.last ?? ""
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}

extension String {
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
