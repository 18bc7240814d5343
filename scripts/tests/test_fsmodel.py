"""The file-system model and the crash states it allows, on small synthetic traces (in strace's own format,
as `strace -f -tt -yy` writes it, for a data directory /pc/data)."""

import os
import stat
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from powercutlib.fsmodel import Inode, Op, Tree, spliced  # noqa: E402
from powercutlib.reader import TraceReader  # noqa: E402
from powercutlib.states import Explorer  # noqa: E402
from powercutlib.trace import calls_from_lines  # noqa: E402

JOURNAL = '3</pc/data/journal.jsonl>'
APPEND = [
    '100 10:00:00.000001 openat(AT_FDCWD</pc>, "/pc/data/journal.jsonl", O_WRONLY|O_APPEND|O_CLOEXEC) = 3</pc/data/journal.jsonl>',
    f'100 10:00:00.000002 write({JOURNAL}, "line 1\\n", 7) = 7',
]
FSYNC = [f'100 10:00:00.000003 fsync({JOURNAL}) = 0']
TMP = '3</pc/data/snapshot.json.tmp>'
REPLACE = [
    '100 10:00:00.000001 openat(AT_FDCWD</pc>, "/pc/data/snapshot.json.tmp", O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0600) = 3</pc/data/snapshot.json.tmp>',
    f'100 10:00:00.000002 write({TMP}, "new snapshot", 12) = 12',
    f'100 10:00:00.000003 fsync({TMP}) = 0',
    f'100 10:00:00.000004 close({TMP}) = 0',
    '100 10:00:00.000005 rename("/pc/data/snapshot.json.tmp", "/pc/data/snapshot.json") = 0',
    '100 10:00:00.000006 openat(AT_FDCWD</pc>, "/pc/data", O_RDONLY|O_CLOEXEC|O_DIRECTORY) = 4</pc/data>',
    '100 10:00:00.000007 fsync(4</pc/data>) = 0',
]


def seed_tree() -> Tree:
    return Tree({"": 0, "journal.jsonl": 1, "snapshot.json": 2},
                {0: Inode("dir", b""), 1: Inode("file", b"line 0\n"), 2: Inode("file", b"old snapshot")})


def replay(lines: list[str]) -> tuple[Tree, Explorer]:
    seed = seed_tree()
    reader = TraceReader("/pc/data", seed)
    reader.root = "/pc/data"
    for call in calls_from_lines(lines):
        reader.call(call)
    explorer = Explorer(reader.ops)
    explorer.checkpoints(seed)
    return reader.live, explorer


def states(explorer: Explorer, c: int, model: str | None = None) -> list[Tree]:
    return [explorer.build(c, cand.spec) for cand in explorer.specs(c, False, None, 10_000)
            if model is None or cand.spec.model == model]


def contents(tree: Tree, name: str) -> bytes | None:
    return tree.inodes[tree.names[name]].data if name in tree.names else None


class PowerCutTests(unittest.TestCase):
    def test_a_write_without_fsync_may_be_lost_or_cut(self):
        live, explorer = replay(APPEND)
        self.assertEqual(contents(live, "journal.jsonl"), b"line 0\nline 1\n")
        found = {contents(t, "journal.jsonl") for t in states(explorer, len(explorer.ops))}
        self.assertIn(b"line 0\n", found)                   # lost
        self.assertIn(b"line 0\nline 1\n", found)           # reached the disk anyway
        self.assertIn(b"line 0\nlin", found)                # cut half way
        self.assertIn(b"line 0\n" + bytes(7), found)        # weak: the size, not the bytes

    def test_a_write_with_fsync_survives(self):
        _, explorer = replay(APPEND + FSYNC)
        found = {contents(t, "journal.jsonl") for t in states(explorer, len(explorer.ops))}
        self.assertEqual(found, {b"line 0\nline 1\n"})

    def test_write_fsync_rename_dir_fsync_survives(self):
        live, explorer = replay(REPLACE)
        self.assertEqual([op.kind for op in explorer.ops], ["creat", "write", "fsync", "rename", "fsyncdir"])
        self.assertEqual(contents(live, "snapshot.json"), b"new snapshot")
        for tree in states(explorer, len(explorer.ops)):
            self.assertEqual(contents(tree, "snapshot.json"), b"new snapshot")
            self.assertNotIn("snapshot.json.tmp", tree.names)

    def test_before_the_directory_fsync_the_rename_is_old_or_new_never_torn(self):
        _, explorer = replay(REPLACE)
        found = {contents(t, "snapshot.json") for t in states(explorer, 4)}
        self.assertEqual(found, {b"old snapshot", b"new snapshot"})

    def test_rename_without_fsync_is_torn_only_where_ext4_would_not_save_it(self):
        no_fsync = [line for line in REPLACE if "fsync(" not in line]
        _, explorer = replay(no_fsync)
        c = len(explorer.ops)
        ext4 = {contents(t, "snapshot.json") for t in states(explorer, c, "ext4")}
        self.assertLessEqual(ext4, {b"old snapshot", b"new snapshot"})      # auto_da_alloc
        weak = {contents(t, "snapshot.json") for t in states(explorer, c, "weak")}
        self.assertTrue(weak - {b"old snapshot", b"new snapshot"}, weak)


