import CrisisModel
import Foundation

/// Dialogs drawn over the console: help, details, forms, confirmations.
enum Overlay {
    static func draw(_ buf: inout ScreenBuffer, state: AppState, rows: PaneRows, ctx: RenderContext) {
        switch state.mode {
        case .help: help(&buf, state)
        case .importPreview(let p): importPreview(&buf, p)
        case .notices(let messages):
            box(
                &buf, title: "Notices",
                lines: messages.flatMap { [($0, Role.flashWarn), ("", Role.normal)] }.dropLast(),
                footer: "any key closes",
                minWidth: 50, maxWidth: 100)
        case .detail(let d): detail(&buf, d, state: state, ctx: ctx)
        case .sinceLastLooked(let summary): since(&buf, summary, state: state)
        case .waitingToSend(let list): waiting(&buf, list, state: state, ctx: ctx)
        case .form(let f): form(&buf, f)
        case .confirm(let c):
            if let f = c.form { form(&buf, f) }
            box(
                &buf, title: c.title, lines: [(c.question, .flashWarn)], footer: "\(c.yes) · \(c.no)", minWidth: 40,
                maxWidth: 80)
        case .duplicate(let d):
            form(&buf, d.form)
            duplicate(&buf, d, ctx: ctx)
        default: break
        }
    }

    /// A centred box sized to its lines; returns the inner rect.
    @discardableResult
    static func box(
        _ buf: inout ScreenBuffer, title: String, lines: [(String, Role)], footer: String, minWidth: Int = 30,
        maxWidth: Int = 90
    ) -> Rect {
        let longest = lines.map { TerminalText.width($0.0) }.max() ?? 0
        let width = min(buf.width - 2, maxWidth, max(minWidth, longest + 4, TerminalText.width(footer) + 4))
        let wrapped = lines.flatMap { line in Screen.wrap(line.0, width: width - 4).map { ($0, line.1) } }
        let height = min(buf.height - 2, wrapped.count + 4)
        let r = Rect(x: (buf.width - width) / 2, y: max(1, (buf.height - height) / 2), width: width, height: height)
        buf.fill(r, role: .dialog)
        let inner = Block(title: title, focused: true).draw(&buf, r)
        for (i, line) in wrapped.prefix(max(0, inner.height - 2)).enumerated() {
            buf.put(line.0, x: inner.x + 1, y: inner.y + i, maxWidth: inner.width - 2, role: line.1)
        }
        buf.put(footer, x: inner.x + 1, y: inner.maxY - 1, maxWidth: inner.width - 2, role: .muted)
        buf.placeCursor(x: inner.x + 1, y: inner.y)
        return inner
    }

    /// The import's preview in a large pane: every row with its line number and fate, scrollable.
    static func importPreview(_ buf: inout ScreenBuffer, _ p: ImportPreview) {
        let r = Rect(x: 2, y: 2, width: buf.width - 4, height: buf.height - 4)
        buf.fill(r, role: .dialog)
        let inner = Block(title: "Import preview · \(p.title)", info: "\(p.lines.count) lines", focused: true).draw(
            &buf, r)
        guard inner.height > 2 else { return }
        let visible = inner.height - 2
        let top = min(p.scroll, max(0, p.lines.count - visible))
        buf.placeCursor(x: inner.x + 1, y: inner.y)
        for (i, line) in p.lines.dropFirst(top).prefix(visible).enumerated() {
            let role: Role = line.contains("rejected") ? .formError : line.contains("unchanged") ? .muted : .normal
            buf.put(line, x: inner.x + 1, y: inner.y + i, maxWidth: inner.width - 2, role: role)
        }
        let n = p.rows
        let footer =
            p.operations.isEmpty
            ? "Nothing to save · Esc closes"
            : "Enter saves \(n) row\(n == 1 ? "" : "s") as one batch"
                + (p.rejected > 0 ? " (\(p.rejected) rejected rows left out)" : "") + " · Esc drops it · ↑↓ scroll"
        buf.put(
            footer, x: inner.x + 1, y: inner.maxY - 1, maxWidth: inner.width - 2,
            role: p.rejected > 0 ? .flashWarn : .keyHintKey)
    }

