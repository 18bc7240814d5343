"""The verdict on one opened state, and the report's description of a state that does not recover."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from powercutlib.candidates import Spec  # noqa: E402
from powercutlib.fsmodel import Op  # noqa: E402
from powercutlib.report import describe_failure  # noqa: E402
from powercutlib.verdict import Failure, Outcome, compact_ranges, first_line, verdict  # noqa: E402


def loaded(labels: list[int], **kw) -> Outcome:
    return Outcome(0, "ok", 0, "", labels=labels, **kw)


class VerdictTests(unittest.TestCase):
    def test_everything_acknowledged_there_once(self):
        self.assertEqual(verdict(loaded([0, 1, 2]), [0, 1, 2], {3}), ("recovers", ""))

    def test_the_operation_in_flight_may_be_there(self):
        self.assertEqual(verdict(loaded([0, 1, 2, 3]), [0, 1, 2], {3}).kind, "recovers")

    def test_lost_doubled_and_phantom(self):
        kind, detail = verdict(loaded([0, 0, 5]), [0, 1, 2], {3})
        self.assertEqual(kind, "loses")
        self.assertEqual(detail, "lost acknowledged pc 1-2; doubled pc 0; present but never written by then: pc 5")

    def test_seeded_entries_and_strangers(self):
        _, detail = verdict(loaded([], seed_missing=2, others=1, seqs_repeated=True), [], {0})
        self.assertEqual(detail, "an operation number appears twice; 2 seeded log entries lost; 1 log entries nobody wrote")

    def test_refusal_must_name_a_file(self):
        named = Outcome(0, "", 1, "error: journal.jsonl line 3 is not JSON")
        self.assertEqual(verdict(named, [], {0}), ("refuses", "error: journal.jsonl line 3 is not JSON"))
        unnamed = Outcome(0, "", 1, "warning: slow\nerror: damaged")
        self.assertEqual(verdict(unnamed, [], {0}).detail, "error: damaged  [the message names no file]")

    def test_killed(self):
        self.assertEqual(verdict(Outcome(-9, "", 0, ""), [], {0}), ("crashes", "killed by signal 9: "))

    def test_check_fails_after_a_clean_load(self):
        self.assertEqual(verdict(Outcome(1, "problem: x", 0, "", labels=[]), [], {0}), ("check fails", "problem: x"))


class FormattingTests(unittest.TestCase):
    def test_compact_ranges(self):
        self.assertEqual(compact_ranges([8, 7, 1, 2, 3, 5, 3]), "1-3,5,7-8")
        self.assertEqual(compact_ranges([]), "")

    def test_first_line_skips_warnings(self):
        self.assertEqual(first_line("warning: a\n\nerror: b\nmore"), "error: b")
        self.assertEqual(first_line("warning: only"), "warning: only")
        self.assertEqual(first_line("  "), "(no message)")

    def test_describe_failure(self):
        ops = [Op(0, "creat", ino=1, path="j", time="t0"), Op(1, "write", ino=1, path="j", data=b"abcd", time="t1"),
               Op(2, "fsync", ino=1, path="j", time="t2"), Op(3, "write", ino=1, path="j", offset=4, data=b"ef", time="t3")]
        failure = Failure("loses", "lost acknowledged pc 0", 4, Spec("weak", frozenset({0}), ((3, 1),)), [0, 3], "k", 1)
        self.assertEqual(describe_failure(ops, failure).splitlines(), [
            "loses: lost acknowledged pc 0",
            "crash point 4 (after 4 of 4 micro-operations; 1 acknowledged), model weak",
            "operations not yet made durable by an fsync, and what this state kept of them:",
            "  #0    kept               creat j",
            "  #3    cut to 1           write j @4 +2 'ef'",
            "last micro-operations before the crash:",
            "  #1    t1 write j @0 +4 'abcd'",
            "  #2    t2 fsync j",
            "  #3    t3 write j @4 +2 'ef'",
        ])


if __name__ == "__main__":
    unittest.main()
