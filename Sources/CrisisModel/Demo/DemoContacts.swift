import Foundation

extension DemoWorld {
    /// The demo roster: fictional people at the organisations a cell calls. Phone numbers use
    /// obviously fake all-zero ranges and e-mail addresses use example domains.
    static func contacts(now: Date) -> [Contact] {
        func verified(_ daysAgo: Double) -> Date { now.addingTimeInterval(-daysAgo * 86_400) }
        return dhaka(verified) + lebanon(verified) + malaysia(verified) + gulfAndSudan(verified)
    }

    /// Dhaka: ministries, agencies, airline, airport.
    private static func dhaka(_ verified: (Double) -> Date) -> [Contact] {
        [
            // Dhaka: ministries, agencies, airline, airport (call-down 1–11).
            Contact(
                id: "c01", name: "রহিম উদ্দিন", organisation: "MoFA Consular and Welfare Wing", organisationKind: .ministry,
                role: "Director, consular affairs", country: "BD", city: "Dhaka", phones: ["+880 1700-000101"],
                email: "rahim.uddin@example.gov.bd", messaging: "WhatsApp", timeZone: "Asia/Dhaka",
                languages: ["bn", "en"], duty: .onDuty, callOrder: 1, lastVerified: verified(2)),
            Contact(
                id: "c02", name: "Farzana Haque", organisation: "MoFA Consular and Welfare Wing",
                organisationKind: .ministry,
                role: "Deputy director, welfare", country: "BD", city: "Dhaka", phones: ["+880 1700-000102"],
                email: "farzana.haque@example.gov.bd", messaging: "WhatsApp", timeZone: "Asia/Dhaka",
                languages: ["bn", "en"], duty: .onCall, callOrder: 2, lastVerified: verified(2)),
            Contact(
                id: "c03", name: "নাসরিন আক্তার",
                organisation: "Ministry of Expatriates' Welfare and Overseas Employment (MoEWOE)",
                organisationKind: .ministry, role: "Joint secretary, welfare", country: "BD", city: "Dhaka",
                phones: ["+880 1700-000103"], email: "nasrin.akter@example.gov.bd", messaging: "WhatsApp",
                timeZone: "Asia/Dhaka", languages: ["bn", "en"], duty: .onDuty, callOrder: 3, lastVerified: verified(5)),
            Contact(
                id: "c04", name: "Kamal Hossain", organisation: "Bureau of Manpower, Employment and Training (BMET)",
                organisationKind: .agency, role: "Director, emigration", country: "BD", city: "Dhaka",
                phones: ["+880 1700-000104", "+880 2-0000-0104"], email: "kamal.hossain@example.gov.bd",
                timeZone: "Asia/Dhaka", languages: ["bn", "en"], duty: .offDuty, callOrder: 4,
                lastVerified: verified(12)),
            Contact(
                id: "c05", name: "সেলিনা পারভীন", organisation: "Wage Earners' Welfare Board", organisationKind: .agency,
                role: "Deputy director, returnee support", country: "BD", city: "Dhaka", phones: ["+880 1700-000105"],
                email: "selina.parvin@example.gov.bd", messaging: "WhatsApp", timeZone: "Asia/Dhaka",
                languages: ["bn"], duty: .onDuty, callOrder: 5, lastVerified: verified(1)),
            Contact(
                id: "c06", name: "জাহিদ হাসান", organisation: "Wage Earners' Welfare Board, airport welfare desk",
                organisationKind: .agency, role: "Duty officer, returnee desk", country: "BD", city: "Dhaka (HSIA)",
                phones: ["+880 1700-000106"], email: "welfare.desk@example.gov.bd", messaging: "WhatsApp",
                timeZone: "Asia/Dhaka", languages: ["bn", "en"], duty: .onDuty, callOrder: 6, lastVerified: verified(1),
                notes: "Desk staffed around the clock while return flights run."),
            Contact(
                id: "c07", name: "Arif Chowdhury", organisation: "Biman Bangladesh Airlines",
                organisationKind: .airline,
                role: "Duty manager, charters", country: "BD", city: "Dhaka", phones: ["+880 1700-000107"],
                email: "charters@example.com", messaging: "WhatsApp", timeZone: "Asia/Dhaka",
                languages: ["bn", "en"], duty: .onCall, callOrder: 7, lastVerified: verified(3)),
            Contact(
                id: "c08", name: "Tanvir Ahmed", organisation: "Civil Aviation Authority of Bangladesh",
                organisationKind: .agency,
                role: "Duty officer, Shahjalal airport", country: "BD", city: "Dhaka (HSIA)",
                phones: ["+880 1700-000108"],
                email: "ops.hsia@example.gov.bd", timeZone: "Asia/Dhaka", languages: ["bn", "en"],
                duty: .onDuty, callOrder: 8, lastVerified: verified(6)),
            Contact(
                id: "c09", name: "মোস্তফা কামাল", organisation: "Department of Immigration and Passports",
                organisationKind: .agency,
                role: "Deputy director, travel permits", country: "BD", city: "Dhaka", phones: ["+880 1700-000109"],
                email: "travel.permits@example.gov.bd", timeZone: "Asia/Dhaka", languages: ["bn"],
                duty: .offDuty, callOrder: 9, lastVerified: verified(20)),
            Contact(
                id: "c10", name: "Sabrina Rahman", organisation: "IOM Dhaka", organisationKind: .international,
                role: "Programme officer, return and reintegration", country: "BD", city: "Dhaka",
                phones: ["+880 1700-000110"], email: "srahman@example.org", messaging: "Signal", timeZone: "Asia/Dhaka",
                languages: ["bn", "en"], duty: .onDuty, callOrder: 10, lastVerified: verified(4)),
            Contact(
                id: "c11", name: "Habibur Rahman", organisation: "Example Overseas Recruiting Agency Ltd",
                organisationKind: .employer,
                role: "Managing director (recruiting agency)", country: "BD", city: "Dhaka",
                phones: ["+880 1700-000111"],
                email: "md@example.com", timeZone: "Asia/Dhaka", languages: ["bn", "en", "ar"],
                duty: .offDuty, callOrder: 11, lastVerified: verified(30),
                notes: "Placed many of the domestic workers now in Beirut."),

        ]
    }

