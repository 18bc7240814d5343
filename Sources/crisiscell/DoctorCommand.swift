import ArgumentParser
import CrisisModel
import CrisisPostgres
import CrisisStorage
import CrisisTerminal
import CrisisUI
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `crisiscell doctor`: what an operator checks when the console looks wrong over SSH, one line each, OK or
/// WARN with the fix. Exits 1 when a line warns.
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract:
            "Check the terminal (TERM, colours, UTF-8, size, bracketed paste), the data directory and the database, each line OK or WARN with the fix.",
        discussion: "Exits 1 when a line warns.")
    @OptionGroup var common: CommonOptions

    struct Line {
        var ok: Bool
        var text: String
        var fix: String? = nil
        var said: String { (ok ? "OK    " : "WARN  ") + text + (fix.map { " · fix: \($0)" } ?? "") }
    }

    func run() throws {
        try runReporting {
            var lines = Self.terminal(ProcessInfo.processInfo.environment)
            if let text = common.databaseText {
                lines += Self.database(text, cache: (try? DatabaseURL(text)).map { common.cacheDirectory(for: $0) })
            } else {
                lines += Self.directory(common.directory())
            }
            for line in lines { say(line.said) }
            if lines.contains(where: { !$0.ok }) { throw ExitCode(1) }
        }
    }

    static func drawing(_ d: TerminalProbe.Description) -> Line {
        Line(
            ok: true,
            text: d.direct
                ? "drawing: direct ECMA-48, only what changed"
                    + (d.tabs ? ", with tab stops of its own (set back every 8 columns on leaving)" : "")
                    + " (CRISISCELL_DRAW=curses draws with ncurses instead)"
                : "drawing: by ncurses (TERM's description is not plain ECMA-48, or CRISISCELL_DRAW=curses)")
    }

    static func terminal(_ env: [String: String]) -> [Line] {
        var out: [Line] = []
        let term = env["TERM"] ?? ""
        let d = TerminalProbe.describe(term: term)
        if term.isEmpty || term == "dumb" || !d.addressable {
            out.append(
                Line(
                    ok: false,
                    text:
                        "TERM=\(term.isEmpty ? "(unset)" : term): \(d.known ? "cannot address the cursor" : "no terminfo entry on this machine")",
                    fix:
                        "set TERM to your terminal (TERM=xterm-256color), install ncurses-term for rarer ones, or use crisiscell --plain"
                ))
        } else {
            out.append(Line(ok: true, text: "TERM=\(term): terminfo found, full-screen capable"))
        }
        let truecolor = ["truecolor", "24bit"].contains(env["COLORTERM"] ?? "")
        if d.colors >= 256 || truecolor {
            out.append(Line(ok: true, text: "colours: \(truecolor ? "24-bit" : "\(d.colors)")"))
        } else if d.colors >= 8 {
            out.append(Line(ok: true, text: "colours: \(d.colors) (themes are drawn with the nearest of them)"))
        } else {
            out.append(
                Line(
                    ok: false, text: "colours: \(d.colors) (no colour)",
                    fix: "use a 256-colour TERM if the terminal has colour, or --theme mono"))
        }
        if d.addressable { out.append(drawing(d)) }
        if let moved = env[CellClock.variable], !moved.isEmpty {
            out.append(
                Line(ok: true, text: "clock: moved by \(CellClock.variable)=\(moved) (a drill's dates, not today's)"))
        }
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        if codeset == "UTF-8" {
            out.append(
                Line(ok: true, text: "locale: UTF-8 (\(env["LC_ALL"] ?? env["LC_CTYPE"] ?? env["LANG"] ?? "default"))"))
        } else {
            out.append(
                Line(
                    ok: false, text: "locale: \(codeset), not UTF-8 (LANG=\(env["LANG"] ?? "unset"))",
                    fix: "export LANG=C.UTF-8 (or en_US.UTF-8), and on SSH let the client send it (SendEnv LANG)"))
        }
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            let (w, h) = (Int(size.ws_col), Int(size.ws_row))
            out.append(
                ConsoleLayout.isTooSmall(width: w, height: h)
                    ? Line(
                        ok: false,
                        text:
                            "size: \(w)x\(h), below the console's \(ConsoleLayout.minWidth)x\(ConsoleLayout.minHeight)",
                        fix: "enlarge the window, or use crisiscell --plain")
                    : Line(ok: true, text: "size: \(w)x\(h)"))
            switch TerminalProbe.answersBracketedPaste() {
            case true?: out.append(Line(ok: true, text: "bracketed paste: the terminal answers for it"))
            case false?:
                out.append(
                    Line(
                        ok: false, text: "bracketed paste: the terminal does not know it",
                        fix:
                            "a pasted line may be read as keys; paste into a form's field only, or use a newer terminal"
                    ))
            case nil:
                out.append(
                    Line(
                        ok: true,
                        text: "bracketed paste: the terminal did not say (many do not; pasting still works in most)"))
            }
        } else {
            out.append(
                Line(
                    ok: false, text: "size: not a terminal (output is a pipe or a file)",
                    fix: "run doctor in the terminal the console is used in"))
        }
        return out
    }

    static func directory(_ dir: DataDirectory, cache: Bool = false) -> [Line] {
        var out: [Line] = []
        var st = stat()
        guard stat(dir.path, &st) == 0 else {
            if cache { return [Line(ok: true, text: "this site's cache \(dir.path): made on first use")] }
            return [
                Line(
                    ok: false, text: "data directory \(dir.path): does not exist yet",
                    fix: "crisiscell demo, or a first change, creates it")
            ]
        }
        if st.st_uid != geteuid() {
            out.append(
                Line(
                    ok: false, text: "data directory \(dir.path): owned by uid \(st.st_uid), not you",
                    fix: "chown it to the cell's login"))
        } else if st.st_mode & 0o077 != 0 {
            out.append(
                Line(
                    ok: false,
                    text:
                        "data directory \(dir.path): mode \(String(st.st_mode & 0o777, radix: 8)), others can read it",
                    fix: "chmod 700 \(dir.path)"))
        } else {
            out.append(Line(ok: true, text: "data directory \(dir.path): yours, 0700"))
        }
        var fs = statvfs()
        if statvfs(dir.path, &fs) == 0 {
            let free = Double(fs.f_bavail) * Double(fs.f_frsize) / 1_048_576
            out.append(
                free < 200
                    ? Line(
                        ok: false, text: String(format: "free space: %.0f MB", free),
                        fix: "free some: snapshots need twice the record's size")
                    : Line(ok: true, text: String(format: "free space: %.0f MB", free)))
        }
        return out
    }

    static func database(_ text: String, cache: DataDirectory?) -> [Line] {
        let url: DatabaseURL
        do { url = try DatabaseURL(text) } catch {
            return [Line(ok: false, text: "database URL: \(error)", fix: "see crisiscell --help for its form")]
        }
        var out = cache.map { directory($0, cache: true) } ?? []
        do {
            // The machine's own clock against the server's (what NTP keeps right), not the program's clock, which
            // CRISISCELL_CLOCK may move on purpose for a drill.
            let answer = try DatabaseProbe.ask(url, now: Date.init)
            out.append(
                Line(ok: true, text: "database: \(answer.server) answers, login \(answer.login), \(answer.role)"))
            let off = answer.clockOffset
            out.append(
                abs(off) > 2
                    ? Line(
                        ok: false, text: String(format: "clock: this machine is %+.1f s from the server's", off),
                        fix:
                            "run NTP (systemd-timesyncd or chrony): a change made offline is dated by this machine's clock"
                    )
                    : Line(ok: true, text: String(format: "clock: within %.1f s of the server's", abs(off))))
        } catch {
            out.append(
                Line(
                    ok: false, text: "database: \(error)",
                    fix: "crisiscell db status --db URL says which servers answer"))
            return out
        }
        let status = DatabaseStatus.report(url)
        out.append(
            Line(ok: status.warnings.isEmpty, text: "replication: \(status.durability)", fix: status.warnings.first))
        return out
    }
}