    static func help(_ buf: inout ScreenBuffer, _ state: AppState) {
        let lines = helpLines(state, width: buf.width)
        // Borders, a blank line and the footer take four rows; what does not fit scrolls (↑↓ PgUp PgDn).
        let rows = max(1, buf.height - 6)
        let top = min(state.helpScroll, max(0, lines.count - rows))
        let shown = Array(lines.dropFirst(top).prefix(rows))
        let footer =
            lines.count > rows
            ? "\(top + 1)–\(top + shown.count) of \(lines.count) · ↑↓ PgUp PgDn scroll · any other key closes"
            : "any key closes"
        box(&buf, title: "Keys", lines: shown, footer: footer, maxWidth: 118)
    }

    /// Every key with what it does, then the forms' keys; in two columns when the screen is wide enough, each
    /// description cut to its column (never wrapped under the other column).
    static func helpLines(_ state: AppState, width: Int) -> [(String, Role)] {
        let bindings = KeyMap.visible(readOnly: state.readOnly)
        var keys: [String] = bindings.map { b in
            TerminalText.fit(b.keys.map(\.name).joined(separator: " "), 14) + b.label
        }
        let forms = [
            "Forms: Tab or ↑↓ between fields, ←→ cursor or choice, Enter saves, Esc cancels (twice once you have typed).",
            "Changed by someone while you edit: Ctrl-Y keeps yours, Ctrl-T takes theirs. Pasted text goes into the field.",
        ]
        var lines: [(String, Role)] = []
        if state.readOnly { lines.append(("Read-only: keys that change data are switched off.", .flashWarn)) }
        let inner = min(width - 2, 118) - 4
        if inner >= 100 {
            let column = (inner - 2) / 2
            let half = (keys.count + 1) / 2
            keys = (0..<half).map { i in
                TerminalText.fit(keys[i], column) + "  "
                    + (i + half < keys.count ? TerminalText.fit(keys[i + half], column) : "")
            }
        } else {
            keys = keys.map { TerminalText.fit($0, inner) }
        }
        lines += keys.map { ($0, .normal) }
        lines.append(("", .normal))
        lines += forms.flatMap { Screen.wrap($0, width: inner) }.map { ($0, .muted) }
        return lines
    }

    static func form(_ buf: inout ScreenBuffer, _ f: FormState) {
        let labelWidth = (f.fields.map { TerminalText.width($0.label) }.max() ?? 8) + 4
        let width = min(buf.width - 2, 78)
        // A field someone else changed too gets a line beneath it with their value and the choice.
        var lines: [(field: Int, theirs: Bool)] = []
        for i in f.fields.indices {
            lines.append((i, false))
            if f.fields[i].theirs != nil { lines.append((i, true)) }
        }
        let message = f.message.map { Screen.wrap($0, width: width - 4) } ?? []
        let extra = min(message.count, 3)
        // Borders, the fields, a blank line, the message, the keys.
        let height = min(buf.height - 2, lines.count + 4 + extra)
        let r = Rect(x: (buf.width - width) / 2, y: max(1, (buf.height - height) / 2), width: width, height: height)
        buf.fill(r, role: .dialog)
        let inner = Block(title: f.title, focused: true).draw(&buf, r)
        let fieldWidth = max(4, inner.width - labelWidth - 1)
        // Scroll the fields when the terminal is short, keeping the focused one (and its choice line) visible.
        let visible = max(1, inner.height - 2 - extra)
        let focusLast = lines.lastIndex { $0.field == f.focus } ?? 0
        let focusFirst = lines.firstIndex { $0.field == f.focus } ?? 0
        let first = max(0, min(focusFirst, max(focusLast - visible + 1, 0), lines.count - visible))
        for (row, line) in lines.dropFirst(first).prefix(visible).enumerated() {
            let field = f.fields[line.field]
            let y = inner.y + row
            let focused = line.field == f.focus
            if line.theirs, let t = field.theirs {
                let who = (t.by ?? "someone") + (t.at.map { " " + Format.clock($0, .utc) } ?? "")
                let text = "◆ theirs: \(shown(t.value)) (\(who)) · Ctrl-Y yours · Ctrl-T theirs"
                // Under the field when it fits there, else from the left edge: the choice must be read whole.
                let fits = TerminalText.width(text) <= fieldWidth
                buf.put(
                    text, x: fits ? inner.x + labelWidth : inner.x + 2, y: y,
                    maxWidth: fits ? fieldWidth : inner.width - 3, role: .flashWarn)
                continue
            }
            let marker = focused ? "▶ " : field.theirs != nil ? "◆ " : "  "
            buf.put(
                marker + TerminalText.fit(field.label, labelWidth - 3, right: true) + " ", x: inner.x, y: y,
                role: focused ? .titleFocus : field.theirs != nil ? .flashWarn : .formLabel)
            drawField(&buf, field, x: inner.x + labelWidth, y: y, width: fieldWidth, focused: focused)
        }
        if extra > 0 {
            let failing =
                f.fields.contains { $0.error != nil } || f.message?.hasPrefix("Not saved") == true
                || f.message?.hasPrefix("Refused") == true
            for (i, line) in message.prefix(extra).enumerated() {
                buf.put(
                    line, x: inner.x + 1, y: inner.maxY - 1 - extra + i, maxWidth: inner.width - 2,
                    role: failing || !f.unresolved.isEmpty ? .formError : .flashWarn)
            }
        }
        let keys =
            f.unresolved.isEmpty
            ? "Enter save · Tab next · ←→ choose · Esc cancel"
            : "Ctrl-Y keep yours · Ctrl-T take theirs · Tab next · Esc cancel"
        buf.put(keys, x: inner.x + 1, y: inner.maxY - 1, maxWidth: inner.width - 2, role: .muted)
    }

