import CrisisModel
import CrisisSession
import Foundation

/// Text pasted, and keys that arrive together faster than anyone types: text for a field, never commands.
extension AppState {

    /// Pasted text goes into the focused field as text; outside a form it is never taken for keys.
    mutating func handlePaste(_ text: String, world: World, names: CountryNames) -> [Effect] {
        switch mode {
        case .form(var form):
            form.discardArmed = false
            form.fields[form.focus].insert(text)
            FormBuilder.follow(&form, world: world, names: names)
            mode = .form(form)
        case .filtering(let pane):
            let line = text.unicodeScalars.filter { $0.properties.generalCategory != .control || $0 == "\n" }
                .map { $0 == "\n" ? " " : String($0) }.joined()
            filters[pane] = (filters[pane] ?? "") + line
            scroll[pane] = 0
            keepVisible(pane, world: world, names: names)
        default:
            let n = text.count
            show(
                "Pasted text (\(n) character\(n == 1 ? "" : "s")) ignored: paste into a form, e.g. n for a log entry",
                role: .flashWarn)
        }
        return []
    }

    /// Keys that arrived together. In a form, an Enter, Tab or Esc with more keys behind it is part of pasted
    /// text, not a command; outside forms, what looks like pasted text is not run as keys.
    mutating func handleBurst(_ keys: [Key], world: World, names: CountryNames) -> [Effect] {
        var effects: [Effect] = []
        var i = 0
        while i < keys.count {
            if case .form = mode {
                // The run of text from here: characters and line breaks. (A Tab stays a key: it moves on to the
                // next field, as a pasted spreadsheet row would want.)
                var j = i
                var text = ""
                while j < keys.count {
                    let k = keys[j]
                    if case .char(let c) = k {
                        text.append(c)
                    } else if k == .enter {
                        text += "\n"
                    } else {
                        break
                    }
                    j += 1
                }
                // Quick typing over a laggy line also arrives together ("ok⏎n"): only a run longer than anyone
                // types ahead is taken for a paste. A line break that ends a paste is no Enter: the form stays
                // open to be checked, and only an Enter that arrives on its own saves it.
                if text.contains("\n") && text.filter({ !$0.isNewline }).count >= Self.pasteRun {
                    let endedWithBreak = text.hasSuffix("\n")
                    effects += handlePaste(endedWithBreak ? String(text.dropLast()) : text, world: world, names: names)
                    if endedWithBreak, case .form(var form) = mode {
                        form.message =
                            "Pasted: check it, then Enter saves (the line break that ended the paste did not)"
                        mode = .form(form)
                    }
                    i = j
                    continue
                }
            }
            // A burst is judged as text once, from its start: a paste arrives as one burst.
            if case .normal = mode,
                Self.looksPasted(keys[i...]) || (i == 0 && looksLikeText(keys[...], world: world, names: names))
            {
                let n = keys.count - i
                show(
                    "Ignored \(n) keys that arrived at once (a paste?): paste into a form, e.g. n for a log entry",
                    role: .flashWarn)
                return effects
            }
            let wasAsking = isAsking
            let done = update(.key(keys[i]), world: world, names: names)
            effects += done
            i += 1
            // A question is answered by a key of its own, never by one that came in with the key that asked it
            // ("dy" pasted must not delete a crisis).
            if isAsking, !wasAsking, i < keys.count {
                show(
                    "\(keys.count - i) key(s) that arrived with it were not taken as the answer: answer on its own",
                    role: .flashWarn, seconds: 8)
                return effects
            }
            // The list of what waits is read before anything in it is settled: keys that came with W are not used.
            if done.contains(.showWaiting), i < keys.count {
                show(
                    "\(keys.count - i) key(s) that arrived with W were not used: read the list, then m or t",
                    role: .flashWarn, seconds: 8)
                return effects
            }
            if !done.isEmpty && i < keys.count { return effects + [.then(Array(keys[i...]))] }
        }
        return effects
    }

    /// A question waits for its answer (delete?, a possible duplicate, an import's preview).
    var isAsking: Bool {
        switch mode {
        case .confirm, .duplicate, .importPreview, .waitingToSend: return true
        default: return false
        }
    }

    /// Keys arriving together that hold a line break followed by a letter or digit: text with lines, pasted,
    /// unless its first key opens a form or a filter (typing ahead "n", a log entry, Enter, then the next).
    /// Typing ahead that starts elsewhere ("3/Fallback⏎j") is then ignored and said so: safe, never acted on.
    func looksLikeText(_ keys: ArraySlice<Key>, world: World, names: CountryNames) -> Bool {
        let list = Array(keys)
        let lineThenText = list.indices.dropLast().contains { j in
            guard list[j] == .enter, case .char(let c) = list[j + 1] else { return false }
            return c.isLetter || c.isNumber
        }
        guard lineThenText, let first = list.first else { return false }
        var probe = self
        _ = probe.update(.key(first), world: world, names: names)
        switch probe.mode {
        case .form, .filtering: return false
        default: return true
        }
    }

    /// Characters arriving together beyond which it is not typing but a paste.
    static let pasteRun = 8

    /// Text arriving at once that does not start with a command key: a paste (typing ahead starts with one).
    static func looksPasted(_ keys: ArraySlice<Key>) -> Bool {
        let chars = keys.compactMap { if case .char(let c) = $0 { return c } else { return nil } }
        guard chars.count >= pasteRun, let first = keys.first else { return false }
        return KeyMap.command(for: first, readOnly: false) == nil
    }
}
