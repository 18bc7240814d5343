import CrisisModel
import CrisisSession
import Foundation

/// What is said once the runner has tried to save a change.
extension PlainSession {
    // MARK: After the disk

    /// What to say once the runner has tried to save a change: only now, with the journal holding it, "Saved".
    public mutating func finish(_ outcome: SaveOutcome, _ change: PlainChange, world: World, now: Date) -> PlainReply {
        switch outcome {
        case .saved(let entries):
            switch change.kind {
            case .change:
                if let entry = UndoEntry(change.ops) {
                    undoStack.append(entry)
                    redoStack.removeAll()
                }
            case .undo: if let e = undoStack.popLast() { redoStack.append(e) }
            case .redo: if let e = redoStack.popLast() { undoStack.append(e) }
            }
            for e in entries { sawRecords(of: e.op, in: world) }
            let head = change.kind == .undo ? "Undone" : change.kind == .redo ? "Done again" : "Saved"
            let lines = entries.map { e in
                PlainLine(
                    "\(head): " + PlainWords.spoken(PlainWords.entry(e, world: world, names: names, me: operatorName))
                        + ".", .saved)
            }
            return PlainReply(lines)
        case .unchanged(let why):
            if change.kind == .undo { undoStack.removeLast() }
            return PlainReply([PlainLine("Nothing to save: " + PlainWords.spoken(why) + ".")])
        case .refused(let error):
            for op in change.ops { sawRecords(of: op, in: world) }
            if case .conflict(let conflicts) = error {
                var lines = conflicts.map {
                    PlainLine("Not saved: " + PlainWords.spoken($0.description) + ".", .problem)
                }
                lines.append(
                    PlainLine(
                        change.kind == .change
                            ? "Someone changed it since you last looked. To put yours in its place, type the command again."
                            : "Someone changed it since, so it is left as they made it.", .problem))
                if change.kind == .undo { undoStack.removeLast() }
                return PlainReply(lines, failed: true, conflict: true)
            }
            return .problem("Not saved: \(PlainWords.spoken("\(error)")).")
        case .queued(let why):
            // What the operator changed is shown as theirs from now on; the next change expects it.
            for op in change.ops { sawRecords(of: op, in: world) }
            return PlainReply([PlainLine("Kept at this site, to send when the database is back: \(why).", .problem)])
        case .failed(let why):
            return .problem(
                "Not saved: \(why). Nothing was changed. Press the up arrow to get the command back and try again.")
        }
    }

    /// Others' changes, a line each as they arrive: "03:12, karim raised Kuwait to alert level 2, restriction: …".
    /// An announcement does not count as seen: it may have passed while a line was being typed on the old figure,
    /// and a change made on that figure must come back as a conflict, not overwrite the colleague's.
    public func announce(_ entries: [JournalEntry], world: World, now: Date) -> [PlainLine] {
        entries.map { e in
            var tone = PlainLine.Tone.announcement
            if case .setAlert(_, let level, _, _) = e.op { tone = .alert(level) }
            return PlainLine(
                "\(Format.when(e.time, now: now)), "
                    + PlainWords.spoken(PlainWords.entry(e, world: world, names: names, me: operatorName)), tone)
        }
    }

    mutating func sawRecords(of op: StoreOperation, in world: World) {
        switch op {
        case .setAlert(let code, _, _, _), .setCounts(let code, _, _, _, _): saw(country: code, in: world)
        case .setItemStatus(let owner, let id, _, _): saw(item: id, of: owner, in: world)
        default: break
        }
    }

    /// What changed since this operator last looked, numbered so a number goes to the record.
    public mutating func since(_ changes: ChangesSince?, world: World, now: Date) -> PlainReply {
        guard let changes else {
            return .say("This is the first time you look here: from now on, since tells you what others change.")
        }
        var counted = EventKind.allCases.compactMap { k in changes.entries[k].map { PlainWords.plural($0, k.rawValue) }
        }
        if counted.isEmpty { counted = ["none"] }
        let head =
            "Since you last looked, at \(PlainWords.when(changes.sinceTime, now: now)): "
            + "\(PlainWords.plural(changes.lines.count, "change")); new log entries: \(counted.joined(separator: ", "))."
        guard !changes.lines.isEmpty else { return PlainReply([PlainLine(head, .heading)]) }
        let texts = changes.lines.map { "\(Format.when($0.at, now: now)), " + PlainWords.spoken($0.text) }
        let refs = changes.lines.map { PlainSession.ref($0.ref) ?? .event(0) }
        for r in refs { saw(r, in: world) }
        listing = Listing(title: "Since you last looked", refs: refs, shown: 0, prefixKind: true, texts: texts)
        return PlainReply([PlainLine(head, .heading)] + page(world: world, now: now))
    }

    /// "country:LB", "crisis:ID", "item:crisis:ID/ITEM", "contact:ID" as a record.
    static func ref(_ text: String?) -> PlainRef? {
        guard let text, let colon = text.firstIndex(of: ":") else { return nil }
        let kind = text[..<colon]
        let rest = String(text[text.index(after: colon)...])
        switch kind {
        case "country": return .country(rest)
        case "crisis": return .crisis(rest)
        case "contact": return .contact(rest)
        case "item":
            guard let slash = rest.lastIndex(of: "/") else { return nil }
            let owner = String(rest[..<slash])
            let id = String(rest[rest.index(after: slash)...])
            if owner.hasPrefix("crisis:") { return .item(.crisis(String(owner.dropFirst(7))), id) }
            if owner.hasPrefix("country:") { return .item(.country(String(owner.dropFirst(8))), id) }
            return nil
        default: return nil
        }
    }
}
