import Foundation

extension DemoWorld {
    // MARK: - The last 24 hours: most of the event log

    static let mySource = "High Commission Kuala Lumpur"

    static func lastDay(_ s: inout DemoScript) {
        s.at(hoursAgo: 23.5)
        s.log(
            "karim", "lb-escalation", .call, "Called Biman duty manager: flight 16 confirmed, second aircraft requested"
        )

        s.at(hoursAgo: 22.5)
        s.counts("karim", "LB", [.inTransit: 0, .returned: 1_010], lbSource)
        s.log(
            "nasrin", "lb-escalation", .sitrep, "Flight 15 Beirut–Dhaka landed with 60 returnees; Tk 5,000 paid to each"
        )

        s.at(hoursAgo: 21)
        s.log(
            "farzana", "my-floods", .call,
            "Called Labour Welfare Wing Kuala Lumpur: 3 dormitories near Kota Bharu cut off, boats requested")

        s.at(hoursAgo: 20)
        s.log("rahim", nil, .decision, "Morning brief: Lebanon flights first; Malaysia, Kuwait and Saudi heat on watch")
        s.tick("farzana", my, [resp(24)])

        s.at(hoursAgo: 19)
        s.log(
            "karim", "lb-escalation", .decision,
            "Two flights today (16 and 17) instead of one; Biman adds a second aircraft")

        s.at(hoursAgo: 18)
        s.log(
            "karim", "lb-escalation", .call,
            "Called IOM Beirut (Rania Haddad): no answer; retried after 10 min, answered")
        s.tick("karim", lb, [resp(7)])

        s.at(hoursAgo: 17)
        s.log(
            "farzana", "lb-escalation", .call,
            "Called Bourj Hammoud warden: no answer (phone off); Labour Wing informed")

        s.at(hoursAgo: 16)
        s.log(
            "nasrin", "sd-conflict", .call,
            "Called Wage Earners' Welfare Board: cash grant list for 676 Sudan returnees accepted")
        s.tick("farzana", my, [resp(13)], .blocked)
        s.patch(
            "farzana", my, resp(13),
            ItemPatch(note: "Immigration depot in Kelantan flooded; no visits until water drops"))
        lastDayMorning(&s)
    }

    private static func lastDayMorning(_ s: inout DemoScript) {
        s.at(hoursAgo: 15)
        s.counts(
            "karim", "LB",
            [
                .registered: 1_800, .affected: 12_000, .atAssembly: 120, .inTransit: 135,
                .evacuated: 1_145,
            ], lbSource)
        s.log(
            "karim", "lb-escalation", .sitrep,
            "Flights 16 and 17 left Beirut with 135 on board; 120 wait at the assembly point")

        s.at(hoursAgo: 14)
        s.log(
            "rahim", "kw-unrest", .call,
            "Called Embassy Kuwait: Jleeb calmer overnight; wardens report no Bangladeshis hurt")
        s.tick("rahim", .crisis("kw-unrest"), [resp(5)])
        s.patch("rahim", .crisis("kw-unrest"), resp(6), ItemPatch(assignee: "karim", due: s.time(hoursAgo: -8)))

        s.at(hoursAgo: 13.2)
        s.counts("farzana", "MY", [.affected: 7_400, .sheltered: 1_600, .injured: 12, .missing: 2, .dead: 2], mySource)
        s.log(
            "farzana", "my-floods", .sitrep,
            "Malaysia floods: 7,400 nationals affected, 1,600 in relief centres; 2 dead, 2 missing")

        s.at(hoursAgo: 12)
        s.log(
            "nasrin", "my-floods", .decision,
            "No evacuation from Malaysia; employers' buses move workers to relief centres")
        s.patch("nasrin", my, resp(7), ItemPatch(assignee: "farzana", due: s.time(hoursAgo: -6)))
        s.patch("nasrin", my, resp(22), ItemPatch(assignee: "nasrin", due: s.time(hoursAgo: -30)))

        s.at(hoursAgo: 11.2)
        s.counts("rahim", "SA", [.affected: 210, .injured: 23, .dead: 1], "Embassy Riyadh")
        s.log(
            "rahim", "sa-heat", .call,
            "Called Embassy Riyadh: 23 heat cases, 1 death in Dammam; employer asked for site report")
        lastDayLater(&s)
    }

