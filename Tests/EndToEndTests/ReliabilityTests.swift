import CrisisExchange
import CrisisModel
import CrisisStorage
import Foundation
import TestSupport
import XCTest

/// Signals, unsafe files, a full or read-only disk, and a terminal pushed around: the console survives,
/// the terminal is restored, and nothing acknowledged is lost.
final class ReliabilityTests: DemoDirectoryTestCase {

    private func tmuxConsole(dataDir: String? = nil) throws -> TmuxSession {
        guard TmuxSession.isAvailable else { throw XCTSkip("tmux is not installed") }
        // Drafts kept by a signal go to a state directory of the test's own, not the user's, and a new console
        // starts without the last one's (each case here judges only what it typed itself).
        try? FileManager.default.removeItem(atPath: tmp.path + "/state")
        return console(
            env: "TERM=xterm-256color XDG_STATE_HOME=\(tmp.path)/state", args: "--operator rel", dataDir: dataDir)
    }

    // MARK: Signals

    func testSignalsWhileIdleAndWhileWritingRestoreTheTerminalAndKeepData() throws {
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            for writing in [false, true] {
                let s = try tmuxConsole()
                if writing {
                    // At a person's pace (keys arriving all together are a paste into the open form), the last
                    // one sent without waiting, so the signal may land while it is written.
                    for k in 0..<5 {
                        s.send("n")
                        if k < 4 {
                            s.typeThenEnter("sig-\(sig)-\(k)", timeout: 3)
                        } else {
                            s.type("sig-\(sig)-\(k)")
                            s.send("Enter")
                        }
                        if k < 4 { s.waitFor("Saved · sig-\(sig)-\(k)", timeout: 3) }
                    }
                }
                let bottom = s.capture().split(separator: "\n").suffix(6).joined(separator: "\n")
                let pid = try XCTUnwrap(s.programPid)
                kill(pid, sig)
                // SIGINT is Ctrl-C: landing while a form still holds typed text (its Enter not yet read), it asks
                // first, as Esc does, and a second one stops the console.
                if sig == SIGINT, s.waitFor("again discards what you typed", timeout: 2).ok { kill(pid, sig) }
                // A hang-up is said in the status (129); a stop by SIGTERM or Ctrl-C is a clean one.
                XCTAssertEqual(
                    s.waitForExit(), sig == SIGHUP ? 129 : 0, "signal \(sig) writing=\(writing): stopped as it should")
                let after = s.capture()
                XCTAssertFalse(
                    after.contains("1 Crises"),
                    "signal \(sig): the console's screen is gone (terminal restored)\n\(after)")
                XCTAssertTrue(HealthCheck.run(directory: tmp.data).problems.isEmpty)
                let texts = Set(try Repository(directory: tmp.data, readOnly: true).store.world.events.map(\.text))
                for k in 0..<5 where bottom.contains("sig-\(sig)-\(k)") {
                    XCTAssertTrue(
                        texts.contains("sig-\(sig)-\(k)"),
                        "signal \(sig): shown as saved, then lost\n\(bottom)\n\(texts)")
                }
                XCTAssertEqual(
                    try String(contentsOfFile: dir + "/journal.jsonl", encoding: .utf8), "",
                    "a clean stop writes a snapshot")
            }
        }
    }

    // MARK: Files

    func testDirectoryOwnedBySomeoneElseOrWritableByOthersIsRefused() throws {
        guard geteuid() == 0 else { throw XCTSkip("changing owners needs root") }
        chown(dir, 65534, 65534)
        var r = runProcess(binary, ["log", "x", "--data", dir])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("belongs to user id 65534"), r.stderr)
        chown(dir, 0, 0)
        chmod(dir, 0o777)
        r = runProcess(binary, ["log", "x", "--data", dir])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("others can write to it") && r.stderr.contains("chmod 700"), r.stderr)
        chmod(dir, 0o700)
        XCTAssertEqual(runProcess(binary, ["log", "x", "--data", dir]).status, 0)
    }

    func testSymlinkedSnapshotIsNeverFollowed() throws {
        let victim = tmp.path + "/victim.json"
        try FileManager.default.moveItem(atPath: dir + "/snapshot.json", toPath: victim)
        let before = try Data(contentsOf: URL(fileURLWithPath: victim))
        symlink(victim, dir + "/snapshot.json")
        let r = runProcess(binary, ["log", "x", "--data", dir])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("symbolic link"), r.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: victim)), before)
    }

    // MARK: A full or read-only disk

    private func mountTmpfs(_ path: String, size: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let r = runProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path])
        if r.status != 0 {
            throw XCTSkip(
                "cannot mount a small tmpfs here (\(r.stderr.trimmingCharacters(in: .whitespacesAndNewlines))): disk-full test skipped"
            )
        }
    }

    func testDiskFullIsShownRetriedAndDamagesNothing() throws {
        let mnt = tmp.path + "/mnt"
        try mountTmpfs(mnt, size: "1m")
        defer { _ = runProcess("/bin/umount", ["-l", mnt]) }
        let data = mnt + "/data"
        XCTAssertEqual(runProcess(binary, ["demo", "--data", data]).status, 0)
        // Fill the rest of the disk.
        let filler = mnt + "/filler"
        FileManager.default.createFile(atPath: filler, contents: nil)
        let h = FileHandle(forWritingAtPath: filler)!
        let block = Data(count: 4096)
        while (try? h.write(contentsOf: block)) != nil {}
        try? h.close()
        let snapshot = try Data(contentsOf: URL(fileURLWithPath: data + "/snapshot.json"))

        let cli = runProcess(binary, ["log", "will not fit", "--data", data])
        XCTAssertEqual(cli.status, 1)
        XCTAssertTrue(cli.stderr.contains("No space left on device"), cli.stderr)
        XCTAssertEqual(
            try Data(contentsOf: URL(fileURLWithPath: data + "/snapshot.json")), snapshot, "nothing saved is damaged")
        XCTAssertTrue(HealthCheck.run(directory: DataDirectory(path: data)).problems.isEmpty)

        let s = try tmuxConsole(dataDir: data)
        s.send("3", "/")
        s.type("Fallback")
        s.send("Enter", "Space")
        let failed = s.waitFor("NOT SAVED")
        XCTAssertTrue(failed.ok, failed.screen)
        XCTAssertTrue(failed.screen.contains("waiting, retrying"), failed.screen)
        XCTAssertTrue(failed.screen.contains("[ ] Fallback ready"), "the old value stays on screen")
        s.send("2")
        XCTAssertTrue(s.waitFor("┏ 2 Countries").ok, "the console keeps working")
        try FileManager.default.removeItem(atPath: filler)
        let saved = s.waitFor(timeout: 6) { $0.contains("● saved") && $0.contains("[x] Fallback ready") }
        XCTAssertTrue(saved.ok, "the waiting tick is saved once there is room:\n\(saved.screen)")
        s.send("q")
        XCTAssertEqual(s.waitForExit(), 0)
        XCTAssertTrue(
            runProcess(binary, ["checklist", "lb-escalation", "--data", data]).stdout.contains("[x] resp-04"))
    }

    func testReadOnlyDiskGivesAClearError() throws {
        let mnt = tmp.path + "/ro"
        try mountTmpfs(mnt, size: "2m")
        defer { _ = runProcess("/bin/umount", ["-l", mnt]) }
        let data = mnt + "/data"
        XCTAssertEqual(runProcess(binary, ["demo", "--data", data]).status, 0)
        XCTAssertEqual(runProcess("/bin/mount", ["-o", "remount,ro", mnt]).status, 0)
        let r = runProcess(binary, ["log", "x", "--data", data])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.contains("Read-only file system"), r.stderr)
        XCTAssertEqual(runProcess(binary, ["brief", "--data", data]).status, 0, "reading still works")
    }

    // MARK: Terminal abuse

    func testTwoHundredResizesAnInputFloodAndABigPaste() throws {
        let s = try tmuxConsole()
        var rng = SeededRandom()
        let start = Date()
        for _ in 0..<200 {
            s.resize(width: Int.random(in: 1...300, using: &rng), height: Int.random(in: 1...100, using: &rng))
        }
        let resizeSeconds = Date().timeIntervalSince(start)
        s.resize(width: 120, height: 40)
        let settled = s.waitFor { $0.contains("2 Countries") && $0.contains("4 Contacts") }
        XCTAssertTrue(settled.ok, settled.screen)
        for line in settled.screen.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 120) }

        // A flood of keys: letters, digits, arrows, Tab, Enter, Escape (not q, which quits).
        let keys = [
            "Up", "Down", "Left", "Right", "Tab", "BTab", "Enter", "Escape", "PageUp", "PageDown", "Space", "BSpace",
        ]
        let letters = Array("abcdefghijklmnoprstuvwxyzABCDEFGHIJKLMNOPRSTUVWXYZ0123456789/?")
        for _ in 0..<60 {
            var batch: [String] = []
            for _ in 0..<50 {
                batch.append(
                    Bool.random(using: &rng)
                        ? keys.randomElement(using: &rng)! : String(letters.randomElement(using: &rng)!))
            }
            for k in batch { s.send(k) }
        }
        for _ in 0..<4 { s.send("Escape") }
        XCTAssertNotNil(s.programPid, "still running after 3,000 keys")
        // 100 KB pasted into a log entry. First the flood must be drained: on a busy machine its tail is still
        // being handled (opening and closing forms) long after tmux sent it, and keys sent with that tail are
        // judged with it (a burst of text is a paste, and ignored). A filter with a word the flood cannot type (no q, which quits, and letters it never sends),
        // shown in the Crises pane's title, says every key before it was handled: a state, sent again until seen.
        var drained = false
        let until = Date().addingTimeInterval(150)
        while !drained && Date() < until {
            s.send("Escape", "Escape", "Escape")
            s.send("1")
            s.send("/")
            s.type("ðrainð")
            s.send("Enter")
            drained = s.waitFor("filter: ðrainð", timeout: 5).ok
        }
        XCTAssertTrue(drained, s.capture())
        s.send("Escape")
        XCTAssertTrue(s.waitFor { !$0.contains("filter: ðrainð") }.ok, s.capture())
        s.send("n")
        XCTAssertTrue(s.waitFor("Log entry · ").ok, s.capture())
        // tmux refuses one command that long, so the paste goes in 4 KB pieces, as a terminal delivers it.
        let paste = String(repeating: "paste-", count: 17_000)
        var rest = Substring(paste)
        while !rest.isEmpty {
            s.type(String(rest.prefix(4096)))
            rest = rest.dropFirst(4096)
        }
        s.send("Enter")
        // A state, not a time: a debug build on a busy 2-core machine takes far longer than 10 s to take in
        // 102,000 keys, and the Enter behind them is handled once they are. An Enter that arrives with the
        // paste's tail is the paste's own line break: the form stays open and says so, and an Enter of its own
        // saves; one that arrives after it saves at once. Either way it is never lost.
        let landed = s.waitFor(timeout: 180) { $0.contains("Saved · paste-paste") || $0.contains("then Enter saves") }
        XCTAssertTrue(landed.ok, landed.screen)
        if !landed.screen.contains("Saved · paste-paste") { s.send("Enter") }
        XCTAssertTrue(s.waitFor("Saved · paste-paste", timeout: 60).ok, s.capture())
        let saved = try Repository(directory: tmp.data, readOnly: true).store.world.events.last {
            $0.text.hasPrefix("paste-")
        }
        XCTAssertEqual(saved?.text.count, 2_000, "a form field keeps the first 2,000 characters of a huge paste")
        s.send("q")
        XCTAssertEqual(s.waitForExit(), 0)
        XCTAssertTrue(HealthCheck.run(directory: tmp.data).problems.isEmpty)
        print(
            String(format: "ABUSE: 200 resizes in %.1f s, 3,000 keys, 102,000-character paste: no crash", resizeSeconds)
        )
    }
}
