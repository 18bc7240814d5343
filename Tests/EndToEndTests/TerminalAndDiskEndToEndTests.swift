import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// The edges, driven from outside: a terminal that goes away, a disk that fills at the compaction point,
/// directories made under umask 000.
final class TerminalAndDiskEndToEndTests: DemoDirectoryTestCase {
    private func processGone(_ pid: Int32, within seconds: TimeInterval) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        repeat {
            if kill(pid, 0) != 0 && errno == ESRCH { return true }
            // Reap it if it is ours (it is not: tmux's), then look again.
            usleep(50_000)
        } while Date() < end
        return false
    }

    private func presenceFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir + "/presence")) ?? []).filter {
            $0.hasSuffix(".json")
        }
    }

    /// The exit status the shell around a console wrote to `path` once it ended (a state: waits for the file).
    private func exitStatus(_ path: String) -> String? {
        let end = Date().addingTimeInterval(5)
        while !FileManager.default.fileExists(atPath: path) && Date() < end { usleep(50_000) }
        return try? String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// An SSH drop: SIGHUP, then a terminal that is gone. The console saves, leaves, and never traps writing
    /// its goodbye to the dead terminal.
    func testAHangUpEndsTheConsoleCleanly() throws {
        guard TmuxSession.isAvailable else { throw XCTSkip("tmux is not installed") }
        let status = tmp.path + "/status"
        // The shell around it ignores SIGHUP, to live on and write the console's exit status.
        let s = try XCTUnwrap(
            TmuxSession(
                width: 120, height: 40,
                command:
                    "trap '' HUP; env -u NO_COLOR LANG=C.UTF-8 TERM=xterm-256color \(shellQuote(binary)) --data \(shellQuote(dir)) --operator rahim; echo $? > \(shellQuote(status))"
            ))
        XCTAssertTrue(s.waitFor("1 Crises").ok, s.capture())
        s.send("3", "/")
        s.type("Fallback")
        s.send("Enter", "Space")
        XCTAssertTrue(s.waitFor("Saved · ticked").ok, s.capture())
        XCTAssertTrue(s.waitFor(timeout: 5) { _ in !self.presenceFiles().isEmpty }.ok, "it announced itself")
        let pid = try XCTUnwrap(s.programPid)
        s.hangUp()
        XCTAssertTrue(processGone(pid, within: 10), "the console ended")
        XCTAssertEqual(
            exitStatus(status), "129",
            "stopped by a hang-up (129, non-zero), not a trap (132) writing to the dead terminal")
        XCTAssertEqual(presenceFiles(), [], "its presence file is gone")
        XCTAssertEqual(
            try String(contentsOfFile: dir + "/journal.jsonl", encoding: .utf8), "", "the snapshot was saved")
        XCTAssertTrue(runProcess(binary, ["checklist", "lb-escalation", "--data", dir]).stdout.contains("[x] resp-04"))
    }

    /// No SIGHUP ever comes (it is blocked, as under some SSH daemons and nohup-like wrappers): the console sees
    /// the terminal gone from its input and ends, instead of spinning at full CPU on it.
    func testAGoneTerminalWithoutSIGHUPIsNoticed() throws {
        guard TmuxSession.isAvailable else { throw XCTSkip("tmux is not installed") }
        guard
            let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            throw XCTSkip("python3 is needed to block SIGHUP")
        }
        let status = tmp.path + "/status"
        let block =
            "import os, signal, sys; signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP}); os.execv(sys.argv[1], sys.argv[1:])"
        let s = try XCTUnwrap(
            TmuxSession(
                width: 120, height: 40,
                command:
                    "trap '' HUP; env -u NO_COLOR LANG=C.UTF-8 TERM=xterm-256color \(python) -c \(shellQuote(block)) \(shellQuote(binary)) --data \(shellQuote(dir)) --operator rahim; echo $? > \(shellQuote(status))"
            ))
        XCTAssertTrue(s.waitFor("1 Crises").ok, s.capture())
        XCTAssertTrue(s.waitFor(timeout: 5) { _ in !self.presenceFiles().isEmpty }.ok)
        let pid = try XCTUnwrap(s.programPid)
        s.hangUp()
        XCTAssertTrue(processGone(pid, within: 10), "the console noticed its terminal was gone and ended")
        XCTAssertEqual(
            exitStatus(status), "129",
            "ended as on a hang-up")
        XCTAssertEqual(presenceFiles(), [])
    }

    /// An SSH drop while a log entry is half typed: the text is kept (0600, in the state directory) and offered
    /// back when the operator next opens that form.
    func testAHangUpWithTypedTextKeepsItAndOffersItBack() throws {
        guard TmuxSession.isAvailable else { throw XCTSkip("tmux is not installed") }
        let status = tmp.path + "/status"
        let state = tmp.path + "/state"
        let env = "env -u NO_COLOR LANG=C.UTF-8 TERM=xterm-256color XDG_STATE_HOME=\(shellQuote(state))"
        let s = try XCTUnwrap(
            TmuxSession(
                width: 120, height: 40,
                command:
                    "trap '' HUP; \(env) \(shellQuote(binary)) --data \(shellQuote(dir)) --operator rahim; echo $? > \(shellQuote(status))"
            ))
        XCTAssertTrue(s.waitFor("1 Crises").ok, s.capture())
        s.send("n")
        XCTAssertTrue(s.waitFor("Log entry · Lebanon escalation").ok, s.capture())
        s.type("Airport road closed ")
        s.type("at km 4")
        XCTAssertTrue(s.waitFor("at km 4").ok, s.capture())
        let pid = try XCTUnwrap(s.programPid)
        s.hangUp()
        XCTAssertTrue(processGone(pid, within: 10), "the console ended")
        XCTAssertEqual(
            exitStatus(status), "129")
        let drafts = ((try? FileManager.default.contentsOfDirectory(atPath: state + "/crisiscell")) ?? []).filter {
            $0.hasPrefix("draft-")
        }
        XCTAssertEqual(drafts.count, 1, "\(drafts)")
        let path = state + "/crisiscell/" + (drafts.first ?? "")
        let mode = (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? 0
        XCTAssertEqual(mode, 0o600)
        let again = console(120, 40, env: "TERM=xterm-256color XDG_STATE_HOME=\(state)")
        XCTAssertTrue(again.waitFor("open that form again").ok, again.capture())
        again.send("n")
        let restored = again.waitFor("Restored what you typed")
        XCTAssertTrue(restored.ok && restored.screen.contains("Airport road closed at km 4"), restored.screen)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "offered back once, then the file goes")
        again.send("Enter")
        XCTAssertTrue(again.waitFor("Saved · Airport road closed at km 4").ok, again.capture())
        again.send("q")
    }

    /// The disk fills exactly at the compaction point: the change is in the journal, so the command succeeds and
    /// says the snapshot failed; run again it does not store the first change twice.
    func testAFullDiskAtTheCompactionPointIsAWarningNotAFailure() throws {
        let mnt = tmp.path + "/mnt"
        try FileManager.default.createDirectory(atPath: mnt, withIntermediateDirectories: true)
        let m = runProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt])
        if m.status != 0 { throw XCTSkip("cannot mount a small tmpfs here: \(m.stderr)") }
        defer { _ = runProcess("/bin/umount", ["-l", mnt]) }
        let data = mnt + "/data"
        XCTAssertEqual(runProcess(binary, ["demo", "--data", data]).status, 0)
        // 999 journal lines: the next change is the one that compacts.
        XCTAssertEqual(runProcess(binary, ["_append", "--data", data, "--count", "999", "--label", "fill"]).status, 0)
        let filler = mnt + "/filler"
        FileManager.default.createFile(atPath: filler, contents: nil)
        let h = FileHandle(forWritingAtPath: filler)!
        while (try? h.write(contentsOf: Data(count: 4096))) != nil {}
        try? h.close()
        // Room for a journal line, none for a snapshot.
        let size = (try FileManager.default.attributesOfItem(atPath: filler)[.size] as? Int) ?? 0
        truncate(filler, off_t(size - 16_384))
        let first = runProcess(
            binary, ["log", "--data", data, "--operator", "rahim", "the one at the compaction point"])
        XCTAssertEqual(first.status, 0, "saved in the journal: success\n\(first.stderr)")
        XCTAssertTrue(first.stdout.contains("saved #"), first.stdout)
        XCTAssertTrue(
            first.stderr.contains("saved in the journal, but the snapshot could not be written"), first.stderr)
        let second = runProcess(binary, ["log", "--data", data, "--operator", "rahim", "the one after"])
        XCTAssertEqual(second.status, 0, second.stderr)
        let texts = try Repository(directory: DataDirectory(path: data), readOnly: true).store.world.events.map(\.text)
        XCTAssertEqual(texts.filter { $0 == "the one at the compaction point" }.count, 1, "stored once")
        XCTAssertEqual(texts.filter { $0 == "the one after" }.count, 1)
        try FileManager.default.removeItem(atPath: filler)
        XCTAssertEqual(
            runProcess(binary, ["log", "--data", data, "room again"]).stderr, "",
            "with room, no warning: the snapshot is written")
        XCTAssertEqual(try String(contentsOfFile: data + "/journal.jsonl", encoding: .utf8), "")
    }

    func testDirectoriesMadeUnderUmaskZeroArePrivateAndALinkIsRefused() throws {
        let deep = tmp.path + "/cells/dhaka/data"
        let r = runProcess(
            "/bin/sh", ["-c", "umask 000; \(shellQuote(binary)) log --data \(shellQuote(deep)) 'first entry'"])
        XCTAssertEqual(r.status, 0, r.stderr)
        for p in [tmp.path + "/cells", tmp.path + "/cells/dhaka", deep] {
            var st = stat()
            XCTAssertEqual(stat(p, &st), 0)
            XCTAssertEqual(st.st_mode & 0o777, 0o700, p)
        }
        let link = tmp.path + "/link"
        symlink(deep, link)
        let refused = runProcess(binary, ["log", "--data", link, "x"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("is a symbolic link"), refused.stderr)
        // check changes nothing on a directory made read-only on purpose, and says what it sees.
        chmod(deep, 0o555)
        defer { chmod(deep, 0o700) }
        let check = runProcess(binary, ["check", "--data", deep])
        var st = stat()
        stat(deep, &st)
        XCTAssertEqual(st.st_mode & 0o777, 0o555, "check changed nothing")
        XCTAssertTrue(check.stdout.contains("mode 555 lets others read the data"), check.stdout)
        let repaired = runProcess(binary, ["check", "--repair", "--data", deep])
        XCTAssertTrue(repaired.stdout.contains("repaired: \(deep): mode 555 → 700"), repaired.stdout)
    }
}