    /// Lebanon and Malaysia.
    private static func lebanon(_ verified: (Double) -> Date) -> [Contact] {
        [
            // Lebanon (call-down 1–7).
            Contact(
                id: "c12", name: "Monirul Islam", organisation: "Embassy of Bangladesh, Beirut — Labour Welfare Wing",
                organisationKind: .mission, role: "Counsellor, labour", country: "LB", city: "Beirut",
                phones: ["+961 3 000 112"], email: "labour.beirut@example.gov.bd", messaging: "WhatsApp",
                timeZone: "Asia/Beirut", languages: ["bn", "en", "ar"], duty: .onDuty, callOrder: 1,
                lastVerified: verified(1)),
            Contact(
                id: "c13", name: "Shahana Begum", organisation: "Embassy of Bangladesh, Beirut",
                organisationKind: .mission,
                role: "First secretary, consular", country: "LB", city: "Beirut", phones: ["+961 3 000 113"],
                email: "consular.beirut@example.gov.bd", messaging: "WhatsApp", timeZone: "Asia/Beirut",
                languages: ["bn", "en"], duty: .onCall, callOrder: 2, lastVerified: verified(1)),
            Contact(
                id: "c14", name: "Rania Haddad", organisation: "IOM Beirut", organisationKind: .international,
                role: "Operations officer, movements", country: "LB", city: "Beirut", phones: ["+961 3 000 114"],
                email: "rhaddad@example.org", messaging: "WhatsApp", timeZone: "Asia/Beirut",
                languages: ["ar", "en", "fr"], duty: .onDuty, callOrder: 3, lastVerified: verified(2)),
            Contact(
                id: "c15", name: "سامي خوري", organisation: "General Security (immigration), airport office",
                organisationKind: .hostState, role: "Liaison officer, exits", country: "LB", city: "Beirut",
                phones: ["+961 1 000 115"], email: "liaison@example.net", timeZone: "Asia/Beirut",
                languages: ["ar", "fr"], duty: .offDuty, callOrder: 4, lastVerified: verified(8),
                notes: "Sami Khoury. Handles exit-fine waivers for people on the manifest."),
            Contact(
                id: "c16", name: "Nadine Aoun", organisation: "Beirut government hospital, emergency department",
                organisationKind: .hostState, role: "Head nurse, admissions", country: "LB", city: "Beirut",
                phones: ["+961 1 000 116"], email: "er.admissions@example.net", timeZone: "Asia/Beirut",
                languages: ["ar", "en", "fr"], duty: .onCall, callOrder: 5, lastVerified: verified(6)),
            Contact(
                id: "c17", name: "Georges Nassar", organisation: "Beirut airport operations",
                organisationKind: .hostState,
                role: "Duty manager, terminal", country: "LB", city: "Beirut", phones: ["+961 1 000 117"],
                email: "terminal.ops@example.net", timeZone: "Asia/Beirut", languages: ["ar", "en"],
                duty: .onDuty, callOrder: 6, lastVerified: verified(3)),
            Contact(
                id: "c18", name: "Abdul Malek", organisation: "Community wardens, Bourj Hammoud",
                organisationKind: .warden,
                role: "Warden, assembly point", country: "LB", city: "Beirut", phones: ["+961 3 000 118"],
                messaging: "WhatsApp", timeZone: "Asia/Beirut", languages: ["bn", "ar"],
                duty: .unavailable, callOrder: 7, lastVerified: verified(1),
                notes: "Phone off at night; try Monirul Islam."),
        ]
    }

