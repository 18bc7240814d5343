"""The strace parser over lines captured from strace 6.1 (`-f -tt -yy`, with and without `-xx`), each
copied verbatim from a real trace."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from powercutlib.trace import FD_ARG, Call, annotated_path, calls, calls_from_lines, split_args, string_arg, unescape  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")

# -xx: every byte of a string or an fd's path as \xNN. "/tmp/pccap" and "/tmp/pccap/d3/a.tmp".
OPENAT_XX = (r'23334 13:54:22.223241 openat(AT_FDCWD<\x2f\x74\x6d\x70\x2f\x70\x63\x63\x61\x70>, '
             r'"\x2f\x74\x6d\x70\x2f\x70\x63\x63\x61\x70\x2f\x64\x33\x2f\x61\x2e\x74\x6d\x70", '
             r'O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0666) = 3<\x2f\x74\x6d\x70\x2f\x70\x63\x63\x61\x70\x2f\x64\x33\x2f\x61\x2e\x74\x6d\x70>')
OPENAT_ENOENT = (r'23334 13:54:22.225424 openat(AT_FDCWD<\x2f\x74\x6d\x70\x2f\x70\x63\x63\x61\x70>, '
                 r'"\x2f\x74\x6d\x70\x2f\x70\x63\x63\x61\x70\x2f\x64\x33\x2f\x6d\x69\x73\x73\x69\x6e\x67", O_RDONLY|O_CLOEXEC)'
                 r' = -1 ENOENT (No such file or directory)')
# Without -xx, and cut at -s 64: escapes for the quote, backslash, newline and tab, then `"...`.
WRITE_PLAIN_CUT = (r'16184 13:47:15.241554 write(3</tmp/pccap/d2/a.tmp>, '
                   r'"he said \"hi\"\n\tbye/\\xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"..., 119) = 119')
WRITE_XX_CUT = (r'16141 13:47:15.038621 write(3<\x2f\x74\x6d\x70\x2f\x70\x63\x63\x61\x70\x2f\x64\x2f\x61\x2e\x74\x6d\x70>, '
                r'"\x68\x65\x20\x73\x61\x69\x64\x20\x22\x68\x69\x22\x0a\x09\x62\x79\x65\x2f\x5c\x78\x78\x78\x78\x78\x78'
                r'\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78'
                r'\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78\x78"..., 119) = 119')
WRITEV = (r'23334 13:54:22.225553 writev(3<\x2f\x74\x6d\x70\x2f\x70\x63\x63\x61\x70\x2f\x64\x33\x2f\x62>, '
          r'[{iov_base="\x61\x62", iov_len=2}, {iov_base="\x63\x64", iov_len=2}], 2) = 4')
PWRITE = r'16184 13:47:15.244110 pwrite64(3</tmp/pccap/d2/b>, "zz", 2, 1) = 2'
FCNTL_DUP = (r'23334 13:54:22.225735 fcntl(3<\x2f\x74\x6d\x70\x2f\x70\x63\x63\x61\x70\x2f\x64\x33\x2f\x62>, F_DUPFD_CLOEXEC, 0)'
             r' = 4<\x2f\x74\x6d\x70\x2f\x70\x63\x63\x61\x70\x2f\x64\x33\x2f\x62>')
RENAMEAT = (r'23334 13:54:22.226729 renameat(3<\x2f\x74\x6d\x70\x2f\x70\x63\x63\x61\x70\x2f\x64\x33>, "\x61", '
            r'3<\x2f\x74\x6d\x70\x2f\x70\x63\x63\x61\x70\x2f\x64\x33>, "\x61\x32") = 0')
# A socket's annotation holds a '>' inside brackets; /dev/null's holds a nested <char 1:3>.
WRITE_SOCKET = r'23334 13:54:22.226913 write(3<UNIX-STREAM:[1787948->1787949]>, "\x73\x6f\x63\x6b", 4) = 4'
WRITE_UTF8 = r'23334 13:54:22.335183 write(1<\x2f\x64\x65\x76\x2f\x6e\x75\x6c\x6c<char 1:3>>, "\xc3\xa9\x0a", 3) = 3'
# A string holding ") = ", and an execve whose argument array holds a cut string and a comment.
WRITE_PAREN = r'24428 13:55:12.169113 write(1</dev/null<char 1:3>>, "f(x) = 1\n", 9) = 9'
EXECVE = (r'24428 13:55:12.167715 execve("/usr/bin/sh", ["sh", "-c", "echo \"f(x) = 1\"; cat /nonexisten"...], '
          r'0x7ffcd94ca2b8 /* 35 vars */) = 0')
# Two threads interleaved: each call's head, then each one's tail.
INTERLEAVED = [
    r'23334 13:54:22.233174 fsync(5<\x2f\x74\x6d\x70\x2f\x70\x63\x63\x61\x70\x2f\x64\x33\x2f\x61\x32> <unfinished ...>',
    r'23336 13:54:22.233694 write(1<\x2f\x64\x65\x76\x2f\x6e\x75\x6c\x6c<char 1:3>>, "\x6f\x6b\x20\x70\x63\x20\x33\x0a", 8 <unfinished ...>',
    r'23334 13:54:22.233723 <... fsync resumed>) = 0',
    r'23336 13:54:22.233736 <... write resumed>) = 8',
]
NOT_CALLS = [
    r'24429 13:55:12.175769 exit_group(1)     = ?',
    r'24429 13:55:12.175884 +++ exited with 1 +++',
    r'24428 13:55:12.175917 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=24429, si_uid=0, si_status=1, si_utime=0, si_stime=0} ---',
    r'23334 13:54:22.242544 <... close resumed>) = 0',      # its head came before the trace began
    r'# a comment line',
]


def one(line: str) -> Call:
    found = list(calls_from_lines([line + "\n"]))
    assert len(found) == 1, found
    return found[0]


class UnescapeTests(unittest.TestCase):
    def test_hex_only(self):
        self.assertEqual(unescape(r"\x2f\x74\x6d\x70"), b"/tmp")

    def test_plain_text_is_latin1(self):
        self.assertEqual(unescape("journal.jsonl"), b"journal.jsonl")
        self.assertEqual(unescape("\xc3\xa9"), b"\xc3\xa9")     # a trace read as latin-1 keeps its bytes

    def test_simple_escapes(self):
        self.assertEqual(unescape(r'he said \"hi\"\n\tbye/\\x'), b'he said "hi"\n\tbye/\\x')
        self.assertEqual(unescape(r"\r\v\f\'"), b"\r\v\f'")

    def test_octal_and_mixed(self):
        self.assertEqual(unescape(r"\0\1\177a"), b"\x00\x01\x7fa")
        self.assertEqual(unescape(r"a\x2fb\n"), b"a/b\n")


class SplitArgsTests(unittest.TestCase):
    def test_flags_and_mode(self):
        args = one(OPENAT_XX).args
        self.assertEqual(len(args), 4)
        self.assertEqual(args[2], "O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC")
        self.assertEqual(args[3], "0666")
        self.assertTrue(args[0].startswith("AT_FDCWD<") and args[0].endswith(">"))

    def test_struct_array_is_one_argument(self):
        args = one(WRITEV).args
        self.assertEqual(len(args), 3)
        self.assertEqual(args[1], r'[{iov_base="\x61\x62", iov_len=2}, {iov_base="\x63\x64", iov_len=2}]')
        self.assertEqual(args[2], "2")

    def test_annotation_with_arrow_and_nested_annotation(self):
        self.assertEqual(one(WRITE_SOCKET).args, ["3<UNIX-STREAM:[1787948->1787949]>", r'"\x73\x6f\x63\x6b"', "4"])
        fd = one(WRITE_UTF8).args[0]
        m = FD_ARG.match(fd)
        self.assertEqual(m.group(1), "1")
        self.assertEqual(annotated_path(m.group(2)), "/dev/null<char 1:3>")

    def test_comma_inside_a_string(self):
        self.assertEqual(split_args(r'1, "a, b", 3'), ["1", '"a, b"', "3"])

    def test_array_with_cut_string_and_comment(self):
        args = one(EXECVE).args
        self.assertEqual(len(args), 3)
        self.assertTrue(args[1].startswith('["sh", "-c", ') and args[1].endswith('"...]'))
        self.assertEqual(args[2], "0x7ffcd94ca2b8 /* 35 vars */")

    def test_empty(self):
        self.assertEqual(split_args(""), [])


class StringArgTests(unittest.TestCase):
    def test_hex_path(self):
        self.assertEqual(string_arg(one(OPENAT_XX).args[1]), (b"/tmp/pccap/d3/a.tmp", False))

    def test_truncated_plain(self):
        data, cut = string_arg(one(WRITE_PLAIN_CUT).args[1])
        self.assertTrue(cut)
        self.assertEqual(data, b'he said "hi"\n\tbye/\\' + b"x" * 45)
        self.assertEqual(len(data), 64)

    def test_truncated_hex_matches_plain(self):
        self.assertEqual(string_arg(one(WRITE_XX_CUT).args[1]), string_arg(one(WRITE_PLAIN_CUT).args[1]))

    def test_utf8_bytes(self):
        self.assertEqual(string_arg(one(WRITE_UTF8).args[1]), ("é\n".encode(), False))

    def test_not_a_string(self):
        with self.assertRaises(ValueError):
            string_arg("NULL")


class CallTests(unittest.TestCase):
    def test_result_and_its_path(self):
        c = one(OPENAT_XX)
        self.assertEqual((c.time, c.name, c.result, c.annotation), ("13:54:22.223241", "openat", 3, "/tmp/pccap/d3/a.tmp"))
        c = one(FCNTL_DUP)
        self.assertEqual((c.name, c.args[1], c.result, c.annotation), ("fcntl", "F_DUPFD_CLOEXEC", 4, "/tmp/pccap/d3/b"))

    def test_errno(self):
        c = one(OPENAT_ENOENT)
        self.assertEqual((c.result, c.annotation), (-1, None))
        self.assertEqual(c.args[2], "O_RDONLY|O_CLOEXEC")

    def test_last_close_paren_is_the_call(self):
        c = one(WRITE_PAREN)
        self.assertEqual(string_arg(c.args[1])[0], b"f(x) = 1\n")
        self.assertEqual(c.result, 9)

    def test_offsets_and_dirfds(self):
        self.assertEqual(one(PWRITE).args, ["3</tmp/pccap/d2/b>", '"zz"', "2", "1"])
        args = one(RENAMEAT).args
        self.assertEqual([string_arg(args[1])[0], string_arg(args[3])[0]], [b"a", b"a2"])
        self.assertEqual(annotated_path(FD_ARG.match(args[2]).group(2)), "/tmp/pccap/d3")

    def test_unfinished_and_resumed_are_joined(self):
        fsync, write = list(calls_from_lines(INTERLEAVED))
        self.assertEqual((fsync.name, fsync.time, fsync.result, len(fsync.args)), ("fsync", "13:54:22.233723", 0, 1))
        self.assertEqual((write.name, write.result), ("write", 8))
        self.assertEqual(string_arg(write.args[1])[0], b"ok pc 3\n")
        self.assertEqual(write.args[2], "8")

    def test_lines_that_are_not_finished_calls(self):
        self.assertEqual(list(calls_from_lines(NOT_CALLS)), [])

    def test_whole_captured_trace(self):
        found = list(calls(os.path.join(DATA, "python-run.trace")))
        names = {c.name for c in found}
        self.assertTrue({"openat", "write", "writev", "pwrite64", "fsync", "fdatasync", "renameat"} <= names)
        # Every ack written by the three threads, each exactly once, though many were split in two.
        acks = [string_arg(c.args[1])[0] for c in found if c.name == "write" and c.args[0].startswith("1<")]
        self.assertEqual(sorted(acks[:-1]), sorted(b"ok pc %d\n" % i for i in range(40) for _ in range(3)))


if __name__ == "__main__":
    unittest.main()
