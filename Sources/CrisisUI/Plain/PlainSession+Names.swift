import CrisisModel
import Foundation

/// How a typed word finds the record meant: a number from the last list, an id, a code, a name or the start of one.
extension PlainSession {
    func resolveCrisis(_ text: String, world: World) -> Result<String, PlainProblem> {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let n = Int(t) {
            switch pick(n) {
            case .failure(let p): return .failure(p)
            case .success(.crisis(let id)): return .success(id)
            case .success(let other):
                return .failure(PlainProblem("Number \(n) in the last list is \(other.noun), not a crisis."))
            }
        }
        if world.crises[t] != nil { return .success(t) }
        let all = world.crisesByUrgency()
        if let c = all.first(where: {
            $0.id.caseInsensitiveCompare(t) == .orderedSame || $0.title.caseInsensitiveCompare(t) == .orderedSame
        }) {
            return .success(c.id)
        }
        let fold: (String) -> String = { $0.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil) }
        let key = fold(t)
        var matches = all.filter { fold($0.title).hasPrefix(key) || fold($0.id).hasPrefix(key) }
        if matches.isEmpty { matches = all.filter { fold($0.title).contains(key) } }
        // A country's name: its active crisis.
        if matches.isEmpty, let code = names.code(for: t) {
            matches = all.filter { $0.isActive && $0.countries.contains(code) }
        }
        if matches.count == 1 { return .success(matches[0].id) }
        if matches.count > 1 {
            return .failure(
                PlainProblem(
                    "\"\(t)\" could be \(matches.map(\.title).joined(separator: ", or ")). Say more of the name, or its number in the crises list."
                ))
        }
        return .failure(PlainProblem("No crisis is called \"\(t)\". Type crises for the list."))
    }

    /// A host country by number, code or name (English, or the start of one the cell watches).
    func resolveCountry(_ text: String, world: World, quiet: Bool = false) -> Result<String, PlainProblem> {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let n = Int(t) {
            switch pick(n) {
            case .failure(let p): return .failure(p)
            case .success(.country(let code)): return .success(code)
            case .success(.contact(let id)) where world.contacts[id] != nil:
                return .success(world.contacts[id]!.country)
            case .success(let other):
                return .failure(PlainProblem("Number \(n) in the last list is \(other.noun), not a country."))
            }
        }
        if let code = names.code(for: t), !names.isLoaded || names.isKnown(code) { return .success(code) }
        let key = t.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        let watched = world.countries.keys.sorted().filter {
            names.name($0).folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).hasPrefix(key)
        }
        if watched.count == 1 { return .success(watched[0]) }
        if watched.count > 1 {
            return .failure(
                PlainProblem(
                    "\"\(t)\" could be \(watched.map(names.name).joined(separator: ", or ")). Say more of the name, or its code."
                ))
        }
        return .failure(
            PlainProblem("\"\(t)\" is not a country: say its English name or its two-letter code, such as LB."))
    }

    /// A crisis's checklist, or a country's preparedness list.
    func resolveOwner(_ text: String, world: World) -> Result<ChecklistOwner, PlainProblem> {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let n = Int(t) {
            switch pick(n) {
            case .failure(let p): return .failure(p)
            case .success(.crisis(let id)): return .success(.crisis(id))
            case .success(.country(let code)):
                // A number names a crisis here, as with `crisis N`: a country's list is asked for by its name or code.
                return .failure(
                    PlainProblem(
                        "Number \(n) in the last list is \(names.name(code)), a country, not a crisis. For its preparedness list say checklist \(code)."
                    ))
            case .success(.item(let owner, _)): return .success(owner)
            case .success(let other):
                return .failure(PlainProblem("Number \(n) in the last list is \(other.noun), which has no checklist."))
            }
        }
        // A two-letter code means the country's preparedness list; a name means the crisis named so (or the
        // crisis in that country), and the country's list only when no crisis fits.
        if world.crises[t] == nil, t.count == 2, let code = names.code(for: t), world.countries[code] != nil {
            return .success(.country(code))
        }
        if case .failure = resolveCrisis(t, world: world),
            case .success(let code) = resolveCountry(t, world: world, quiet: true),
            world.countries[code] != nil
        {
            return .success(.country(code))
        }
        return resolveCrisis(t, world: world).map { .crisis($0) }
    }
}