    private static func malaysia(_ verified: (Double) -> Date) -> [Contact] {
        [
            // Malaysia (call-down 1–6).
            Contact(
                id: "c19", name: "Nurul Amin",
                organisation: "High Commission of Bangladesh, Kuala Lumpur — Labour Welfare Wing",
                organisationKind: .mission, role: "Counsellor, labour", country: "MY", city: "Kuala Lumpur",
                phones: ["+60 12-000 0119"], email: "labour.kl@example.gov.bd", messaging: "WhatsApp",
                timeZone: "Asia/Kuala_Lumpur", languages: ["bn", "en", "ms"], duty: .onDuty, callOrder: 1,
                lastVerified: verified(2)),
            Contact(
                id: "c20", name: "Lim Wei Ling", organisation: "IOM Kuala Lumpur", organisationKind: .international,
                role: "Emergency coordinator", country: "MY", city: "Kuala Lumpur", phones: ["+60 12-000 0120"],
                email: "wlim@example.org", timeZone: "Asia/Kuala_Lumpur", languages: ["en", "ms", "zh"],
                duty: .onCall, callOrder: 2, lastVerified: verified(9)),
            Contact(
                id: "c21", name: "Siti Aminah binti Yusof", organisation: "Immigration Department, Kelantan office",
                organisationKind: .hostState, role: "Deputy director, enforcement", country: "MY", city: "Kota Bharu",
                phones: ["+60 9-000 0121"], email: "siti.aminah@example.net", timeZone: "Asia/Kuala_Lumpur",
                languages: ["ms", "en"], duty: .offDuty, callOrder: 3, lastVerified: verified(15)),
            Contact(
                id: "c22", name: "Inspector Razak Ismail", organisation: "State police operations room, Kelantan",
                organisationKind: .hostState, role: "Duty inspector", country: "MY", city: "Kota Bharu",
                phones: ["+60 9-000 0122"], timeZone: "Asia/Kuala_Lumpur", languages: ["ms", "en"],
                duty: .onDuty, callOrder: 4, lastVerified: verified(2)),
            Contact(
                id: "c23", name: "আবুল কালাম", organisation: "Community wardens, Kota Bharu", organisationKind: .warden,
                role: "Warden, plantation dormitories", country: "MY", city: "Kota Bharu", phones: ["+60 11-000 0123"],
                messaging: "WhatsApp", timeZone: "Asia/Kuala_Lumpur", languages: ["bn", "ms"],
                duty: .onCall, callOrder: 5, lastVerified: verified(1)),
            Contact(
                id: "c24", name: "Rajesh Kumar", organisation: "Example Plantations Sdn Bhd",
                organisationKind: .employer,
                role: "HR manager", country: "MY", city: "Kuala Krai", phones: ["+60 12-000 0124"],
                email: "hr@example.com", timeZone: "Asia/Kuala_Lumpur", languages: ["en", "ms"],
                duty: .offDuty, callOrder: 6, lastVerified: verified(25)),

        ]
    }

