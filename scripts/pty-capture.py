#!/usr/bin/env python3
"""Runs a program on a pseudo-terminal, types keys at it, and saves every byte it wrote.

Used by the terminal-injection tests: what reaches a real terminal, not what a screen model shows.
usage: pty-capture.py OUT COLS ROWS KEYS-FILE -- PROGRAM ARGS...
Bytes written after each key go to OUT.steps; PTY_START_WAIT seconds are given to start (default 1).
KEYS-FILE holds lines "SECONDS<TAB>TEXT" (TEXT with \\n, \\x1b escapes); the program is sent SIGTERM after the last.
"""
import codecs, fcntl, os, pty, select, signal, struct, sys, termios, time

out, cols, rows, keys_file = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
argv = sys.argv[sys.argv.index("--") + 1:]
steps = []
for line in open(keys_file, encoding="utf-8"):
    if line.strip():
        delay, text = line.rstrip("\n").split("\t", 1)
        steps.append((float(delay), codecs.decode(text, "unicode_escape").encode("utf-8")))

pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
captured = bytearray()

def pump(seconds):
    end = time.time() + seconds
    while time.time() < end:
        r, _, _ = select.select([fd], [], [], max(0, end - time.time()))
        if r:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return False
            if not data:
                return False
            captured.extend(data)
    return True

alive = pump(float(os.environ.get("PTY_START_WAIT", "1.0")))
steps_bytes = []
for delay, text in steps:
    if not alive:
        break
    before = len(captured)
    os.write(fd, text)
    alive = pump(delay)
    steps_bytes.append(len(captured) - before)
if alive:
    os.kill(pid, signal.SIGTERM)
    pump(1.0)
_, status = os.waitpid(pid, 0)
open(out, "wb").write(bytes(captured))
open(out + ".steps", "w").write("\n".join(str(b) for b in steps_bytes) + "\n")
sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else 0)
