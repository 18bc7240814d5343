import Foundation

/// The three standard checklists, one per phase of a crisis (MICIC: preparedness G1–G8,
/// emergency response G9–G13, post-crisis action G14–G15). Item texts follow the cell's
/// reference checklist; `guideline` carries the MICIC tag where one applies.
public enum ChecklistTemplate: String, CaseIterable, Codable, Sendable {
    case preparedness, response
    case postCrisis = "post-crisis"

    public var title: String {
        switch self {
        case .preparedness: return "Standing preparedness"
        case .response: return "Emergency response and evacuation"
        case .postCrisis: return "Post-crisis return and reintegration"
        }
    }

    /// Prefix of the item ids, e.g. "resp" for "resp-07".
    var idPrefix: String {
        switch self {
        case .preparedness: return "prep"
        case .response: return "resp"
        case .postCrisis: return "post"
        }
    }

    /// Fresh items, all open, with stable ids: "prep-01"..., "resp-01"..., "post-01"...
    public func items() -> [ChecklistItem] {
        lines.enumerated().map { index, line in
            let number = index + 1
            let id = "\(idPrefix)-" + (number < 10 ? "0\(number)" : "\(number)")
            return ChecklistItem(id: id, text: line.text, section: line.section, guideline: line.guideline)
        }
    }

    private struct Line {
        let section: String
        let text: String
        let guideline: String
        init(_ section: String, _ text: String, _ guideline: String = "") {
            self.section = section
            self.text = text
            self.guideline = guideline
        }
    }

    // Order is part of the contract: ids are numbered from it, so append new lines at the end
    // of their section only together with a review of stored checklists.
    private var lines: [Line] {
        switch self {
        case .preparedness:
            return [
                Line("Registry", "Registry of nationals up to date", "G2"),
                Line("Registry", "Passport and visa expiries flagged", "G2"),
                Line("Registry", "Community profile by area and sector", "G2"),
                Line("Registry", "Vulnerable flagged: domestic workers, women, children, sick, detained", "G12"),
                Line("Planning", "Country risk profile reviewed", "G1"),
                Line("Planning", "Alert level set and next review dated"),
                Line("Planning", "Contingency plan under 12 months old", "G5"),
                Line("Planning", "Employers' contingency plans on file", "G5"),
                Line("Planning", "Drill run", "G8"),
                Line("Planning", "Last crisis's lessons in the plan"),
                Line("Logistics", "Assembly points named, with alternates"),
                Line("Logistics", "Exit routes by air, land, sea and transit states", "G10"),
                Line("Logistics", "Shelter options and stocks", "G11"),
                Line("Logistics", "Blank emergency travel documents in stock", "G10"),
                Line("Logistics", "Funding line confirmed (Wage Earners' Welfare Fund)"),
                Line("Agreements", "Service agreement with IOM for evacuation", "G7"),
                Line("Agreements", "Travel documents and family tracing arranged", "G7"),
                Line("Communication", "Hotline and messaging channels published in Bangla", "G9"),
                Line("Communication", "Wardens and focal points named, phones checked", "G2"),
                Line("Contacts", "Crisis team named with deputies and 24/7 numbers"),
                Line("Contacts", "Host-state contacts: immigration, police, hospitals, airport, prisons"),
            ]
        case .response:
            return [
                Line("Activation", "Crisis team activated and log opened"),
                Line("Activation", "Alert level raised and advisory issued"),
                Line("Activation", "Emergency funds released"),
                Line("Activation", "Fallback ready if the mission closes"),
                Line("Communication", "Updates in Bangla on several channels", "G9"),
                Line("Communication", "Welfare check of nationals in affected areas"),
                Line("Communication", "Other states' missions consulted"),
                Line("Registration", "Registration opened for those who want to leave"),
                Line("Registration", "Documented and undocumented sorted"),
                Line("Registration", "Evacuation eligibility and consent recorded"),
                Line("Registration", "Emergency travel documents issued"),
                Line("Movement", "Host state asked to waive exit visas and fines", "G10"),
                Line("Movement", "Consular access to detention and border points"),
                Line("Movement", "Transit-state permission agreed"),
                Line("Movement", "IOM asked for transport, costs agreed", "G13"),
                Line("Movement", "Flights, buses or ships booked, seats per movement"),
                Line("Movement", "Rapid-response team at the border or airport"),
                Line("Movement", "Manifests to transit state, IOM, airline, home airport"),
                Line("Movement", "Onward flights home"),
                Line("Care", "Shelter, food, water, medical care at assembly points", "G11"),
                Line("Care", "Vulnerable people first", "G12"),
                Line("Care", "Trafficking victims and children referred", "G12"),
                Line("Reporting", "Casualty list kept and families told"),
                Line("Reporting", "Daily situation report to HQ"),
            ]
        case .postCrisis:
            return [
                Line("Arrival", "Returnees registered at the airport welfare desk"),
                Line("Arrival", "Arrival cash and onward transport"),
                Line("Arrival", "Health screening and psychosocial referral", "G14"),
                Line("Support", "Cash grant or livelihood scheme"),
                Line("Support", "Unpaid wages and dues pursued", "G14"),
                Line("Support", "Reintegration loans and re-migration options"),
                Line("Support", "Compensation to families of the dead"),
                Line("Follow-up", "Returnee data shared across ministries"),
                Line("Follow-up", "After-action review done and plan updated"),
            ]
        }
    }
}
