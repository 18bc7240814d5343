"""Running the crisiscell binary: seeding, and opening a rebuilt state with `check` and `export`."""

from __future__ import annotations

import json
import re
import subprocess

from .common import LABEL, EnvironmentProblem
from .verdict import Outcome


def run(binary: str, args: list[str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([binary] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def run_bounded(binary: str, args: list[str]) -> subprocess.CompletedProcess:
    """A run that hangs on a damaged directory counts as killed, not as a hung test."""
    try:
        return run(binary, args, timeout=120)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, -9, b"", b"did not finish in 120 s (killed)")


def seed_event_list(binary: str, path: str) -> list[tuple]:
    """(seq, text) of every log entry in the seeded directory: a state must still hold all of them."""
    r = run(binary, ["export", "all", "--format", "json", "--data", path])
    if r.returncode != 0:
        raise EnvironmentProblem(f"the seeded directory does not load: {r.stderr.decode(errors='replace').strip()}")
    return [(e.get("seq"), e.get("text")) for e in json.loads(r.stdout)["world"]["events"]]


def open_state(binary: str, path: str, seed_events: list[tuple]) -> Outcome:
    check = run_bounded(binary, ["check", "--data", path])
    export = run_bounded(binary, ["export", "all", "--format", "json", "--data", path])
    out = Outcome(check.returncode, (check.stdout + check.stderr).decode("utf-8", "replace").strip(),
                  export.returncode, export.stderr.decode("utf-8", "replace").strip())
    if export.returncode != 0:
        return out
    try:
        events = json.loads(export.stdout)["world"]["events"]
    except (ValueError, KeyError, TypeError) as e:
        out.export_status = 99
        out.export_message = f"export printed something that is not the store's JSON: {e}"
        return out
    count_entries(out, events, seed_events)
    return out


def count_entries(out: Outcome, events: list[dict], seed_events: list[tuple]) -> None:
    """Fills in what the verdict weighs: the workload's entries, the seeded ones missing, the strangers."""
    seqs = [e.get("seq") for e in events]
    out.seqs_repeated = len(seqs) != len(set(seqs))
    present = {(e.get("seq"), e.get("text")) for e in events}
    out.seed_missing = sum(1 for s in seed_events if s not in present)
    seed_set = set(seed_events)
    labels = []
    others = 0
    for e in events:
        m = re.fullmatch(LABEL + r" (\d+)", e.get("text") or "")
        if m:
            labels.append(int(m.group(1)))
        elif (e.get("seq"), e.get("text")) not in seed_set:
            others += 1
    out.labels = labels
    out.others = others
