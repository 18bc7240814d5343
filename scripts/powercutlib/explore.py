"""One run, from seeding the data directory to the summary: trace `_append`, read the trace, rebuild every
state a power cut could leave, open each with the binary, judge and report."""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import random
import shutil
import subprocess
import time
from dataclasses import dataclass
from typing import Callable

from .binary import open_state, run, seed_event_list
from .common import LABEL, EnvironmentProblem
from .fsmodel import Op, Tree
from .reader import TraceReader
from .report import Summary, Timings, keep_failures, summary_table
from .states import CrashPoint, Explorer, State
from .syscalls import TRACED_CALLS, Ack
from .verdict import Outcome, judge

# Snapshots are streamed a megabyte at a time: strace must show every byte of a write, not the default 32.
STRSIZE = 8 * 1024 * 1024


@dataclass
class Session:
    args: argparse.Namespace
    binary: str
    strace: str
    work: str                       # a private temporary directory, removed afterwards
    started: float
    say: Callable[..., None]        # progress lines (silent with --quiet)


@dataclass
class Traced:
    ops: list[Op]
    acks: list[Ack]
    compactions: int
    seconds: float


def explore(s: Session) -> int:
    data, seed, seed_events = seed_directory(s)
    traced = trace_run(s, data, seed)
    args = s.args
    s.say(f"powercut: {'long form, seed ' + str(args.seed) if args.long else 'short form'}; "
          f"traced `_append --count {args.count} --compact-every {args.compact_every}`: "
          f"{len(traced.ops)} micro-operations, {len(traced.acks)} acknowledgements, {traced.compactions} compactions ({traced.seconds:.1f} s)")
    if args.sabotage:
        sabotage(s, traced)
    ops = traced.ops
    points, trees, build_seconds = crash_states(s, ops, seed)
    explored = sum(len(p.states) for p in points)
    s.say(f"powercut: {len(points)} crash points, {explored} states ({len(trees)} distinct directories); opening each with the binary…")
    outcomes, open_seconds = open_all(s, trees, seed_events)
    judgement = judge(points, outcomes, [a.position for a in traced.acks])
    timings = Timings(traced.seconds, build_seconds, open_seconds, time.monotonic() - s.started)
    kept_dir = keep_failures(ops, judgement.failures, trees) if judgement.failures and args.keep else None
    by_model: dict[str, int] = {}
    for point in points:
        for state in point.states:
            by_model[state.spec.model] = by_model.get(state.spec.model, 0) + 1
    print(summary_table(Summary(args=args, ops=ops, points=len(points), explored=explored, by_model=by_model,
                                distinct=len(trees), judgement=judgement, timings=timings, kept_dir=kept_dir)))
    return 0 if not judgement.failures else 1


def seed_directory(s: Session) -> tuple[str, Tree, list[tuple]]:
    """The data directory the traced run starts from, its model, and its log entries."""
    data = os.path.join(os.path.realpath(s.work), "data")
    seed_copy = os.path.join(s.work, "seed")
    if s.args.fresh:
        os.mkdir(data, 0o700)
    else:
        r = run(s.binary, ["demo", "--data", data])
        if r.returncode != 0:
            raise EnvironmentProblem(f"`crisiscell demo` failed ({r.returncode}): {r.stderr.decode(errors='replace').strip()}")
    # The traced run changes `data`; states are rebuilt from this untouched copy.
    shutil.copytree(data, seed_copy, symlinks=True)
    return data, Tree.read(seed_copy), seed_event_list(s.binary, seed_copy)


def trace_run(s: Session, data: str, seed: Tree) -> Traced:
    args = s.args
    trace_path = os.path.join(s.work, "trace")
    command = [s.strace, "-f", "-tt", "-yy", "-xx", "-s", str(STRSIZE), "-o", trace_path,
               "-e", "trace=" + ",".join(TRACED_CALLS),
               s.binary, "_append", "--data", data, "--count", str(args.count), "--label", LABEL,
               "--compact-every", str(args.compact_every)]
    t0 = time.monotonic()
    traced = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=600)
    seconds = time.monotonic() - t0
    if traced.returncode != 0 or not os.path.exists(trace_path):
        err = traced.stderr.decode(errors="replace").strip()
        if "ptrace" in err.lower():
            # The Swift test skips on exactly this sentence.
            raise EnvironmentProblem(f"strace cannot trace here (ptrace refused): {err}")
        raise EnvironmentProblem(f"the traced run failed ({traced.returncode}): {err[-500:]}")
    printed = traced.stdout.decode(errors="replace").split()
    reader = TraceReader(data, seed)
    reader.read(trace_path)
    check_trace(args, reader, data, printed)
    compactions = sum(1 for op in reader.ops if op.kind == "rename" and op.dest == "snapshot.json")
    if compactions < 2 and args.count >= 2 * args.compact_every:
        raise EnvironmentProblem(f"expected at least two compactions, saw {compactions}")
    return Traced(reader.ops, reader.acks, compactions, seconds)