    /// The rest of it, hour by hour.
    private static func lastDayLater(_ s: inout DemoScript) {
        s.at(hoursAgo: 10)
        s.log(
            "karim", "lb-escalation", .call,
            "Called General Security at the airport: exit fines waived for undocumented people on the manifest")
        s.tick("karim", lb, [resp(21)])

        s.at(hoursAgo: 9)
        s.counts("karim", "LB", [.inTransit: 54, .evacuated: 1_199, .returned: 1_145], lbSource)
        s.log(
            "karim", "lb-escalation", .sitrep,
            "Flights 16 and 17 landed in Dhaka with 135 returnees; medical checks done")
        s.log(
            "karim", "lb-escalation", .decision,
            "Flight 18 dispatched with 54 on board, mostly women with travel permits")

        s.at(hoursAgo: 8)
        s.log(
            "farzana", "lb-escalation", .call, "Called IOM Beirut: buses for 120 confirmed for 06:00 from Bourj Hammoud"
        )

        s.at(hoursAgo: 7)
        s.counts("nasrin", "SD", [.missing: 1], "Embassy Port Sudan")
        s.log(
            "nasrin", "sd-conflict", .sitrep,
            "Sudan: 6 returnees still in Jeddah awaiting seats; 1 missing person traced in Kassala")

        s.at(hoursAgo: 6.5)
        s.log("nasrin", "lb-escalation", .call, "Called airport welfare desk: ready for flight 18, cash for 54 counted")

        s.at(hoursAgo: 6)
        s.counts("rahim", "KW", [.affected: 2_000, .injured: 3], "Embassy Kuwait, wardens")

        s.at(hoursAgo: 5)
        s.log(
            "farzana", "kw-unrest", .sitrep, "Kuwait: 2,000 nationals in affected areas, 3 injured; alert stays at L1")

        s.at(hoursAgo: 4)
        s.log("nasrin", "lb-escalation", .call, "Called MoEWOE: Tk 5,000 per returnee approved for flights 16 to 18")
        s.patch("nasrin", lb, resp(19), ItemPatch(assignee: "nasrin", due: s.time(hoursAgo: -12)))
        s.patch("nasrin", lb, resp(22), ItemPatch(assignee: "farzana", due: s.time(hoursAgo: -24)))

        s.at(hoursAgo: 3)
        s.log(
            "karim", "lb-escalation", .call,
            "Called Labour Wing Beirut: no answer (line busy); message left on WhatsApp")

        s.at(hoursAgo: 2)
        s.counts("karim", "LB", [.inTransit: 0, .returned: 1_199, .injured: 4], lbSource)
        s.log(
            "nasrin", "lb-escalation", .sitrep,
            "Flight 18 Beirut–Dhaka landed with 54 returnees; 1,199 home on 18 flights")

        s.at(hoursAgo: 1.5)
        s.log(
            "rahim", "lb-escalation", .decision,
            "Flight 19 requested for the 120 at the assembly point; Biman to confirm by 12:00")

        s.at(hoursAgo: 1)
        s.log(
            "karim", "lb-escalation", .sitrep,
            "Sitrep to HQ: 1,800 registered, 1,199 home, 120 at assembly point, 4 injured, 1 missing")

        s.at(hoursAgo: 0.6)
        s.counts("farzana", "MY", [.missing: 1], mySource)
        s.log(
            "farzana", "my-floods", .call,
            "Called Kelantan police operations room: 1 missing national found safe in Pasir Mas")
    }
}
