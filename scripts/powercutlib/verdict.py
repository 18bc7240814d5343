"""Whether a state recovers, and the tally of all states' verdicts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from .candidates import Spec
from .common import LABEL

KINDS = ("recovers", "refuses", "loses", "crashes", "check fails")


@dataclass
class Outcome:
    """What the binary made of one state."""
    check_status: int
    check_output: str
    export_status: int
    export_message: str
    labels: list[int] | None = None     # I of every `pc I` entry present, with repeats
    seqs_repeated: bool = False
    seed_missing: int = 0
    others: int = 0                     # entries that are neither seeded nor the workload's


class Verdict(NamedTuple):
    kind: str                           # one of KINDS
    detail: str


class Failure(NamedTuple):
    """A state that does not recover."""
    kind: str
    detail: str
    point: int                          # the crash point: micro-operations done before the cut
    spec: Spec
    pending: list[int]
    key: str                            # the directory's Tree.key()
    acked: int                          # acknowledgements given before the cut


@dataclass
class Judgement:
    tally: dict[str, int] = field(default_factory=lambda: {k: 0 for k in KINDS})
    warned: int = 0                     # recovered, with a warning from `check`
    failures: list[Failure] = field(default_factory=list)


def verdict(outcome: Outcome, acked: list[int], in_flight: set[int]) -> Verdict:
    if outcome.export_status < 0 or outcome.check_status < 0:
        sig = -min(outcome.export_status, outcome.check_status)
        return Verdict("crashes", f"killed by signal {sig}: {outcome.export_message or outcome.check_output}")
    if outcome.export_status != 0:
        msg = first_line(outcome.export_message)
        # A refusal must say which file is damaged, or the user cannot act on it.
        if not re.search(r"(snapshot\.json|journal\.jsonl|/)", msg):
            msg += "  [the message names no file]"
        return Verdict("refuses", msg)
    problems = entry_problems(outcome, acked, in_flight)
    if problems:
        return Verdict("loses", "; ".join(problems))
    if outcome.check_status != 0:
        return Verdict("check fails", first_line(outcome.check_output))
    return Verdict("recovers", "")


def entry_problems(outcome: Outcome, acked: list[int], in_flight: set[int]) -> list[str]:
    problems = []
    counts: dict[int, int] = {}
    for i in outcome.labels or []:
        counts[i] = counts.get(i, 0) + 1
    lost = [i for i in acked if counts.get(i, 0) == 0]
    doubled = sorted(i for i, n in counts.items() if n > 1)
    # The operation in flight at the cut may or may not be there; any later one is an invention.
    phantom = sorted(i for i in counts if i not in set(acked) and i not in in_flight)
    if lost:
        problems.append(f"lost acknowledged {LABEL} {compact_ranges(lost)}")
    if doubled:
        problems.append(f"doubled {LABEL} {compact_ranges(doubled)}")
    if phantom:
        problems.append(f"present but never written by then: {LABEL} {compact_ranges(phantom)}")
    if outcome.seqs_repeated:
        problems.append("an operation number appears twice")
    if outcome.seed_missing:
        problems.append(f"{outcome.seed_missing} seeded log entries lost")
    if outcome.others:
        problems.append(f"{outcome.others} log entries nobody wrote")
    return problems


def judge(points: list, outcomes: dict[str, Outcome], ack_at: list[int]) -> Judgement:
    """Every state's verdict. points: states.CrashPoint; ack_at[k]: micro-operations before ack k."""
    result = Judgement()
    for point in points:
        acked = [k for k in range(len(ack_at)) if ack_at[k] <= point.c]
        in_flight = {len(acked)}        # the operation being written when the power went
        for state in point.states:
            outcome = outcomes[state.key]
            kind, detail = verdict(outcome, acked, in_flight)
            result.tally[kind] += 1
            if kind == "recovers" and "warning" in outcome.check_output:
                result.warned += 1
            if kind != "recovers":
                result.failures.append(Failure(kind, detail, point.c, state.spec, state.pending, state.key, len(acked)))
    return result


def first_line(text: str) -> str:
    lines = [l for l in text.splitlines() if l.strip() and not l.startswith("warning:")]
    return (lines[0] if lines else text.strip().splitlines()[0] if text.strip() else "(no message)")[:300]


def compact_ranges(nums: list[int]) -> str:
    nums = sorted(set(nums))
    parts, start = [], None
    for k, n in enumerate(nums):
        if start is None:
            start = n
        if k + 1 == len(nums) or nums[k + 1] != n + 1:
            parts.append(str(start) if start == n else f"{start}-{n}")
            start = None
    return ",".join(parts)