    static func shown(_ value: String) -> String {
        value.isEmpty ? "(empty)" : "'" + value.replacingOccurrences(of: "\n", with: " ⏎ ") + "'"
    }

    /// What changed since the operator last looked, a line each, the selected one to go to.
    static func since(_ buf: inout ScreenBuffer, _ summary: SinceSummary, state: AppState) {
        let c = summary.changes
        let width = min(buf.width - 2, 110)
        let height = min(buf.height - 2, max(8, c.lines.count + 6))
        let r = Rect(x: (buf.width - width) / 2, y: max(1, (buf.height - height) / 2), width: width, height: height)
        buf.fill(r, role: .dialog)
        let inner = Block(
            title: "Since you last looked · \(Format.when(c.sinceTime, now: state.now)) UTC", focused: true
        ).draw(&buf, r)
        let entries = EventKind.allCases.compactMap { k in
            c.entries[k].map { "\($0) \(k.rawValue)\($0 == 1 ? "" : "s")" }
        }
        buf.put(
            entries.isEmpty ? "No new log entries." : "New log entries: " + entries.joined(separator: ", "),
            x: inner.x + 1, y: inner.y,
            maxWidth: inner.width - 2, role: .header)
        let visible = max(1, inner.height - 3)
        let top = PaneView.visibleTop(scroll: 0, selected: summary.selected, count: c.lines.count, height: visible)
        let glyph: [ChangesSince.Kind: String] = [
            .alert: "⚑", .contested: "◆", .count: "#", .tick: "✓", .log: "✎", .advice: "⚐",
        ]
        for (row, i) in (top..<min(c.lines.count, top + visible)).enumerated() {
            let line = c.lines[i]
            let text = "\(glyph[line.kind]!) \(Format.when(line.at, now: state.now))  \(line.text)"
            let role: Role =
                i == summary.selected
                ? .cursor : line.kind == .alert ? .alert3 : line.kind == .contested ? .flashWarn : .normal
            buf.fill(
                Rect(x: inner.x, y: inner.y + 1 + row, width: inner.width, height: 1),
                role: i == summary.selected ? .cursor : .dialog)
            buf.put(
                " " + text.replacingOccurrences(of: "\n", with: " ⏎ "), x: inner.x, y: inner.y + 1 + row,
                maxWidth: inner.width, role: role)
            if i == summary.selected { buf.placeCursor(x: inner.x, y: inner.y + 1 + row) }
        }
        let more =
            c.lines.count > visible ? " · \(top + 1)–\(min(c.lines.count, top + visible)) of \(c.lines.count)" : ""
        buf.put(
            "↑↓ choose · Enter goes to it · any other key closes\(more)", x: inner.x + 1, y: inner.maxY - 1,
            maxWidth: inner.width - 2, role: .muted)
    }

