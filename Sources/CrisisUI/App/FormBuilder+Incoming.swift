import CrisisModel
import Foundation

/// The forms of the Incoming view: a crisis opened from an item (prefilled from what the source said), a link
/// to a crisis already open, a dismissal with its reason.
extension FormBuilder {
    static func incomingForm(_ target: FormTarget, _ r: IncomingItem, world: World, names: CountryNames) -> FormState {
        let f = FormField.init
        switch target {
        case .linkIncoming:
            // The crises where it happens first, then the other open ones.
            let open = world.crisesByUrgency(includeClosed: false)
            let here = open.filter { c in c.countries.contains { r.item.countries.contains($0) } }
            let ids = (here + open.filter { c in !here.contains { $0.id == c.id } }).map(\.id)
            return FormState(
                title: "Link to a crisis · \(r.item.headline)", target: target,
                fields: [
                    f(
                        "crisis", "Crisis", ids.first ?? "", .choice(ids),
                        ids.isEmpty ? "no crisis is open: o opens one" : "←→ to choose; the source goes in its log")
                ])
        case .dismissIncoming:
            return FormState(
                title: "Dismiss · \(r.item.headline)", target: target,
                fields: [f("reason", "Why", "", .text, "recorded with your name; it stays in Incoming as decided")])
        default:
            let values = [
                "title": r.crisisTitle(names: names.name), "kind": r.crisisKind.rawValue,
                "countries": r.item.countries.joined(separator: " "), "severity": String(r.crisisSeverity),
                "phase": Phase.monitoring.rawValue, "summary": r.crisisSummary,
            ]
            var form =
                make(.addCrisis, world: world, names: names, now: Date())
                ?? FormState(
                    title: "", target: target, fields: [])
            form.title = "New crisis from \(r.item.source) · \(r.item.headline)"
            form.target = target
            for i in form.fields.indices {
                if let v = values[form.fields[i].key] { form.fields[i].value = v }
            }
            return form
        }
    }
}
