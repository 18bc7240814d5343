"""The candidate states at one crash point: for each persistence model, which of the operations not yet
made durable are kept whole, cut short or lost; then the few that are tried, under a cap."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from .fsmodel import Op

if TYPE_CHECKING:
    from .states import Explorer

BLOCK = 4096
SECTOR = 512


@dataclass(frozen=True)
class Spec:
    model: str
    full: frozenset                 # micro-operations (indices) persisted whole
    part: tuple = ()                # ((index, bytes kept or "zero"),) at most one write, cut


class Candidate(NamedTuple):
    spec: Spec
    pending: list[int]              # operations not made durable by an fsync before the crash point


def cuts(op: Op, long: bool, rng: random.Random | None) -> list[int]:
    """Where a write may be cut short: half way and at block boundaries; the long form adds its ends and
    seeded sector boundaries."""
    n = len(op.data)
    if n <= 1:
        return []
    blocks = [k for k in range(BLOCK - op.offset % BLOCK, n, BLOCK)]
    found = {n // 2}
    if blocks:
        found.update({blocks[0], blocks[-1]})
    if long:
        found.update({1, n - 1})
        sectors = [k for k in range(SECTOR - op.offset % SECTOR, n, SECTOR)]
        if rng is not None:
            found.update(rng.sample(sectors, min(2, len(sectors))))
            found.add(rng.randrange(1, n))
    return sorted(k for k in found if 0 < k < n)


class ModelStates:
    """The states one persistence model allows at one crash point, each already fixed by the model's rules.
    The methods add them in a fixed order: the cap keeps the first, and a seed replays only the same draws."""

    def __init__(self, explorer: Explorer, model: str, c: int):
        self.explorer = explorer
        self.model = model
        ops = explorer.ops
        durable = explorer.durable(c, model)
        self.pending = [i for i in range(c) if not ops[i].is_barrier and i not in durable]
        self.base = frozenset(durable - {i for i in durable if ops[i].is_barrier})
        self.writes = [i for i in self.pending if ops[i].kind == "write"]
        self.tried: list[Spec] = []
        self.sampled: list[Spec] = []

    def add(self, full, part=(), into: list[Spec] | None = None) -> None:
        spec = Spec(self.model, self.base | frozenset(full), tuple(part))
        (self.tried if into is None else into).append(self.explorer.fix(spec, self.pending))

    def collect(self, long: bool, rng: random.Random | None) -> None:
        self._in_order(long, rng)
        chosen = self.writes if long else self._last_writes()
        self._one_file_behind(chosen, long, rng)
        if self.model != "ext4":
            self._names_without_data(chosen)
        if self.model == "reorder":
            self._one_name_lost()
        if long and rng is not None and self.pending:
            self._random_subsets(rng)

    def _op(self, i: int) -> Op:
        return self.explorer.ops[i]

    def _last_writes(self) -> list[int]:
        last: dict[int, int] = {}
        for i in self.writes:
            last[self._op(i).ino] = i
        return list(last.values())

    def _from(self, w: int) -> set[int]:
        """Write w and the later writes and truncates of its file."""
        ino = self._op(w).ino
        return {j for j in self.pending if self._op(j).is_data and self._op(j).ino == ino and j >= w}

    def _in_order(self, long: bool, rng: random.Random | None) -> None:
        self.add(())                                    # only what was synced
        self.add(self.pending)                          # everything (what kill -9 leaves)
        for k in range(1, len(self.pending)):           # in program order, up to a point
            self.add(self.pending[:k])
        for k, i in enumerate(self.pending):            # ... and the next write cut short
            if self._op(i).kind == "write":
                for cut in cuts(self._op(i), long, rng):
                    self.add(self.pending[:k], ((i, cut),))

    def _one_file_behind(self, chosen: list[int], long: bool, rng: random.Random | None) -> None:
        for w in chosen:                                # one file's last write lost or cut, the rest kept
            kept = set(self.pending) - self._from(w)
            self.add(kept)
            for cut in cuts(self._op(w), long, rng):
                self.add(kept, ((w, cut),))

    def _names_without_data(self, chosen: list[int]) -> None:
        self.add([i for i in self.pending if self._op(i).is_meta])     # names persisted, data not
        for w in chosen:                                # sizes persisted, bytes not
            self.add(set(self.pending) - self._from(w), ((w, "zero"),))

    def _one_name_lost(self) -> None:
        for m in [i for i in self.pending if self._op(i).is_meta]:     # later ones kept
            self.add(set(self.pending) - {m})

    def _random_subsets(self, rng: random.Random) -> None:
        for _ in range(6):                              # seeded random subsets, one write possibly cut
            full = {i for i in self.pending if rng.random() < 0.5}
            part = ()
            unkept = [i for i in self.writes if i not in full]
            if unkept and rng.random() < 0.5:
                w = rng.choice(unkept)
                options = cuts(self._op(w), True, rng) + (["zero"] if self.model != "ext4" else [])
                if options:
                    part = ((w, rng.choice(options)),)
            self.add(full, part, into=self.sampled)


def choose(groups: list[list[Candidate]], randoms: list[Candidate], long: bool,
           rng: random.Random | None, limit: int) -> list[Candidate]:
    """At most `limit` distinct candidates from the models' groups, topped up from the random ones."""
    # Interleaved, so a cap keeps each model's most telling states (only synced, everything, prefixes) first.
    interleaved = [x for group in itertools.zip_longest(*groups) for x in group if x is not None]
    seen: set = set()

    def unique(candidates: list[Candidate]) -> list[Candidate]:
        found = []
        for cand in candidates:
            if (cand.spec.full, cand.spec.part) not in seen:
                seen.add((cand.spec.full, cand.spec.part))
                found.append(cand)
        return found

    chosen = unique(interleaved)
    if len(chosen) > limit:
        if long and rng is not None:
            # Always the two ends (only synced, everything); a seeded sample of the rest.
            chosen = chosen[:2] + rng.sample(chosen[2:], limit - 2)
        else:
            chosen = chosen[:limit]
    elif rng is not None:
        extra = unique(randoms)
        chosen += rng.sample(extra, min(len(extra), limit - len(chosen)))
    return chosen
