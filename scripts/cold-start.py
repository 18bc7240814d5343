#!/usr/bin/env python3
"""Starts a program on a 200x60 pseudo-terminal and times its first complete frame.

usage: cold-start.py PROGRAM ARGS...   e.g. cold-start.py .build/release/crisiscell --data DIR --read-only
The frame counts as complete when the program has been silent for half a second; it is then sent SIGTERM."""
import os, pty, select, time, sys, struct, fcntl, termios, signal
argv = sys.argv[1:]
t0 = time.time()
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm-256color"
    os.execvp(argv[0], argv)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 60, 200, 0, 0))
buf = bytearray(); last = None; first = None
while True:
    r, _, _ = select.select([fd], [], [], 0.5)
    if not r:
        if last is not None: break
        continue
    d = os.read(fd, 65536)
    if not d: break
    if first is None: first = time.time()
    buf.extend(d); last = time.time()
os.kill(pid, signal.SIGTERM); os.waitpid(pid, 0)
print("first byte %.0f ms, frame complete %.0f ms, %d bytes" % ((first - t0) * 1000, (last - t0) * 1000, len(buf)))