class TreeTests(unittest.TestCase):
    def test_spliced(self):
        self.assertEqual(spliced(b"abcd", b"zz", 1), b"azzd")
        self.assertEqual(spliced(b"ab", b"cd", 2), b"abcd")
        self.assertEqual(spliced(b"ab", b"cd", 4), b"ab\0\0cd")
        self.assertEqual(spliced(b"abcd", b"xyzzy", 0), b"xyzzy")

    def test_truncate_up_and_down(self):
        t = Tree({"": 0, "f": 1}, {0: Inode("dir", b""), 1: Inode("file", b"abc")})
        t.apply(Op(0, "trunc", ino=1, path="f", size=5))
        self.assertEqual(contents(t, "f"), b"abc\0\0")
        t.apply(Op(1, "trunc", ino=1, path="f", size=1))
        self.assertEqual(contents(t, "f"), b"a")

    def test_renaming_a_directory_moves_its_entries(self):
        t = Tree({"": 0, "d": 1, "d/f": 2}, {0: Inode("dir", b""), 1: Inode("dir", b""), 2: Inode("file", b"x")})
        t.apply(Op(0, "rename", ino=1, path="d", dest="e"))
        self.assertEqual(sorted(t.names), ["", "e", "e/f"])

    def test_key_ignores_inode_numbers_but_not_links(self):
        a = Tree({"": 0, "f": 1, "g": 2}, {0: Inode("dir", b""), 1: Inode("file", b"x"), 2: Inode("file", b"x")})
        b = Tree({"": 0, "f": 7, "g": 9}, {0: Inode("dir", b""), 7: Inode("file", b"x"), 9: Inode("file", b"x")})
        linked = Tree({"": 0, "f": 1, "g": 1}, {0: Inode("dir", b""), 1: Inode("file", b"x")})
        self.assertEqual(a.key(), b.key())
        self.assertNotEqual(a.key(), linked.key())

    def test_write_to_and_read_back(self):
        t = Tree({"": 0, "d": 1, "d/f": 2, "g": 2}, {0: Inode("dir", b""), 1: Inode("dir", b""), 2: Inode("file", b"data")})
        with tempfile.TemporaryDirectory() as tmp:
            root = os.path.join(tmp, "state")
            t.write_to(root)
            self.assertEqual(stat.S_IMODE(os.stat(os.path.join(root, "g")).st_mode), 0o600)
            self.assertEqual(stat.S_IMODE(os.stat(os.path.join(root, "d")).st_mode), 0o700)
            self.assertEqual(os.stat(os.path.join(root, "g")).st_nlink, 2)
            back = Tree.read(root)
        self.assertEqual(back.key(), t.key())
        self.assertEqual(back.differences(t), [])

    def test_differences(self):
        a = Tree({"": 0, "f": 1}, {0: Inode("dir", b""), 1: Inode("file", b"ab")})
        b = Tree({"": 0, "f": 1, "g": 2}, {0: Inode("dir", b""), 1: Inode("file", b"abc"), 2: Inode("file", b"")})
        self.assertEqual(a.differences(b), ["f: replayed 2 bytes, on disk 3 bytes",
                                            "g: missing in the replayed trace, present on disk"])


if __name__ == "__main__":
    unittest.main()
