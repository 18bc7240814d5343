import CrisisModel
import CrisisSession
import Foundation

/// What the session reports (a save's outcome, the link, presence, a failed read) turned into what the console
/// shows: the runner only passes it on.
extension AppState {
    mutating func saveOutcome(_ outcome: SaveOutcome, _ purpose: Purpose, world: World, names: CountryNames) -> [Effect]
    {
        switch outcome {
        case .saved(let entries):
            saved(entries, purpose, world: world)
        case .unchanged(let why):
            nothingChanged(why, purpose)
        case .refused(let error):
            return refused(error, purpose, world: world, names: names)
        case .queued(let why):
            // Kept durably here and shown in the panes (the top bar counts what waits); sent when the link is back.
            if case .form = mode { mode = .normal }
            if case .confirm = mode { mode = .normal }
            saveState = waiting > 0 ? saveState : .saved
            if let problem = link?.problem {
                // Up or not, the database refuses this site: it will not come back by itself.
                show(
                    "Kept at this site: the database refuses this site (\(problem)); sent once that is mended",
                    role: .flashWarn, seconds: 12)
            } else {
                show("Kept at this site, to send when the database is back: \(why)", role: .flashWarn, seconds: 8)
            }
        case .failed(let reason):
            saveState = .failed(reason)
            if case .form(var form) = mode {
                form.message = "Not saved: \(reason). The form stays open; Enter tries again."
                mode = .form(form)
            } else {
                show("NOT SAVED: \(reason) · kept, retrying", role: .flashError, seconds: 8)
            }
        }
        return []
    }

    mutating func sessionNews(_ message: Message) {
        switch message {
        case .link(let news):
            linkNews(news)
        case .presence(let others):
            othersPresent = others
        case .following(let problem):
            if let problem, !dataStale { show("Cannot read updates: \(problem)", role: .flashError, seconds: 10) }
            dataStale = problem != nil
        case .theme(let name, let notice):
            themeName = name
            show(notice)
        case .notice(let text, let role, let seconds):
            show(text, role: role, seconds: seconds)
        case .draft(let kept):
            draft = kept
            show(
                "Typed text kept when the console was stopped at \(Format.clock(kept.keptAt, .utc)) UTC: open that form "
                    + "again for it (\(kept.title))", role: .flashWarn, seconds: 15)
        default:
            break
        }
    }

    /// A database's link: what the top bar says, and a refused waiting change said once, with how to settle it.
    private mutating func linkNews(_ news: LinkNews) {
        if let newest = news.newlyRefused.last {
            // The way to settle it first: a long refusal is cut at the screen's edge, never the fix.
            show("✖ Not sent (W: keep mine / take theirs): \(newest)", role: .flashError, seconds: 30)
        }
        if let busy = news.busy { show("Kept at this site: \(busy)", role: .flashWarn, seconds: 20) }
        if let problem = news.problem {
            show(
                "The database refuses this site: \(problem). Changes are kept here until it is mended.",
                role: .flashError, seconds: 60)
        }
        link = news.status
    }

    /// A form just opened for the target of the kept draft gets the draft's values back (changed, so Esc asks
    /// first), and the draft file goes.
    mutating func restoreDraft(into effects: [Effect]) -> [Effect] {
        guard let kept = draft, case .form(var form) = mode, String(describing: form.target) == kept.form else {
            return effects
        }
        for i in form.fields.indices {
            if let value = kept.values[form.fields[i].key] { form.fields[i].value = value }
        }
        form.message =
            "Restored what you typed at \(Format.clock(kept.keptAt, .utc)) UTC before the console was stopped: "
            + "Enter saves it, Esc drops it"
        mode = .form(form)
        draft = nil
        return effects + [.dropDraft]
    }
}