    /// A new contact that looks like one on the roster: both shown, and the choice.
    static func duplicate(_ buf: inout ScreenBuffer, _ d: DuplicateChoice, ctx: RenderContext) {
        func describe(_ c: Contact) -> [(String, Role)] {
            [
                ("  \(c.name) · \(c.organisation) · \(ctx.names.name(c.country))", .normal),
                ("  \(c.phones.joined(separator: ", "))\(c.email.isEmpty ? "" : " · " + c.email)", .muted),
            ]
        }
        let same =
            !d.new.email.isEmpty && d.new.email.lowercased() == d.existing.email.lowercased()
            ? "the same e-mail" : "the same phone and name"
        let lines: [(String, Role)] =
            [("This looks like a contact already on the roster (\(same)):", .flashWarn)] + describe(d.existing)
            + [("", .normal), ("The new one:", .normal)] + describe(d.new)
        box(
            &buf, title: "Already on the roster?", lines: lines,
            footer: "m merge into it · a add as a new contact · Esc back to the form",
            minWidth: 50, maxWidth: 90)
    }

    static func drawField(_ buf: inout ScreenBuffer, _ field: FormField, x: Int, y: Int, width: Int, focused: Bool) {
        var field = field
        // Line breaks (kept in multi-line fields) show as ⏎ on the field's one line.
        if field.kind == .multiline { field.scalars = field.scalars.map { $0 == "\n" ? "⏎" : $0 } }
        // An error or a notice always shows; the hint only while it leaves the text its room.
        let hint =
            focused && TerminalText.width(field.value) + TerminalText.width(field.hint) + 4 <= width ? field.hint : ""
        let note = field.error.map { "✖ \($0)" } ?? field.notice.map { "› \($0)" } ?? hint
        let noteWidth = note.isEmpty ? 0 : min(TerminalText.width(note) + 1, width / 2)
        let boxWidth = max(4, width - noteWidth)
        buf.fill(Rect(x: x, y: y, width: boxWidth, height: 1), role: focused ? .formFieldFocus : .formField)
        var display = field.value
        if case .choice = field.kind { display = "◂ \(field.value) ▸" }
        // Show the part of the text around the cursor.
        let cells = TerminalText.cells(String(String.UnicodeScalarView(field.scalars.prefix(field.cursor))))
        let cursorCol = cells.reduce(0) { $0 + $1.width }
        var start = 0
        if case .choice = field.kind {
        } else if cursorCol >= boxWidth - 1 {
            // Drop leading cells until the cursor fits.
            var dropped = 0
            var cols = cursorCol
            while cols >= boxWidth - 1, dropped < cells.count {
                cols -= cells[dropped].width
                dropped += 1
            }
            start = dropped
            display =
                (cells.dropFirst(dropped).map(\.text)
                + TerminalText.cells(String(String.UnicodeScalarView(field.scalars.dropFirst(field.cursor)))).map(
                    \.text)).joined()
        }
        buf.put(display, x: x, y: y, maxWidth: boxWidth, role: focused ? .formFieldFocus : .formField)
        if focused, case .choice = field.kind {
        } else if focused {
            let col = cells.dropFirst(start).reduce(0) { $0 + $1.width }
            let after =
                TerminalText.cells(String(String.UnicodeScalarView(field.scalars.dropFirst(field.cursor)))).first?.text
                ?? " "
            buf.put(after, x: x + min(col, boxWidth - 1), y: y, maxWidth: 2, role: .cursor)
            buf.placeCursor(x: x + min(col, boxWidth - 1), y: y, visible: true)
        }
        if focused, case .choice = field.kind { buf.placeCursor(x: x + 2, y: y, visible: true) }
        if noteWidth > 0 {
            buf.put(
                note, x: x + boxWidth + 1, y: y, maxWidth: noteWidth - 1,
                role: field.error != nil ? .formError : field.notice != nil ? .flashWarn : .muted)
        }
    }
}
