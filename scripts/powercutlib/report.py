"""What the run prints: the summary table, and for a state that does not recover, what it kept of which
operations."""

from __future__ import annotations

import argparse
import os
import re
import tempfile
from dataclasses import dataclass

from .fsmodel import Op, Tree
from .verdict import Failure, Judgement, compact_ranges

SHOWN_KINDS = 8                     # kinds of failure described in full; the rest get one line each
KEPT_STATES = 200


@dataclass
class Timings:
    trace: float
    build: float
    open: float
    total: float


@dataclass
class Summary:
    args: argparse.Namespace
    ops: list[Op]
    points: int                     # crash points
    explored: int                   # states, over all crash points
    by_model: dict[str, int]        # states per persistence model
    distinct: int                   # distinct directories among them (each opened once)
    judgement: Judgement
    timings: Timings
    kept_dir: str | None = None


def describe_failure(ops: list[Op], failure: Failure) -> str:
    part = dict(failure.spec.part)
    c = failure.point
    lines = [f"{failure.kind}: {failure.detail}",
             f"crash point {c} (after {c} of {len(ops)} micro-operations; {failure.acked} acknowledged), model {failure.spec.model}",
             "operations not yet made durable by an fsync, and what this state kept of them:"]
    for i in failure.pending:
        mark = "kept" if i in failure.spec.full else f"cut to {part[i]}" if i in part and part[i] != "zero" else \
            "size only (zeros)" if i in part else "lost"
        lines.append(f"  #{i:<4} {mark:<18} {ops[i].describe()}")
    if not failure.pending:
        lines.append("  (none)")
    lo = max(0, c - 3)
    lines.append("last micro-operations before the crash:")
    for op in ops[lo:c]:
        lines.append(f"  #{op.index:<4} {op.time} {op.describe()}")
    return "\n".join(lines)


def keep_failures(ops: list[Op], failures: list[Failure], trees: dict[str, Tree]) -> str:
    """Writes the first states that do not recover, each with WHAT.txt, where they outlive the run."""
    kept_dir = tempfile.mkdtemp(prefix="powercut-failed-")
    for n, failure in enumerate(failures[:KEPT_STATES]):
        where = os.path.join(kept_dir, f"point{failure.point:04d}-{n:03d}")
        os.mkdir(where, 0o700)
        trees[failure.key].write_to(os.path.join(where, "data"))
        with open(os.path.join(where, "WHAT.txt"), "w") as f:
            f.write(describe_failure(ops, failure) + "\n")
    return kept_dir


def summary_table(s: Summary) -> str:
    rows = _rows(s)
    width = max(len(k) for k, _ in rows)
    out = ["", "POWER-CUT SUMMARY", "-" * (width + 40)]
    out += [f"{k.ljust(width)}  {v}" for k, v in rows]
    out.append("-" * (width + 40))
    failures = s.judgement.failures
    if failures:
        out += _failure_kinds(s.ops, failures)
        if s.kept_dir:
            out.append(f"\nstates kept for inspection in {s.kept_dir} (each with WHAT.txt)")
    else:
        out.append("every explored state recovers")
    return "\n".join(out)


def _rows(s: Summary) -> list[tuple[str, str]]:
    args, tally, t = s.args, s.judgement.tally, s.timings
    return [
        ("form", f"{'long (seed ' + str(args.seed) if args.long else 'short (no random choices'}; --count {args.count}, --compact-every {args.compact_every}, "
                 f"at most {args.states} states per point)"),
        ("micro-operations traced", str(len(s.ops))),
        ("crash points", str(s.points)),
        ("states explored", f"{s.explored} (" + ", ".join(f"{m} {n}" for m, n in s.by_model.items()) +
                            f"; {s.distinct} distinct directories opened)"),
        ("recover", f"{tally['recovers']} ({s.judgement.warned} with a warning, e.g. an unfinished last journal line dropped)"),
        ("refuse to load", str(tally["refuses"])),
        ("lose or double acknowledged operations", str(tally["loses"])),
        ("load, but `check` reports problems", str(tally["check fails"])),
        ("crash (killed by a signal) or hang", str(tally["crashes"])),
        ("time", f"{t.total:.1f} s (trace {t.trace:.1f} s, states built {t.build:.1f} s, opened {t.open:.1f} s, {args.jobs} at once)"),
    ]


def _failure_kinds(ops: list[Op], failures: list[Failure]) -> list[str]:
    groups: dict[tuple, list[Failure]] = {}
    for f in failures:
        # Refusals differ only in numbers and state paths: one kind. A loss's detail is the point.
        sig = f.detail if f.kind == "loses" else re.sub(r"\d+", "N", re.sub(r"/[^\s:]*/states/[0-9a-f]+", "STATE", f.detail))
        groups.setdefault((f.kind, sig), []).append(f)
    out = [f"{len(failures)} states do not recover, in {len(groups)} kinds (the first state of each shown):"]
    ordered = sorted(groups.items(), key=lambda g: (-len(g[1]), g[1][0].point))
    for n, ((kind, _), members) in enumerate(ordered):
        first = members[0]
        points_hit = sorted({m.point for m in members})
        models = sorted({m.spec.model for m in members})
        if n < SHOWN_KINDS:
            out.append(f"\n[{kind}] x{len(members)} at crash points {compact_ranges(points_hit)} (models: {', '.join(models)})")
            out.append(describe_failure(ops, first))
        else:
            if n == SHOWN_KINDS:
                out.append("\nand more kinds:")
            out.append(f"  [{kind}] x{len(members)} at crash points {compact_ranges(points_hit)}: {first.detail}")
    return out
