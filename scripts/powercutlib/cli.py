"""The command line of scripts/powercut.py."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time

from .common import EnvironmentProblem
from .explore import Session, explore


def repository_root() -> str:
    # scripts/powercutlib/cli.py -> the repository.
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Power-cut test of the data directory (ALICE-style crash states rebuilt from an strace of a real run).",
        epilog="Exit status: 0 every explored state recovers, 1 some state does not, 2 usage or environment problem.")
    p.add_argument("--long", action="store_true", help="the long form: more operations, more states per crash point (seeded random sample)")
    p.add_argument("--seed", type=int, help="seed of the long form's random choices (printed; give it again to replay)")
    p.add_argument("--binary", default=os.path.join(repository_root(), ".build/debug/crisiscell"),
                   help="the crisiscell binary (default: .build/debug/crisiscell in the repository)")
    p.add_argument("--count", type=int, help="log entries appended by the traced run (short 30, long 100)")
    p.add_argument("--compact-every", type=int, help="journal lines between compactions (short 8, long 7)")
    p.add_argument("--states", type=int, help="at most this many states per crash point (short 12, long 40)")
    p.add_argument("--jobs", type=int, default=max(1, min(4, os.cpu_count() or 1)), help="states opened at once")
    p.add_argument("--fresh", action="store_true",
                   help="start from an empty data directory instead of the demo world (the first journal is created by an append)")
    p.add_argument("--keep", action="store_true", help="keep the states that do not recover, for inspection")
    p.add_argument("--quiet", action="store_true", help="print only the summary")
    # Proof that the test can fail: pretend the program left out one kind of fsync, and watch states break.
    p.add_argument("--sabotage", choices=["journal-fsync", "snapshot-fsync", "dir-fsync"], help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.count = args.count or (100 if args.long else 30)
    args.compact_every = args.compact_every or (7 if args.long else 8)
    args.states = args.states or (40 if args.long else 12)
    if args.seed is None:
        args.seed = int.from_bytes(os.urandom(4), "little") if args.long else 1
    if args.count < 1 or args.compact_every < 1 or args.states < 2 or args.jobs < 1:
        p.error("--count and --compact-every must be at least 1, --states at least 2, --jobs at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as e:
        return 0 if e.code == 0 else 2
    started = time.monotonic()
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a, flush=True))

    strace = shutil.which("strace")
    if strace is None:
        print("powercut: strace is not installed (Debian/Ubuntu: apt-get install strace); nothing was tested", file=sys.stderr)
        return 2
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        print(f"powercut: no crisiscell binary at {binary} (build it, or give --binary PATH)", file=sys.stderr)
        return 2

    work = tempfile.mkdtemp(prefix="powercut-")
    os.chmod(work, 0o700)
    try:
        return explore(Session(args, binary, strace, work, started, say))
    except EnvironmentProblem as e:
        print(f"powercut: {e}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(work, ignore_errors=True)