def check_trace(args: argparse.Namespace, reader: TraceReader, data: str, printed: list[str]) -> None:
    """A trace that was misread would test an imaginary program: it must ack every operation, in order,
    and replay to exactly the directory the run left."""
    expected_acks = args.count
    acks = reader.acks
    if [a.number for a in acks] != list(range(expected_acks)):
        raise EnvironmentProblem(f"expected acknowledgements {LABEL} 0..{expected_acks - 1} on fd 1 in the trace, "
                                 f"found {len(acks)} ({printed[:6]}…)")
    diff = reader.live.differences(Tree.read(data))
    if diff:
        raise EnvironmentProblem("replaying the trace does not give the directory the run left, so the trace was "
                                 "misread:\n  " + "\n  ".join(diff[:10]))


def sabotage(s: Session, traced: Traced) -> None:
    """Proof that the test can fail: the barriers of one kind removed, the acknowledgements moved with them."""
    before = traced.ops
    ops = sabotaged(before, s.args.sabotage)
    s.say(f"powercut: SABOTAGE {s.args.sabotage}: {len(before) - len(ops)} barriers removed; states should now fail")
    ack_shift = {old.index: new for new, old in enumerate(ops)}
    traced.acks = [Ack(next((ack_shift[i] for i in range(pos, len(before)) if i in ack_shift), len(ops)), k)
                   for pos, k in traced.acks]
    for new, op in enumerate(ops):
        op.index = new
    traced.ops = ops


def sabotaged(ops: list[Op], what: str) -> list[Op]:
    def removed(op: Op) -> bool:
        if what == "journal-fsync":
            return op.kind == "fsync" and op.path == "journal.jsonl"
        if what == "snapshot-fsync":
            return op.kind == "fsync" and (op.path or "").startswith("snapshot.json.")
        return op.kind == "fsyncdir"
    return [op for op in ops if not removed(op)]


def crash_states(s: Session, ops: list[Op], seed: Tree) -> tuple[list[CrashPoint], dict[str, Tree], float]:
    """Every crash point's distinct states, and each distinct directory once (by Tree.key())."""
    explorer = Explorer(ops)
    t1 = time.monotonic()
    explorer.checkpoints(seed)
    points: list[CrashPoint] = []
    trees: dict[str, Tree] = {}
    for c in range(len(ops) + 1):
        # One generator per point, so a seed replays any one point without the others.
        rng = random.Random(f"{s.args.seed}:{c}") if s.args.long else None
        per_point: list[State] = []
        seen_keys = set()
        for spec, pending in explorer.specs(c, s.args.long, rng, s.args.states):
            tree = explorer.build(c, spec)
            key = tree.key()
            if key in seen_keys:
                continue            # the same directory by another road: one state
            seen_keys.add(key)
            trees.setdefault(key, tree)
            per_point.append(State(spec, pending, key))
        points.append(CrashPoint(c, per_point))
    return points, trees, time.monotonic() - t1


def open_all(s: Session, trees: dict[str, Tree], seed_events: list[tuple]) -> tuple[dict[str, Outcome], float]:
    t2 = time.monotonic()
    outcomes: dict[str, Outcome] = {}
    states_root = os.path.join(s.work, "states")
    os.mkdir(states_root, 0o700)

    def evaluate(key: str) -> tuple[str, Outcome]:
        where = os.path.join(states_root, key[:16])
        trees[key].write_to(where)
        try:
            return key, open_state(s.binary, where, seed_events)
        finally:
            shutil.rmtree(where, ignore_errors=True)

    with concurrent.futures.ThreadPoolExecutor(max_workers=s.args.jobs) as pool:
        for n, (key, outcome) in enumerate(pool.map(evaluate, list(trees)), 1):
            outcomes[key] = outcome
            if n % 1000 == 0:
                s.say(f"powercut: {n}/{len(trees)} opened ({time.monotonic() - t2:.0f} s)")
    return outcomes, time.monotonic() - t2
