import Foundation

/// A deterministic, clearly illustrative world for demos, screenshots and tests: the Dhaka cell
/// one week into a Lebanon evacuation, with floods in Malaysia, unrest in Kuwait, a heatwave in
/// Saudi Arabia and the Sudan returns in recovery. Names, phone numbers and e-mail addresses are
/// fictional; figures are rounded public estimates or invented, never real case data.
public enum DemoWorld {
    /// The demo world as the journal entries that build it, oldest first, seq 1...n, times within the 7 days before `now`
    /// (most of the event log in the last 24 hours), operators among a few fictional officers.
    public static func entries(now: Date) -> [JournalEntry] {
        var s = DemoScript(now: now)
        setUp(&s)
        week(&s)
        lastDay(&s)
        return s.finish()
    }

    /// The store after applying all entries (crashes with a clear message if an entry is refused).
    public static func store(now: Date) -> Store {
        var store = Store()
        for entry in entries(now: now) {
            do {
                try store.apply(entry)
            } catch {
                preconditionFailure("DemoWorld: entry \(entry.seq) (\(entry.op)) was refused: \(error)")
            }
        }
        return store
    }

    // MARK: - Figures

    static let stockSource = "BMET estimate (illustrative)"

    /// Host countries with an illustrative stock estimate and the number registered with the mission.
    static let hosts: [(code: String, stock: Int, registered: Int)] = [
        ("SA", 2_500_000, 310_000), ("AE", 800_000, 95_000), ("OM", 650_000, 70_000), ("MY", 600_000, 88_000),
        ("QA", 400_000, 52_000), ("KW", 350_000, 41_000), ("SG", 150_000, 36_000), ("BH", 150_000, 18_000),
        ("JO", 150_000, 9_500), ("IT", 150_000, 12_000), ("LB", 90_000, 600), ("LY", 20_000, 3_100),
        ("SD", 1_500, 700), ("MV", 60_000, 7_500), ("ZA", 100_000, 4_200),
    ]

    /// Standing preparedness items ticked (done), and those blocked or not applicable, per country.
    static let preparedness: [(code: String, done: [Int], blocked: [Int], notApplicable: [Int])] = [
        ("SA", [1, 2, 3, 5, 6, 7, 11, 12, 16, 18, 19, 20], [14], []),
        ("AE", [1, 3, 5, 6, 7, 16, 18, 20, 21], [], []),
        ("MY", [1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 16, 18, 19, 20, 21], [], []),
        ("KW", [1, 5, 6, 7, 11, 16, 18, 20], [9], []),
        ("LB", [1, 2, 3, 5, 6, 7, 11, 12, 13, 14, 15, 16, 17, 18, 20, 21], [], [8]),
    ]

    static func prep(_ n: Int) -> String { itemId("prep", n) }
    static func resp(_ n: Int) -> String { itemId("resp", n) }
    static func post(_ n: Int) -> String { itemId("post", n) }
    static func itemId(_ prefix: String, _ n: Int) -> String { "\(prefix)-" + (n < 10 ? "0\(n)" : "\(n)") }

    // MARK: - The first hour: cell, host countries, preparedness, crises carried over, roster

    static func setUp(_ s: inout DemoScript) {
        s.at(hoursAgo: 167.5)
        s.add("rahim", .setCell(CellSettings(name: "Dhaka cell", homeTimeZone: "Asia/Dhaka")))
        for h in hosts { s.add("rahim", .addCountry(code: h.code)) }
        for h in hosts { s.counts("rahim", h.code, [.stock: h.stock], stockSource) }
        for h in hosts {
            let source = h.code == "LB" ? "Embassy Beirut return register" : "Mission register (illustrative)"
            s.counts("rahim", h.code, [.registered: h.registered], source)
        }
        s.add(
            "rahim",
            .setAlert(
                country: "SD", level: .mandatoryEvacuation,
                reason: "Carried over: fighting continues, mission working from Port Sudan"))
        s.add(
            "rahim",
            .setAlert(
                country: "LY", level: .restriction,
                reason: "Armed clashes in Tripoli; shelter in place, avoid travel between cities"))
        s.add(
            "rahim",
            .setAlert(
                country: "LB", level: .restriction,
                reason: "Cross-border strikes in the south; shelter in place, keep passports ready"))
        preparednessLists(&s)
    }

    static func preparednessLists(_ s: inout DemoScript) {
        // Standing preparedness lists for the five main host countries.
        s.at(hoursAgo: 167.2)
        for p in preparedness {
            for item in ChecklistTemplate.preparedness.items() {
                s.add("farzana", .addItem(owner: .country(p.code), item: item))
            }
        }
        s.at(hoursAgo: 166.7)
        for p in preparedness {
            s.tick("farzana", .country(p.code), p.done.map(prep))
            s.tick("farzana", .country(p.code), p.blocked.map(prep), .blocked)
            s.tick("farzana", .country(p.code), p.notApplicable.map(prep), .notApplicable)
        }
        s.patch(
            "farzana", .country("SA"), prep(14),
            ItemPatch(assignee: "farzana", note: "Blank permits used up for Sudan returnees; reorder from Passports"))
        s.patch(
            "farzana", .country("KW"), prep(9), ItemPatch(assignee: "rahim", note: "Drill postponed twice; no venue"))
        sudanCarriedOver(&s)
    }

