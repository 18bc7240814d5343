"""Which states a power cut can leave: at each crash point, what each persistence model (ext4, weak,
reorder) keeps for certain, and which of the other micro-operations it may keep, cut or lose."""

from __future__ import annotations

import random
from typing import NamedTuple

from .candidates import Candidate, ModelStates, Spec, choose
from .fsmodel import Op, Tree

MODELS = ("ext4", "weak", "reorder")


class State(NamedTuple):
    spec: Spec
    pending: list[int]
    key: str                        # Tree.key() of the directory it leaves


class CrashPoint(NamedTuple):
    c: int                          # micro-operations done before the power went
    states: list[State]


class Explorer:
    def __init__(self, ops: list[Op]):
        self.ops = ops
        self.meta = [op.index for op in ops if op.is_meta]
        self.data_by_ino: dict[int, list[int]] = {}
        self.meta_by_dir: dict[str, list[int]] = {}
        for op in ops:
            if op.is_data:
                self.data_by_ino.setdefault(op.ino, []).append(op.index)
            if op.is_meta:
                for d in op.dirs:
                    self.meta_by_dir.setdefault(d, []).append(op.index)

    def durable(self, c: int, model: str) -> set[int]:
        """Operations before crash point c that an fsync made durable, under `model`."""
        done: set[int] = set()
        for j in range(c):
            op = self.ops[j]
            if op.kind == "fsync":
                done.update(i for i in self.data_by_ino.get(op.ino, ()) if i < j)
                if model == "ext4":
                    # ext4's fsync commits the one metadata journal, with every directory change before it.
                    done.update(i for i in self.meta if i < j)
            elif op.kind == "fsyncdir":
                done.update(i for i in self.meta_by_dir.get(op.path, ()) if i < j)
                if model == "ext4":
                    done.update(i for i in self.meta if i < j)
            elif op.kind == "sync":
                done.update(range(j))
        if model in ("ext4", "weak"):
            # One journal, committed in order: a durable directory change implies every earlier one.
            last = max((i for i in done if self.ops[i].is_meta), default=-1)
            done.update(i for i in self.meta if i < last)
        if model == "ext4":
            # auto_da_alloc: the transaction holding a rename over an existing file waits for that file's data.
            for i in [i for i in done if self.ops[i].kind == "rename" and self.ops[i].replaced is not None]:
                done.update(j for j in self.data_by_ino.get(self.ops[i].ino, ()) if j < i)
        return done

    # ----------------------------------------------------------------------------------------------
    # Dropping what a model cannot persist without something else that is missing.

    def fix(self, spec: Spec, pending: list[int]) -> Spec:
        full = set(spec.full)
        part = dict(spec.part)
        by_ino: dict[int, list[int]] = {}
        for i in pending:
            if self.ops[i].is_data:
                by_ino.setdefault(self.ops[i].ino, []).append(i)
        # Each rule can undo what another allowed: repeat until none changes anything.
        changed = True
        while changed:
            changed = False
            if spec.model in ("ext4", "weak"):
                changed |= self._drop_meta_after_gap(full, pending)
            changed |= _drop_data_after_gap(full, part, by_ino)
            if spec.model == "ext4":
                changed |= self._drop_renames_before_data(full, by_ino)
        return Spec(spec.model, frozenset(full), tuple(sorted(part.items())))

    def _drop_meta_after_gap(self, full: set[int], pending: list[int]) -> bool:
        """One journal: no directory change persists after one that did not."""
        changed, gap = False, False
        for i in pending:
            if not self.ops[i].is_meta:
                continue
            if i not in full:
                gap = True
            elif gap:
                full.discard(i)
                changed = True
        return changed

    def _drop_renames_before_data(self, full: set[int], by_ino: dict[int, list[int]]) -> bool:
        """auto_da_alloc: a rename over an existing file persists only with the renamed file's data."""
        changed = False
        for i in list(full):
            op = self.ops[i]
            if op.kind == "rename" and op.replaced is not None:
                needed = [j for j in by_ino.get(op.ino, ()) if j < i]
                if any(j not in full for j in needed):
                    full.discard(i)
                    changed = True
        return changed

    # ----------------------------------------------------------------------------------------------
    # The states to try.

    def specs(self, c: int, long: bool, rng: random.Random | None, limit: int) -> list[Candidate]:
        """The states to try at crash point c (after c micro-operations), each with its pending operations."""
        groups: list[list[Candidate]] = []
        randoms: list[Candidate] = []
        # rng is drawn from model by model, in this order: a seed replays only if the order stays.
        for model in MODELS:
            found = ModelStates(self, model, c)
            found.collect(long, rng)
            groups.append([Candidate(s, found.pending) for s in found.tried])
            randoms.extend(Candidate(s, found.pending) for s in found.sampled)
        return choose(groups, randoms, long, rng, limit)

    def checkpoints(self, seed: Tree) -> None:
        """The tree after every prefix of the run, so a state is built from the last point where it still
        holds everything, not replayed from the seed."""
        self.trees = [seed.copy()]
        for op in self.ops:
            t = self.trees[-1].copy()
            t.apply(op)
            self.trees.append(t)

    def build(self, c: int, spec: Spec) -> Tree:
        part = dict(spec.part)
        start = 0
        while start < c and (self.ops[start].is_barrier or start in spec.full):
            start += 1
        tree = self.trees[start].copy()
        for i in range(start, c):
            if i in spec.full:
                tree.apply(self.ops[i])
            elif i in part:
                tree.apply(self.ops[i], keep=part[i])
        return tree


def _drop_data_after_gap(full: set[int], part: dict, by_ino: dict[int, list[int]]) -> bool:
    """A file's own writes persist as a prefix of what was written: none after one that did not."""
    changed = False
    for seq in by_ino.values():
        gap = False
        for i in seq:
            if gap:
                if i in full:
                    full.discard(i)
                    changed = True
                if i in part:
                    del part[i]
                    changed = True
            elif i not in full:
                gap = True
    return changed
