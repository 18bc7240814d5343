import Foundation

extension DemoWorld {
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
        weekMiddle(&s)
    }

    static func weekMiddle(_ s: inout DemoScript) {
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
    static func weekLater(_ s: inout DemoScript) {
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
        weekEnd(&s)
    }

    static func weekEnd(_ s: inout DemoScript) {
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