    static func sudanCarriedOver(_ s: inout DemoScript) {
        // Sudan: evacuation finished weeks ago; the response list is closed, post-crisis work goes on.
        s.at(hoursAgo: 166.3)
        let sdStarted = s.now.addingTimeInterval(-60 * 86_400)
        var sdChecklist = ChecklistTemplate.response.items()
        for i in sdChecklist.indices {
            if sdChecklist[i].id == resp(22) {
                sdChecklist[i].status = .notApplicable
                sdChecklist[i].note = "No trafficking cases or unaccompanied children identified"
            } else {
                sdChecklist[i].status = .done
                sdChecklist[i].doneBy = i % 3 == 0 ? "rahim" : "nasrin"
                sdChecklist[i].doneAt = sdStarted.addingTimeInterval(Double(i + 1) * 12 * 3_600)
            }
        }
        sdChecklist += ChecklistTemplate.postCrisis.items()
        s.add(
            "nasrin",
            .addCrisis(
                Crisis(
                    id: "sd-conflict", title: "Sudan conflict", kind: .conflict, countries: ["SD"], severity: 3,
                    phase: .recovery,
                    started: sdStarted, leadOfficer: "nasrin",
                    summary: "Evacuation done: buses Khartoum to Port Sudan, flights to Jeddah, on to Dhaka. "
                        + "Travel permits for those without passports. Now returnee support and reintegration. Figures illustrative.",
                    checklist: sdChecklist)))
        s.counts(
            "nasrin", "SD",
            [
                .affected: 1_500, .evacuated: 660, .inTransit: 8, .returned: 652,
                .injured: 9, .missing: 2, .dead: 1,
            ], "Embassy Port Sudan / IOM manifests")
        s.tick("nasrin", .crisis("sd-conflict"), [post(1), post(2)])
        s.patch(
            "nasrin", .crisis("sd-conflict"), post(7),
            ItemPatch(
                assignee: "nasrin", due: s.time(hoursAgo: 48),
                note: "One family in Sylhet; papers from Port Sudan awaited"))
        s.patch("nasrin", .crisis("sd-conflict"), post(9), ItemPatch(assignee: "rahim", due: s.time(hoursAgo: -5 * 24)))
        s.patch(
            "nasrin", .crisis("sd-conflict"), post(4), ItemPatch(assignee: "nasrin", due: s.time(hoursAgo: -3 * 24)))
        lebanonActivated(&s)
    }

    static func lebanonActivated(_ s: inout DemoScript) {
        // Lebanon: the crisis team is activated.
        s.at(hoursAgo: 165.8)
        s.add(
            "karim",
            .addCrisis(
                Crisis(
                    id: "lb-escalation", title: "Lebanon escalation", kind: .conflict, countries: ["LB"], severity: 3,
                    phase: .response,
                    started: s.time(hoursAgo: 165.8), leadOfficer: "karim",
                    summary: "Strikes in the south and Beirut's southern suburbs. Assisted return by charter flights "
                        + "Beirut to Dhaka with IOM; many undocumented domestic workers need travel permits. Figures illustrative.",
                    checklist: ChecklistTemplate.response.items())))
        s.counts("karim", "LB", [.affected: 6_000, .evacuated: 0, .returned: 0], "Embassy Beirut estimate")
        s.tick("karim", .crisis("lb-escalation"), [resp(1)])
        s.log("karim", "lb-escalation", .decision, "Crisis team activated for Lebanon; karim leads, log opened")
        s.tick("karim", .crisis("lb-escalation"), [resp(5)])

        s.at(hoursAgo: 165.5)
        for contact in contacts(now: s.now) { s.add("farzana", .addContact(contact)) }
    }

}

/// Builds journal entries in time order: `at(hoursAgo:)` moves to a moment, each entry after it comes
/// a few seconds later. Refuses (crashes) if blocks overlap or run past `now`.
struct DemoScript {
    let now: Date
    private(set) var entries: [JournalEntry] = []
    var cursor: Date
    let step: TimeInterval = 15

    init(now: Date) {
        self.now = now
        self.cursor = now.addingTimeInterval(-7 * 86_400 + 3_600)
    }

    func time(hoursAgo: Double) -> Date { now.addingTimeInterval(-hoursAgo * 3_600) }

    mutating func at(hoursAgo: Double) {
        let t = time(hoursAgo: hoursAgo)
        if let last = entries.last {
            precondition(
                t > last.time, "DemoWorld: the block at \(hoursAgo) h ago starts before entry \(last.seq) ends")
        }
        cursor = t
    }

    mutating func add(_ who: String, _ op: StoreOperation) {
        precondition(cursor <= now, "DemoWorld: entry \(entries.count + 1) would be after now")
        precondition(
            cursor > now.addingTimeInterval(-7 * 86_400), "DemoWorld: entry \(entries.count + 1) is older than 7 days")
        entries.append(JournalEntry(seq: entries.count + 1, time: cursor, operator: who, op: op))
        cursor = cursor.addingTimeInterval(step)
    }

    mutating func counts(_ who: String, _ code: String, _ counts: [CountKind: Int], _ source: String) {
        add(who, .setCounts(country: code, counts: counts, source: source, asOf: nil))
    }

    mutating func log(_ who: String, _ crisis: String?, _ kind: EventKind, _ text: String) {
        add(who, .log(crisis: crisis, kind: kind, text: text))
    }

    mutating func tick(_ who: String, _ owner: ChecklistOwner, _ items: [String], _ status: ItemStatus = .done) {
        for item in items { add(who, .setItemStatus(owner: owner, item: item, status: status)) }
    }

    mutating func patch(_ who: String, _ owner: ChecklistOwner, _ item: String, _ patch: ItemPatch) {
        add(who, .updateItem(owner: owner, item: item, patch: patch))
    }

    func finish() -> [JournalEntry] { entries }
}