    /// Kuwait, Saudi Arabia, Sudan and the Emirates.
    private static func gulfAndSudan(_ verified: (Double) -> Date) -> [Contact] {
        [
            // Kuwait (call-down 1–3).
            Contact(
                id: "c25", name: "Mahbubur Rahman", organisation: "Embassy of Bangladesh, Kuwait — Labour Welfare Wing",
                organisationKind: .mission, role: "First secretary, labour", country: "KW", city: "Kuwait City",
                phones: ["+965 5000 0125"], email: "labour.kuwait@example.gov.bd", messaging: "WhatsApp",
                timeZone: "Asia/Kuwait", languages: ["bn", "en", "ar"], duty: .onDuty, callOrder: 1,
                lastVerified: verified(3)),
            Contact(
                id: "c26", name: "Jahangir Alam", organisation: "Community wardens, Jleeb Al-Shuyoukh",
                organisationKind: .warden,
                role: "Warden", country: "KW", city: "Jleeb Al-Shuyoukh", phones: ["+965 6000 0126"],
                messaging: "WhatsApp", timeZone: "Asia/Kuwait", languages: ["bn", "ar"],
                duty: .onCall, callOrder: 2, lastVerified: verified(1)),
            Contact(
                id: "c27", name: "فيصل العنزي", organisation: "Ministry of Interior, Residency Affairs",
                organisationKind: .hostState,
                role: "Liaison officer, foreign missions", country: "KW", city: "Kuwait City",
                phones: ["+965 2000 0127"],
                email: "residency.liaison@example.net", timeZone: "Asia/Kuwait", languages: ["ar", "en"],
                duty: .offDuty, callOrder: 3, lastVerified: verified(40), notes: "Faisal Al-Enezi."),

            // Saudi Arabia (call-down 1–4); Jeddah is also the transit mission for Sudan returnees.
            Contact(
                id: "c28", name: "Shafiqul Islam", organisation: "Embassy of Bangladesh, Riyadh — Labour Welfare Wing",
                organisationKind: .mission, role: "Counsellor, labour", country: "SA", city: "Riyadh",
                phones: ["+966 50 000 0128"], email: "labour.riyadh@example.gov.bd", messaging: "WhatsApp",
                timeZone: "Asia/Riyadh", languages: ["bn", "en", "ar"], duty: .onDuty, callOrder: 1,
                lastVerified: verified(4)),
            Contact(
                id: "c29", name: "Mizanur Rahman",
                organisation: "Consulate General of Bangladesh, Jeddah (transit mission)",
                organisationKind: .mission, role: "Consul, welfare", country: "SA", city: "Jeddah",
                phones: ["+966 50 000 0129"], email: "welfare.jeddah@example.gov.bd", messaging: "WhatsApp",
                timeZone: "Asia/Riyadh", languages: ["bn", "en", "ar"], duty: .onCall, callOrder: 2,
                lastVerified: verified(2)),
            Contact(
                id: "c30", name: "Khalid Al-Harbi", organisation: "Jeddah airport, transit services",
                organisationKind: .hostState,
                role: "Duty manager, transit", country: "SA", city: "Jeddah", phones: ["+966 12 000 0130"],
                email: "transit@example.net", timeZone: "Asia/Riyadh", languages: ["ar", "en"],
                duty: .offDuty, callOrder: 3, lastVerified: verified(11)),
            Contact(
                id: "c31", name: "Omar Siddiqui", organisation: "Example Contracting Co.", organisationKind: .employer,
                role: "Site health and safety manager", country: "SA", city: "Dammam", phones: ["+966 50 000 0131"],
                email: "hse@example.com", timeZone: "Asia/Riyadh", languages: ["en", "ar", "ur"],
                duty: .onDuty, callOrder: 4, lastVerified: verified(2)),

            // Sudan (call-down 1–3).
            Contact(
                id: "c32", name: "Abdullah Al Mamun",
                organisation: "Embassy of Bangladesh, Khartoum (working from Port Sudan)",
                organisationKind: .mission, role: "First secretary, consular", country: "SD", city: "Port Sudan",
                phones: ["+249 91 000 0132"], email: "consular.khartoum@example.gov.bd", messaging: "WhatsApp",
                timeZone: "Africa/Khartoum", languages: ["bn", "en", "ar"], duty: .onCall, callOrder: 1,
                lastVerified: verified(3)),
            Contact(
                id: "c33", name: "Mohamed Osman", organisation: "IOM Port Sudan", organisationKind: .international,
                role: "Movement operations assistant", country: "SD", city: "Port Sudan", phones: ["+249 91 000 0133"],
                email: "mosman@example.org", timeZone: "Africa/Khartoum", languages: ["ar", "en"],
                duty: .offDuty, callOrder: 2, lastVerified: verified(10)),
            Contact(
                id: "c34", name: "Rashid Mia", organisation: "Community wardens, Port Sudan", organisationKind: .warden,
                role: "Warden", country: "SD", city: "Port Sudan", phones: ["+249 91 000 0134"],
                messaging: "WhatsApp", timeZone: "Africa/Khartoum", languages: ["bn", "ar"],
                duty: .unavailable, callOrder: 3, lastVerified: verified(16), notes: "No network since the power cut."),

            // United Arab Emirates (call-down 1).
            Contact(
                id: "c35", name: "Tahmina Sultana",
                organisation: "Consulate General of Bangladesh, Dubai — Labour Welfare Wing",
                organisationKind: .mission, role: "Labour attaché", country: "AE", city: "Dubai",
                phones: ["+971 50 000 0135"],
                email: "labour.dubai@example.gov.bd", messaging: "WhatsApp", timeZone: "Asia/Dubai",
                languages: ["bn", "en"], duty: .onDuty, callOrder: 1, lastVerified: verified(7)),
        ]
    }
}
