"""The syscall handlers over a captured trace: data/python-run.trace is strace's record of this program,
run with the data directory /tmp/pccap/d3 (its mkdir left out, so the directory exists, empty, at the start):

    f = open(d + "/a.tmp", "w"); f.write('he said "hi"\\n\\tbye/\\\\' + "x" * 100); f.flush(); os.fsync(f.fileno()); f.close()
    os.rename(d + "/a.tmp", d + "/a")
    fd = os.open(d, os.O_RDONLY); os.fsync(fd); os.close(fd)
    os.open(d + "/missing", os.O_RDONLY)                           # fails: ENOENT
    fd = os.open(d + "/b", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.writev(fd, [b"ab", b"cd"]); os.pwrite(fd, b"zz", 1); os.lseek(fd, 0, 0); os.ftruncate(fd, 3)
    fd2 = os.dup(fd); os.close(fd); os.fdatasync(fd2); os.close(fd2)   # dup is fcntl(F_DUPFD_CLOEXEC)
    os.link(d + "/b", d + "/c"); os.unlink(d + "/c")
    os.mkdir(d + "/sub"); os.rmdir(d + "/sub")
    os.rename("a", "a2", src_dir_fd=dfd, dst_dir_fd=dfd)           # renameat, relative to a directory fd
    a socketpair and a write to it
    three threads writing "ok pc 0\\n" .. "ok pc 39\\n" to fd 1, while the main thread opens and fsyncs a2 40 times
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from powercutlib.fsmodel import Inode, Tree  # noqa: E402
from powercutlib.reader import TraceReader  # noqa: E402
from powercutlib.syscalls import HANDLERS, TRACED_CALLS  # noqa: E402

TRACE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "python-run.trace")


def read_captured() -> TraceReader:
    reader = TraceReader("/tmp/pccap/d3", Tree({"": 0}, {0: Inode("dir", b"")}))
    reader.root = "/tmp/pccap/d3"           # as traced, wherever /tmp may point here
    reader.read(TRACE)
    return reader


class HandlerTableTests(unittest.TestCase):
    def test_every_traced_call_has_a_handler(self):
        self.assertEqual(set(TRACED_CALLS), set(HANDLERS))


class CapturedTraceTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.reader = read_captured()
        cls.ops = cls.reader.ops

    def test_operations_in_order(self):
        described = [op.describe() for op in self.ops[:16]]
        self.assertEqual(described, [
            "creat a.tmp",
            "write a.tmp @0 +119 " + repr('he said "hi"\\n\tbye/\\' + "x" * 21 + "…"),   # its first 40 bytes
            "fsync a.tmp",
            "rename a.tmp -> a",
            "fsync dir .",
            "creat b",
            "write b @0 +4 'abcd'",
            "write b @1 +2 'zz'",
            "truncate b to 3",
            "fsync b",
            "link b -> c",
            "unlink c",
            "mkdir sub",
            "rmdir sub",
            "rename a -> a2",
            "fsync a2",
        ])
        self.assertEqual([op.kind for op in self.ops[16:]], ["fsync"] * 39)
        self.assertEqual([op.index for op in self.ops], list(range(len(self.ops))))

    def test_contents_and_names(self):
        live = self.reader.live
        self.assertEqual(sorted(live.names), ["", "a2", "b"])
        self.assertEqual(live.inodes[live.names["a2"]].data, b'he said "hi"\n\tbye/\\' + b"x" * 100)
        # The model writes pwrite at its offset; Linux appends it on an O_APPEND descriptor. The real run
        # would be refused by the replay check, not misjudged; crisiscell makes no such call.
        self.assertEqual(live.inodes[live.names["b"]].data, b"azz")

    def test_directory_fsync_and_renames_name_their_directories(self):
        rename = self.ops[3]
        self.assertEqual((rename.path, rename.dest, rename.replaced, rename.dirs), ("a.tmp", "a", None, ("",)))
        self.assertEqual((self.ops[4].kind, self.ops[4].path), ("fsyncdir", ""))

    def test_times_come_from_the_trace(self):
        self.assertEqual(self.ops[0].time, "13:54:22.223241")
        self.assertEqual(self.ops[15].time, "13:54:22.233723")      # the resumed half's time

    def test_acknowledgements_from_fd_1_only(self):
        acks = self.reader.acks
        self.assertEqual(sorted(a.number for a in acks), sorted(list(range(40)) * 3))
        self.assertTrue(all(0 <= a.position <= len(self.ops) for a in acks))
        self.assertEqual([a.position for a in acks], sorted(a.position for a in acks))


if __name__ == "__main__":
    unittest.main()
