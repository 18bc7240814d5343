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
        let now = s.now
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

        // Sudan: evacuation finished weeks ago; the response list is closed, post-crisis work goes on.
        s.at(hoursAgo: 166.3)
        let sdStarted = now.addingTimeInterval(-60 * 86_400)
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
        for contact in contacts(now: now) { s.add("farzana", .addContact(contact)) }
    }

    // MARK: - Days 7 to 2 before now

    static let lb = ChecklistOwner.crisis("lb-escalation")
    static let my = ChecklistOwner.crisis("my-floods")
    static let sd = ChecklistOwner.crisis("sd-conflict")
    static let lbSource = "Embassy Beirut sitrep"

    static func week(_ s: inout DemoScript) {
        s.at(hoursAgo: 160)
        s.add(
            "karim",
            .setAlert(
                country: "LB", level: .voluntaryReturn,
                reason: "Strikes reach Beirut's southern suburbs; assisted return for those who want it"))
        s.tick("karim", lb, [resp(2), resp(8)])
        s.log("karim", "lb-escalation", .decision, "Registration for return opened: hotline, WhatsApp and embassy desk")

        s.at(hoursAgo: 150)
        s.tick("nasrin", lb, [resp(6), resp(15), resp(3)])
        s.log(
            "nasrin", "lb-escalation", .call,
            "Called IOM Beirut: charter support agreed, costs shared with Welfare Fund")

        s.at(hoursAgo: 140)
        s.counts(
            "karim", "LB",
            [
                .registered: 1_100, .affected: 8_000, .atAssembly: 60, .inTransit: 0,
                .evacuated: 130, .returned: 130, .injured: 1,
            ], lbSource)
        s.tick("karim", lb, [resp(16), resp(9)])
        s.tick("karim", lb, [resp(14)], .notApplicable)
        s.patch("karim", lb, resp(14), ItemPatch(note: "Direct charters Beirut to Dhaka; no transit state"))
        s.log("karim", "lb-escalation", .sitrep, "Flights 1 and 2 landed in Dhaka with 130 returnees")

        s.at(hoursAgo: 130)
        s.tick("farzana", lb, [resp(12), resp(11), resp(10)])

        s.at(hoursAgo: 120)
        s.counts("nasrin", "SD", [.evacuated: 668, .returned: 660], "Consulate Jeddah")

        s.at(hoursAgo: 118)
        s.counts(
            "karim", "LB",
            [
                .registered: 1_450, .affected: 9_500, .atAssembly: 90, .inTransit: 70,
                .evacuated: 330, .returned: 260, .injured: 2,
            ], lbSource)
        s.tick("karim", lb, [resp(17), resp(18), resp(20)])
        s.log("karim", "lb-escalation", .sitrep, "4 flights home so far (260 returnees); flight 5 in the air with 70")

        s.at(hoursAgo: 100)
        s.tick("nasrin", sd, [post(8)])
        s.counts("farzana", "AE", [.registered: 96_400], "Consulate Dubai register")

        s.at(hoursAgo: 94)
        s.counts(
            "karim", "LB",
            [
                .registered: 1_600, .affected: 10_500, .atAssembly: 110, .inTransit: 0,
                .evacuated: 400, .returned: 400, .missing: 1,
            ], lbSource)
        s.tick("karim", lb, [resp(24)])
        s.log(
            "karim", "lb-escalation", .sitrep,
            "400 home on 6 flights; one worker missing in Nabatieh, employer contacted")

        s.at(hoursAgo: 75)
        s.counts("nasrin", "SD", [.inTransit: 0, .evacuated: 668, .returned: 668], "Consulate Jeddah")

        s.at(hoursAgo: 72.5)
        s.add(
            "rahim",
            .setAlert(
                country: "LB", level: .mandatoryEvacuation,
                reason: "Airport road under threat; organised evacuation of all who registered"))
        s.add("rahim", .updateCrisis(id: "lb-escalation", patch: CrisisPatch(severity: 4, phase: .evacuation)))
        s.log(
            "rahim", "lb-escalation", .decision,
            "Mandatory evacuation ordered for Lebanon; Biman asked for daily charters")

        s.at(hoursAgo: 71)
        s.add(
            "farzana",
            .addCrisis(
                Crisis(
                    id: "my-floods", title: "Malaysia floods", kind: .flood, countries: ["MY"], severity: 3,
                    phase: .response,
                    started: s.time(hoursAgo: 71), leadOfficer: "farzana",
                    summary:
                        "Monsoon floods in Kelantan and Terengganu cut off plantation and construction dormitories. "
                        + "Relief centres, no evacuation. Figures illustrative.",
                    checklist: ChecklistTemplate.response.items())))
        s.add(
            "farzana",
            .setAlert(
                country: "MY", level: .restriction,
                reason: "Floods in Kelantan and Terengganu; stay in dormitories or relief centres"))
        s.counts("farzana", "MY", [.affected: 2_500, .sheltered: 300], "High Commission Kuala Lumpur")
        s.tick("farzana", my, [resp(1), resp(2)])
        s.log("farzana", "my-floods", .decision, "Crisis team activated for Malaysia floods; farzana leads")

        s.at(hoursAgo: 70)
        s.counts(
            "karim", "LB",
            [
                .registered: 1_650, .affected: 11_200, .atAssembly: 140, .inTransit: 75,
                .evacuated: 620, .returned: 545, .injured: 3,
            ], lbSource)
        s.tick("karim", lb, [resp(23)])
        s.log("karim", "lb-escalation", .sitrep, "Flight 8 landed; 545 home. Flight 9 in the air with 75")
        weekLater(&s)
    }

    /// The rest of it, hour by hour.
    private static func weekLater(_ s: inout DemoScript) {
        s.at(hoursAgo: 60)
        s.tick("farzana", my, [resp(5), resp(6)])
        s.tick("farzana", my, [resp(14), resp(16), resp(19)], .notApplicable)
        s.tick("karim", lb, [resp(13)], .blocked)
        s.patch("karim", lb, resp(13), ItemPatch(note: "Masnaa crossing closed; no access to the border post"))
        s.patch(
            "karim", lb, resp(4),
            ItemPatch(
                assignee: "karim", due: s.time(hoursAgo: 6),
                note: "Agree with IOM who keeps the register if the embassy closes"))

        s.at(hoursAgo: 50)
        s.add(
            "rahim",
            .addCrisis(
                Crisis(
                    id: "sa-heat", title: "Saudi Arabia heatwave", kind: .other, countries: ["SA"], severity: 1,
                    phase: .monitoring,
                    started: s.time(hoursAgo: 50), leadOfficer: "rahim",
                    summary:
                        "Heatwave above 48 °C in Riyadh and the Eastern Province; heat cases among outdoor workers. "
                        + "Checking employers keep the midday work ban. Figures illustrative.",
                    checklist: ChecklistTemplate.response.items())))
        s.add(
            "rahim",
            .setAlert(
                country: "SA", level: .precautionary,
                reason: "Heatwave; advise outdoor workers on the midday ban and water breaks"))
        s.counts("rahim", "SA", [.affected: 60, .injured: 4], "Embassy Riyadh")
        s.tick("rahim", .crisis("sa-heat"), [resp(1)])
        s.log("rahim", "sa-heat", .sitrep, "Heatwave watch opened: 4 heat cases among site workers in Riyadh")

        s.at(hoursAgo: 48)
        s.tick("rahim", .crisis("sa-heat"), [resp(5)])
        s.patch("rahim", .crisis("sa-heat"), resp(6), ItemPatch(assignee: "rahim", due: s.time(hoursAgo: -20)))

        s.at(hoursAgo: 47)
        s.counts(
            "farzana", "MY", [.affected: 4_800, .sheltered: 900, .injured: 5, .missing: 2],
            "High Commission Kuala Lumpur")

        s.at(hoursAgo: 46)
        s.counts(
            "karim", "LB",
            [
                .registered: 1_760, .affected: 11_800, .atAssembly: 150, .inTransit: 0,
                .evacuated: 760, .returned: 760,
            ], lbSource)
        s.log("karim", "lb-escalation", .sitrep, "11 flights so far, 760 home; all paid Tk 5,000 at the airport")

        s.at(hoursAgo: 45)
        s.tick("farzana", my, [resp(20)])

        s.at(hoursAgo: 40)
        s.tick("nasrin", sd, [post(3)])

        s.at(hoursAgo: 36)
        s.counts("nasrin", "SD", [.evacuated: 682, .inTransit: 6, .returned: 676], "Consulate Jeddah")

        s.at(hoursAgo: 30)
        s.add(
            "rahim",
            .addCrisis(
                Crisis(
                    id: "kw-unrest", title: "Kuwait unrest", kind: .unrest, countries: ["KW"], severity: 2,
                    phase: .preparedness,
                    started: s.time(hoursAgo: 30), leadOfficer: "rahim",
                    summary:
                        "Protests near labour areas in Jleeb Al-Shuyoukh and Mahboula. Wardens report twice a day; "
                        + "nationals told to keep documents ready. Figures illustrative.",
                    checklist: ChecklistTemplate.response.items())))
        s.add(
            "rahim",
            .setAlert(
                country: "KW", level: .precautionary,
                reason: "Protests near labour areas; keep ID documents ready, avoid gatherings"))
        s.counts("rahim", "KW", [.affected: 800], "Embassy Kuwait, wardens")
        s.tick("rahim", .crisis("kw-unrest"), [resp(1), resp(2)])
        s.log("rahim", "kw-unrest", .decision, "Kuwait watch opened at L1; wardens to report at 09:00 and 21:00")
        s.tick("nasrin", sd, [post(5)], .blocked)
        s.patch("nasrin", sd, post(5), ItemPatch(note: "Employers in Khartoum unreachable; labour court closed"))
        s.tick("farzana", my, [resp(3)])

        s.at(hoursAgo: 29)
        s.tick("rahim", .country("KW"), [prep(19), prep(21)])

        s.at(hoursAgo: 27)
        s.counts(
            "farzana", "MY", [.affected: 6_200, .sheltered: 1_350, .injured: 9, .missing: 3, .dead: 1],
            "High Commission Kuala Lumpur")

        s.at(hoursAgo: 26)
        s.counts(
            "karim", "LB",
            [
                .registered: 1_780, .affected: 11_900, .atAssembly: 130, .inTransit: 60,
                .evacuated: 1_010, .returned: 950,
            ], lbSource)
        s.log("karim", "lb-escalation", .sitrep, "Flight 14 landed, 950 home; flight 15 left Beirut with 60")
        s.counts("rahim", "SA", [.affected: 150, .injured: 11], "Embassy Riyadh")
    }
}

/// Builds journal entries in time order: `at(hoursAgo:)` moves to a moment, each entry after it comes
/// a few seconds later. Refuses (crashes) if blocks overlap or run past `now`.
struct DemoScript {
    let now: Date
    private(set) var entries: [JournalEntry] = []
    private var cursor: Date
    private let step: TimeInterval = 15

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
