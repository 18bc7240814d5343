#!/usr/bin/env python3
"""Power-cut test of the data directory, in the manner of ALICE (Pillai et al., "All File Systems Are
Not Created Equal", OSDI 2014).

kill -9 leaves the page cache alone, so everything the process wrote reaches the disk later anyway; a
power cut does not. This script records what a real run asks of the file system, then rebuilds the
on-disk states a power cut could leave and opens each one with the real binary:

  1. `crisiscell demo --data DIR` seeds a directory (untraced); a copy of it is the state before the run.
  2. `crisiscell _append --data DIR --count N --label pc --compact-every K` runs under strace. It prints
     `ok pc I` on standard output once operation I is durable (the acknowledgement), and compacts (new
     snapshot and an empty journal, each by temp file, fsync, rename, directory fsync) every K lines.
  3. The trace becomes an ordered list of micro-operations on the data directory (creat, write with its
     offset and bytes, truncate, rename, link, unlink, mkdir, fsync of a file, fsync of a directory) with
     the acknowledgements between them. Replaying the whole list over the seed copy must give exactly
     the directory the run left; otherwise the trace was misread and the script stops (exit 2).
  4. At every boundary between micro-operations (a crash point) the operations made durable by an
     earlier fsync are kept; the others may be dropped, kept, kept in part (a write cut at half or at a
     block boundary) or reordered, within one of these persistence models:
       ext4   ext4 with data=ordered: directory operations reach the disk in order (one journal) and any
              fsync commits all of them; a file's own writes persist as a prefix of what was written; a
              rename over an existing file brings the renamed file's data with it (auto_da_alloc).
       weak   what ALICE calls out: a rename (or any directory operation) may persist before the data
              written to the file it names; appended bytes may persist as zeros (the size before the
              data); an fsync covers only its own file or directory.
       reorder  weak, and directory operations not yet synced persist in any order (one of them lost,
              later ones kept).
  5. Each state is written to a fresh directory (0700, files 0600, hard links kept) and opened with
     `crisiscell check` and `crisiscell export all --format json`. It RECOVERS when both succeed, every
     operation acknowledged before the crash point is there exactly once, the seeded data is all there,
     nothing is there twice and nothing appears that was never written.

What it cannot see: writes through a shared mmap (strace shows none; the program maps files read-only)
and other processes' writes (only the traced run's are replayed). strace's -s is raised from 65535 to
8 MiB because a snapshot is written a megabyte at a time and every byte must be replayed.

Exit status: 0 when every explored state recovers, 1 otherwise, 2 for a usage or environment problem
(strace missing or not allowed to trace, no binary, a trace that does not replay to the real result).

    python3 scripts/powercut.py                 # short form (CI, ~15 s): N=30, K=8, every crash point
    python3 scripts/powercut.py --long          # N=100, K=7, every crash point, up to 40 states each:
                                                # more cuts and seeded random subsets (~5 min on 2 cores)
    python3 scripts/powercut.py --long --seed 7 # replays a long run's choices
    python3 scripts/powercut.py --fresh         # from an empty directory: the first append creates the journal
"""

from __future__ import annotations

import argparse
import concurrent.futures
import hashlib
import itertools
import json
import os
import random
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

LABEL = "pc"
BLOCK = 4096
SECTOR = 512
# Snapshots are streamed a megabyte at a time: strace must show every byte of a write, not the default 32.
STRSIZE = 8 * 1024 * 1024
TRACED_CALLS = [
    "open", "openat", "creat", "close", "dup", "dup2", "dup3", "fcntl", "lseek",
    "write", "pwrite64", "writev", "pwritev", "pwritev2",
    "ftruncate", "truncate", "fallocate",
    "fsync", "fdatasync", "sync", "syncfs", "sync_file_range",
    "rename", "renameat", "renameat2", "unlink", "unlinkat", "rmdir", "mkdir", "mkdirat", "link", "linkat",
    "copy_file_range", "sendfile", "splice",
]

META_KINDS = ("creat", "mkdir", "link", "unlink", "rename", "rmdir")
DATA_KINDS = ("write", "trunc")
BARRIER_KINDS = ("fsync", "fsyncdir", "sync")


class EnvironmentProblem(Exception):
    """Something outside the program under test is wrong (exit 2)."""


# --------------------------------------------------------------------------------------------------
# The file-system model: names to inode numbers, inodes to contents.

@dataclass
class Op:
    index: int
    kind: str                       # one of META_KINDS, DATA_KINDS, BARRIER_KINDS
    ino: int | None = None
    path: str | None = None         # the name it works on (rename, link: the source)
    dest: str | None = None         # rename, link: the new name
    replaced: int | None = None     # rename over an existing name: the inode that loses it
    offset: int = 0
    data: bytes = b""
    size: int = 0                   # trunc: the new size
    dirs: tuple = ()                # directories whose entries change (for fsync of a directory)
    time: str = ""

    @property
    def is_meta(self) -> bool:
        return self.kind in META_KINDS

    @property
    def is_data(self) -> bool:
        return self.kind in DATA_KINDS

    @property
    def is_barrier(self) -> bool:
        return self.kind in BARRIER_KINDS

    def describe(self) -> str:
        name = lambda p: p if p else "."
        if self.kind == "write":
            return f"write {name(self.path)} @{self.offset} +{len(self.data)} {preview(self.data)}"
        if self.kind == "trunc":
            return f"truncate {name(self.path)} to {self.size}"
        if self.kind in ("rename", "link"):
            return f"{self.kind} {name(self.path)} -> {name(self.dest)}" + (" (replacing)" if self.replaced is not None else "")
        if self.kind == "fsync":
            return f"fsync {name(self.path)}"
        if self.kind == "fsyncdir":
            return f"fsync dir {name(self.path)}"
        if self.kind == "sync":
            return "sync"
        return f"{self.kind} {name(self.path)}"


def preview(data: bytes) -> str:
    text = data[:40].decode("utf-8", "replace").replace("\n", "\\n")
    m = re.search(rb'"text":"([^"]*)"', data[:400])
    if m:
        return f"[{m.group(1).decode('utf-8', 'replace')}]"
    return repr(text + ("…" if len(data) > 40 else ""))


def parent(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


class Tree:
    """A directory's names and contents as a power cut would find them. Contents are immutable bytes shared
    between trees, so a copy costs a dictionary, not the data."""

    _digests: dict[int, tuple[bytes, bytes]] = {}

    def __init__(self, names: dict[str, int], inodes: dict[int, tuple[str, bytes]]):
        self.names = names
        self.inodes = inodes            # inode -> ("file" | "dir", contents)

    @staticmethod
    def read(root: str) -> "Tree":
        names: dict[str, int] = {"": 0}
        inodes: dict[int, tuple[str, bytes]] = {0: ("dir", b"")}
        seen: dict[tuple, int] = {}
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for entry in sorted(dirnames) + sorted(filenames):
                full = os.path.join(dirpath, entry)
                rel = os.path.relpath(full, root)
                st = os.lstat(full)
                if stat.S_ISLNK(st.st_mode):
                    raise EnvironmentProblem(f"{full}: a symbolic link in the data directory")
                key = (st.st_dev, st.st_ino)
                if key in seen:
                    names[rel] = seen[key]
                    continue
                ino = len(inodes)
                seen[key] = ino
                if stat.S_ISDIR(st.st_mode):
                    inodes[ino] = ("dir", b"")
                else:
                    with open(full, "rb") as f:
                        inodes[ino] = ("file", f.read())
                names[rel] = ino
        return Tree(names, inodes)

    def copy(self) -> "Tree":
        return Tree(dict(self.names), dict(self.inodes))

    def apply(self, op: Op, keep: int | str | None = None) -> None:
        """Applies one micro-operation; `keep` cuts a write to its first `keep` bytes, or "zero" persists
        its size but not its bytes."""
        k = op.kind
        if k in ("creat", "mkdir", "link"):
            self.inodes.setdefault(op.ino, ("dir" if k == "mkdir" else "file", b""))
            self.names[op.dest if k == "link" else op.path] = op.ino
        elif k in ("unlink", "rmdir"):
            if self.names.get(op.path) == op.ino:
                del self.names[op.path]
        elif k == "rename":
            self.inodes.setdefault(op.ino, ("file", b""))
            if self.names.get(op.path) == op.ino:
                del self.names[op.path]
                prefix = op.path + "/"
                for name in [n for n in self.names if n.startswith(prefix)]:
                    self.names[op.dest + name[len(op.path):]] = self.names.pop(name)
            self.names[op.dest] = op.ino
        elif k == "write":
            _, old = self.inodes.get(op.ino, ("file", b""))
            data = op.data
            if keep == "zero":
                data = bytes(len(data))
            elif keep is not None:
                data = data[:keep]
            o = op.offset
            if o == 0 and len(data) >= len(old):
                new = data
            elif o == len(old):
                new = old + data
            elif o > len(old):
                new = old + bytes(o - len(old)) + data
            else:
                new = old[:o] + data + old[o + len(data):]
            self.inodes[op.ino] = ("file", new)
        elif k == "trunc":
            _, old = self.inodes.get(op.ino, ("file", b""))
            self.inodes[op.ino] = ("file", old[:op.size] if len(old) >= op.size else old + bytes(op.size - len(old)))

    @classmethod
    def digest(cls, data: bytes) -> bytes:
        hit = cls._digests.get(id(data))
        if hit is not None and hit[0] is data:
            return hit[1]
        d = hashlib.blake2b(data, digest_size=20).digest()
        cls._digests[id(data)] = (data, d)
        return d

    def key(self) -> str:
        """Names, kinds, contents and which names share an inode: equal keys, equal directories."""
        h = hashlib.blake2b(digest_size=20)
        first_name: dict[int, str] = {}
        for name in sorted(self.names):
            ino = self.names[name]
            kind, data = self.inodes[ino]
            if kind == "dir":
                h.update(f"D {name}\0".encode())
            elif ino in first_name:
                h.update(f"L {name} {first_name[ino]}\0".encode())
            else:
                first_name[ino] = name
                h.update(f"F {name} {len(data)} ".encode())
                h.update(self.digest(data))
        return h.hexdigest()

    def write_to(self, root: str) -> None:
        """Writes the tree as the program expects to find it: directories 0700, files 0600, hard links kept."""
        os.mkdir(root, 0o700)
        os.chmod(root, 0o700)
        written: dict[int, str] = {}
        for name in sorted(self.names, key=lambda n: (n.count("/"), n)):
            if name == "":
                continue
            ino = self.names[name]
            kind, data = self.inodes[ino]
            full = os.path.join(root, name)
            if kind == "dir":
                os.mkdir(full, 0o700)
                os.chmod(full, 0o700)
            elif ino in written:
                os.link(written[ino], full)
            else:
                fd = os.open(full, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                try:
                    os.fchmod(fd, 0o600)
                    view = memoryview(data)
                    while view:
                        view = view[os.write(fd, view):]
                finally:
                    os.close(fd)
                written[ino] = full

    def differences(self, other: "Tree") -> list[str]:
        out = []
        for name in sorted(set(self.names) | set(other.names)):
            a, b = self.names.get(name), other.names.get(name)
            if a is None or b is None:
                out.append(f"{name or '.'}: {'missing' if a is None else 'present'} in the replayed trace, "
                           f"{'missing' if b is None else 'present'} on disk")
                continue
            if self.inodes[a] != other.inodes[b]:
                out.append(f"{name}: replayed {len(self.inodes[a][1])} bytes, on disk {len(other.inodes[b][1])} bytes")
        return out


# --------------------------------------------------------------------------------------------------
# Reading strace's output.

LINE = re.compile(r"^(\d+)\s+(\d\d:\d\d:\d\d\.\d+)\s+(.*)$")
TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"(?:\.\.\.)?|[<>()\[\]{},]|[^"<>()\[\]{},]+')
FD_ARG = re.compile(r"^(-?\d+|AT_FDCWD)(?:<(.*)>)?$", re.S)
RESULT = re.compile(r"^(-?\d+|\?)(?:<(.*)>)?", re.S)


def unescape(s: str) -> bytes:
    """strace's quoted text (with -xx every byte is \\xNN) to bytes."""
    if "\\" not in s:
        return s.encode("latin-1")
    if re.fullmatch(r"(?:\\x[0-9a-f]{2})*", s):
        return bytes.fromhex(s.replace("\\x", ""))
    out = bytearray()
    i = 0
    simple = {"n": 10, "t": 9, "r": 13, "v": 11, "f": 12, "\\": 92, '"': 34, "'": 39}
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n == "x":
                out.append(int(s[i + 2:i + 4], 16)); i += 4; continue
            if n.isdigit():
                m = re.match(r"[0-7]{1,3}", s[i + 1:])
                out.append(int(m.group(0), 8)); i += 1 + len(m.group(0)); continue
            out.append(simple.get(n, ord(n))); i += 2; continue
        out.extend(c.encode("utf-8")); i += 1
    return bytes(out)


def split_args(text: str) -> list[str]:
    """Splits a call's argument list at its top-level commas (strings, <annotations> and brackets kept whole)."""
    args, cur, depth, angle, inner = [], [], 0, 0, 0
    for tok in TOKEN.findall(text):
        c = tok[0]
        if angle:
            # Inside an fd's <path>: a socket's "[1->2]" holds a '>' that closes nothing.
            cur.append(tok)
            if tok == "[":
                inner += 1
            elif tok == "]":
                inner -= 1
            elif tok == "<" and inner == 0:
                angle += 1
            elif tok == ">" and inner == 0:
                angle -= 1
            continue
        if c == "<":
            angle, inner = 1, 0
        elif tok in ("(", "[", "{"):
            depth += 1
        elif tok in (")", "]", "}"):
            depth -= 1
        elif tok == "," and depth == 0:
            args.append("".join(cur).strip())
            cur = []
            continue
        cur.append(tok)
    if cur or args:
        args.append("".join(cur).strip())
    return args


def annotated_path(s: str | None) -> str | None:
    return None if s is None else unescape(s).decode("utf-8", "surrogateescape")


def string_arg(arg: str) -> tuple[bytes, bool]:
    """The bytes of a quoted argument and whether strace cut it short."""
    truncated = arg.endswith("...")
    body = arg[:-3] if truncated else arg
    if not (body.startswith('"') and body.endswith('"')):
        raise ValueError(f"not a string argument: {arg[:60]}")
    return unescape(body[1:-1]), truncated


def calls(trace_path: str):
    """Yields (time, name, args, result, annotation) per finished call, joining unfinished/resumed halves."""
    pending: dict[str, str] = {}
    with open(trace_path, "r", encoding="latin-1") as f:
        for raw in f:
            m = LINE.match(raw.rstrip("\n"))
            if not m:
                continue
            pid, when, rest = m.groups()
            if rest.startswith("---") or rest.startswith("+++"):
                continue
            if rest.endswith("<unfinished ...>"):
                pending[pid] = rest[: -len("<unfinished ...>")].rstrip()
                continue
            r = re.match(r"^<\.\.\. (\w+) resumed>\s?(.*)$", rest, re.S)
            if r:
                head = pending.pop(pid, None)
                if head is None:
                    continue
                rest = head + r.group(2) if r.group(2).startswith((")", ",")) else head + " " + r.group(2)
            c = re.match(r"^(\w+)\((.*)$", rest, re.S)
            if not c:
                continue
            name, tail = c.groups()
            cut = tail.rfind(") = ")
            if cut < 0:
                continue
            result_text = tail[cut + 4:]
            rm = RESULT.match(result_text)
            if not rm or rm.group(1) == "?":
                continue
            yield when, name, split_args(tail[:cut]), int(rm.group(1)), annotated_path(rm.group(2))


# --------------------------------------------------------------------------------------------------
# From the trace to micro-operations.

@dataclass
class OpenFile:
    path: str | None                # relative to the data directory, or None outside it
    ino: int | None
    append: bool = False
    pos: int = 0
    is_dir: bool = False


class TraceReader:
    def __init__(self, data_dir: str, seed: Tree):
        self.root = os.path.realpath(data_dir)
        self.live = seed.copy()
        self.next_ino = max(seed.inodes) + 1
        self.fds: dict[int, OpenFile] = {}
        self.ops: list[Op] = []
        self.acks: list[tuple[int, int]] = []   # (operations before it, I of `ok pc I`)

    def rel(self, path: str | None) -> str | None:
        if path is None:
            return None
        path = os.path.normpath(path)
        if path == self.root:
            return ""
        if path.startswith(self.root + "/"):
            return path[len(self.root) + 1:]
        return None

    def at(self, dirfd_arg: str, path_arg: str) -> str | None:
        raw, _ = string_arg(path_arg)
        path = raw.decode("utf-8", "surrogateescape")
        if not path.startswith("/"):
            m = FD_ARG.match(dirfd_arg)
            base = annotated_path(m.group(2)) if m else None
            if base is None:
                base = os.getcwd()
            path = os.path.join(base, path)
        return self.rel(path)

    def fd_of(self, arg: str) -> tuple[int | None, OpenFile | None]:
        m = FD_ARG.match(arg)
        if not m or m.group(1) == "AT_FDCWD":
            return None, None
        fd = int(m.group(1))
        f = self.fds.get(fd)
        if f is None:
            # An fd we did not see opened (inherited, or dup'ed by an untraced call): trust strace's path.
            rel = self.rel(annotated_path(m.group(2)))
            if rel is not None and rel in self.live.names:
                ino = self.live.names[rel]
                f = OpenFile(rel, ino, is_dir=self.live.inodes[ino][0] == "dir", pos=-1)
                self.fds[fd] = f
        return fd, f

    def emit(self, op: Op) -> None:
        op.index = len(self.ops)
        self.live.apply(op)
        self.ops.append(op)

    def new_ino(self) -> int:
        self.next_ino += 1
        return self.next_ino - 1

    def opened(self, fd: int, rel: str | None, flags: str) -> None:
        if rel is None:
            self.fds.pop(fd, None)
            return
        names = self.live.names
        if rel in names:
            ino = names[rel]
            kind, data = self.live.inodes[ino]
            writable = "O_WRONLY" in flags or "O_RDWR" in flags
            if "O_TRUNC" in flags and writable and kind == "file" and data:
                self.emit(Op(0, "trunc", ino=ino, path=rel, size=0))
        elif "O_CREAT" in flags:
            ino = self.new_ino()
            self.emit(Op(0, "creat", ino=ino, path=rel, dirs=(parent(rel),)))
        else:
            raise EnvironmentProblem(f"the trace opens {rel}, which the replayed model does not have")
        self.fds[fd] = OpenFile(rel, ino, append="O_APPEND" in flags,
                                is_dir=self.live.inodes[ino][0] == "dir")

    def write(self, f: OpenFile, data: bytes, offset: int | None) -> None:
        if f.is_dir or not data:
            return
        if offset is None:
            if f.append:
                offset = len(self.live.inodes[f.ino][1])
            elif f.pos < 0:
                raise EnvironmentProblem(f"a write to {f.path} at an unknown position (fd opened before tracing)")
            else:
                offset = f.pos
            f.pos = offset + len(data)
        self.emit(Op(0, "write", ino=f.ino, path=f.path, offset=offset, data=data))

    def read(self, trace_path: str) -> None:
        for when, name, args, ret, ann in calls(trace_path):
            count = len(self.ops)
            self.call(name, args, ret, ann)
            for op in self.ops[count:]:
                op.time = when

    def call(self, name: str, args: list[str], ret: int, ann: str | None) -> None:
        if ret < 0:
            return
        if name in ("open", "openat", "creat"):
            if name == "openat":
                rel, flags = self.at(args[0], args[1]), args[2]
            elif name == "open":
                rel, flags = self.at("AT_FDCWD", args[0]), args[1]
            else:
                rel, flags = self.at("AT_FDCWD", args[0]), "O_WRONLY|O_CREAT|O_TRUNC"
            if rel is None and ann is not None:
                rel = self.rel(ann)
            self.opened(ret, rel, flags)
        elif name == "close":
            m = FD_ARG.match(args[0])
            if m and m.group(1) != "AT_FDCWD":
                self.fds.pop(int(m.group(1)), None)
        elif name in ("dup", "dup2", "dup3") or (name == "fcntl" and args[1].startswith("F_DUPFD")):
            _, f = self.fd_of(args[0])
            if f is None:
                self.fds.pop(ret, None)
            else:
                self.fds[ret] = f  # shares the position, as a duplicated descriptor does
        elif name == "lseek":
            _, f = self.fd_of(args[0])
            if f is not None:
                f.pos = ret
        elif name in ("write", "pwrite64", "writev", "pwritev", "pwritev2"):
            fd, f = self.fd_of(args[0])
            if name in ("write", "pwrite64"):
                data, truncated = string_arg(args[1])
            else:
                parts = re.findall(r'iov_base=("(?:[^"\\]|\\.)*"(?:\.\.\.)?)', args[1])
                pieces = [string_arg(p) for p in parts]
                data, truncated = b"".join(p[0] for p in pieces), any(p[1] for p in pieces)
            if fd == 1:
                for m in re.finditer(rb"ok " + LABEL.encode() + rb" (\d+)\n", data[:ret]):
                    self.acks.append((len(self.ops), int(m.group(1))))
            if f is None:
                return
            if len(data) < ret:
                raise EnvironmentProblem(f"strace showed only {len(data)} of {ret} bytes written to {f.path}: raise STRSIZE")
            offset = int(args[-2 if name == "pwritev2" else -1], 0) if name.startswith("pwrite") else None
            self.write(f, data[:ret], offset)
        elif name in ("ftruncate", "truncate", "fallocate"):
            if name == "truncate":
                rel = self.at("AT_FDCWD", args[0])
                if rel is None:
                    return
                ino = self.live.names[rel]
                path = rel
            else:
                _, f = self.fd_of(args[0])
                if f is None:
                    return
                ino, path = f.ino, f.path
            if name == "fallocate":
                mode, off, length = args[1], int(args[2], 0), int(args[3], 0)
                if mode not in ("0",) :
                    raise EnvironmentProblem(f"fallocate with mode {mode} on {path} is not modelled")
                if off + length > len(self.live.inodes[ino][1]):
                    self.emit(Op(0, "trunc", ino=ino, path=path, size=off + length))
                return
            self.emit(Op(0, "trunc", ino=ino, path=path, size=int(args[1], 0)))
        elif name in ("fsync", "fdatasync", "sync_file_range", "syncfs"):
            _, f = self.fd_of(args[0])
            if name == "syncfs":
                if f is not None:
                    self.emit(Op(0, "sync"))
                return
            if f is None:
                return
            if name == "sync_file_range":
                return  # it promises nothing about metadata or the disk cache: not a barrier
            if f.is_dir:
                self.emit(Op(0, "fsyncdir", ino=f.ino, path=f.path))
            else:
                self.emit(Op(0, "fsync", ino=f.ino, path=f.path))
        elif name == "sync":
            self.emit(Op(0, "sync"))
        elif name in ("rename", "renameat", "renameat2"):
            if name == "rename":
                src, dst = self.at("AT_FDCWD", args[0]), self.at("AT_FDCWD", args[1])
            else:
                src, dst = self.at(args[0], args[1]), self.at(args[2], args[3])
                if name == "renameat2" and "RENAME_EXCHANGE" in args[4]:
                    raise EnvironmentProblem("rename with RENAME_EXCHANGE is not modelled")
            if src is None and dst is None:
                return
            if src is None or dst is None:
                raise EnvironmentProblem(f"a rename across the data directory's edge: {src} -> {dst}")
            ino = self.live.names[src]
            replaced = self.live.names.get(dst)
            if replaced == ino:
                return
            self.emit(Op(0, "rename", ino=ino, path=src, dest=dst, replaced=replaced,
                         dirs=tuple(sorted({parent(src), parent(dst)}))))
        elif name in ("link", "linkat"):
            if name == "link":
                src, dst = self.at("AT_FDCWD", args[0]), self.at("AT_FDCWD", args[1])
            else:
                src, dst = self.at(args[0], args[1]), self.at(args[2], args[3])
            if dst is None:
                return
            if src is None:
                raise EnvironmentProblem(f"a hard link into the data directory from outside it: {dst}")
            self.emit(Op(0, "link", ino=self.live.names[src], path=src, dest=dst, dirs=(parent(dst),)))
        elif name in ("unlink", "unlinkat", "rmdir"):
            if name == "unlinkat":
                rel = self.at(args[0], args[1])
                kind = "rmdir" if "AT_REMOVEDIR" in args[2] else "unlink"
            else:
                rel = self.at("AT_FDCWD", args[0])
                kind = "rmdir" if name == "rmdir" else "unlink"
            if rel is None:
                return
            self.emit(Op(0, kind, ino=self.live.names[rel], path=rel, dirs=(parent(rel),)))
        elif name in ("mkdir", "mkdirat"):
            rel = self.at("AT_FDCWD", args[0]) if name == "mkdir" else self.at(args[0], args[1])
            if rel is None:
                return
            self.emit(Op(0, "mkdir", ino=self.new_ino(), path=rel, dirs=(parent(rel),)))
        elif name in ("copy_file_range", "sendfile", "splice"):
            for a in args[:3]:
                _, f = self.fd_of(a)
                if f is not None:
                    raise EnvironmentProblem(f"{name} on {f.path} is not modelled")


# --------------------------------------------------------------------------------------------------
# Which states a power cut can leave.

@dataclass(frozen=True)
class Spec:
    model: str
    full: frozenset                 # micro-operations (indices) persisted whole
    part: tuple = ()                # ((index, bytes kept or "zero"),) at most one write, cut


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

    def fix(self, spec: Spec, pending: list[int]) -> Spec:
        """Drops what the model cannot persist without something else that is missing."""
        full = set(spec.full)
        part = dict(spec.part)
        model = spec.model
        changed = True
        while changed:
            changed = False
            if model in ("ext4", "weak"):
                gap = False
                for i in pending:
                    if not self.ops[i].is_meta:
                        continue
                    if i not in full:
                        gap = True
                    elif gap:
                        full.discard(i); changed = True
            by_ino: dict[int, list[int]] = {}
            for i in pending:
                if self.ops[i].is_data:
                    by_ino.setdefault(self.ops[i].ino, []).append(i)
            for seq in by_ino.values():
                gap = False
                for i in seq:
                    if gap:
                        if i in full:
                            full.discard(i); changed = True
                        if i in part:
                            del part[i]; changed = True
                    elif i not in full:
                        gap = True
            if model == "ext4":
                for i in list(full):
                    op = self.ops[i]
                    if op.kind == "rename" and op.replaced is not None:
                        needed = [j for j in by_ino.get(op.ino, ()) if j < i]
                        if any(j not in full for j in needed):
                            full.discard(i); changed = True
        return Spec(model, frozenset(full), tuple(sorted(part.items())))

    @staticmethod
    def cuts(op: Op, long: bool, rng: random.Random | None) -> list[int]:
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

    def specs(self, c: int, long: bool, rng: random.Random | None, limit: int) -> list[tuple[Spec, list[int]]]:
        """The states to try at crash point c (after c micro-operations), each with its pending operations."""
        models = ["ext4", "weak", "reorder"]
        out: list[list[tuple[Spec, list[int]]]] = []
        randoms: list[tuple[Spec, list[int]]] = []
        for model in models:
            durable = self.durable(c, model)
            pending = [i for i in range(c) if not self.ops[i].is_barrier and i not in durable]
            base = frozenset(durable - {i for i in durable if self.ops[i].is_barrier})
            writes = [i for i in pending if self.ops[i].kind == "write"]
            last_write = {}
            for i in writes:
                last_write[self.ops[i].ino] = i
            tried: list[Spec] = []
            sampled: list[Spec] = []

            def add(full, part=(), into=tried):
                into.append(self.fix(Spec(model, base | frozenset(full), tuple(part)), pending))

            add(())                                   # only what was synced
            add(pending)                              # everything (what kill -9 leaves)
            for k in range(1, len(pending)):          # in program order, up to a point
                add(pending[:k])
            for k, i in enumerate(pending):           # ... and the next write cut short
                if self.ops[i].kind == "write":
                    for cut in self.cuts(self.ops[i], long, rng):
                        add(pending[:k], ((i, cut),))
            chosen = writes if long else list(last_write.values())
            for w in chosen:                          # one file's last write lost or cut, the rest kept
                later = {j for j in pending if self.ops[j].is_data and self.ops[j].ino == self.ops[w].ino and j >= w}
                add(set(pending) - later)
                for cut in self.cuts(self.ops[w], long, rng):
                    add(set(pending) - later, ((w, cut),))
            if model != "ext4":
                meta_only = [i for i in pending if self.ops[i].is_meta]
                add(meta_only)                        # names persisted, data not
                for w in chosen:                      # sizes persisted, bytes not
                    later = {j for j in pending if self.ops[j].is_data and self.ops[j].ino == self.ops[w].ino and j >= w}
                    add(set(pending) - later, ((w, "zero"),))
            if model == "reorder":
                metas = [i for i in pending if self.ops[i].is_meta]
                for m in metas:                       # one directory change lost, later ones kept
                    add(set(pending) - {m})
            if long and rng is not None and pending:
                for _ in range(6):                    # seeded random subsets, one write possibly cut
                    full = {i for i in pending if rng.random() < 0.5}
                    part = ()
                    cands = [i for i in writes if i not in full]
                    if cands and rng.random() < 0.5:
                        w = rng.choice(cands)
                        cuts = self.cuts(self.ops[w], long, rng) + (["zero"] if model != "ext4" else [])
                        if cuts:
                            part = ((w, rng.choice(cuts)),)
                    add(full, part, into=sampled)
            out.append([(s, pending) for s in tried])
            randoms.extend((s, pending) for s in sampled)
        # Interleaved, so a cap keeps each model's most telling states (only synced, everything, prefixes) first.
        interleaved = [x for group in itertools.zip_longest(*out) for x in group if x is not None]
        seen: set = set()

        def unique(candidates):
            found = []
            for s, pending in candidates:
                if (s.full, s.part) not in seen:
                    seen.add((s.full, s.part))
                    found.append((s, pending))
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


# --------------------------------------------------------------------------------------------------
# Opening a state with the real binary.

@dataclass
class Outcome:
    check_status: int
    check_output: str
    export_status: int
    export_message: str
    labels: list[int] | None = None     # I of every `pc I` entry present, with repeats
    seqs_repeated: bool = False
    seed_missing: int = 0
    others: int = 0                     # entries that are neither seeded nor the workload's


def run(binary: str, args: list[str], timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([binary] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def run_bounded(binary: str, args: list[str]) -> subprocess.CompletedProcess:
    """A run that hangs on a damaged directory counts as killed, not as a hung test."""
    try:
        return run(binary, args, timeout=120)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(args, -9, b"", b"did not finish in 120 s (killed)")


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
    return out


def verdict(outcome: Outcome, acked: list[int], in_flight: set[int]) -> tuple[str, str]:
    """("recovers" | "refuses" | "loses" | "crashes" | "check fails", detail)."""
    if outcome.export_status < 0 or outcome.check_status < 0:
        sig = -min(outcome.export_status, outcome.check_status)
        return "crashes", f"killed by signal {sig}: {outcome.export_message or outcome.check_output}"
    if outcome.export_status != 0:
        msg = first_line(outcome.export_message)
        if not re.search(r"(snapshot\.json|journal\.jsonl|/)", msg):
            msg += "  [the message names no file]"
        return "refuses", msg
    problems = []
    counts: dict[int, int] = {}
    for i in outcome.labels or []:
        counts[i] = counts.get(i, 0) + 1
    lost = [i for i in acked if counts.get(i, 0) == 0]
    doubled = sorted(i for i, n in counts.items() if n > 1)
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
    if problems:
        return "loses", "; ".join(problems)
    if outcome.check_status != 0:
        return "check fails", first_line(outcome.check_output)
    return "recovers", ""


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


# --------------------------------------------------------------------------------------------------

def repository_root() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


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


def main(argv: list[str]) -> int:
    try:
        args = parse_args(argv)
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
        return explore(args, binary, strace, work, started, say)
    except EnvironmentProblem as e:
        print(f"powercut: {e}", file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(work, ignore_errors=True)


def explore(args, binary: str, strace: str, work: str, started: float, say) -> int:
    data = os.path.join(os.path.realpath(work), "data")
    seed_copy = os.path.join(work, "seed")
    if args.fresh:
        os.mkdir(data, 0o700)
    else:
        r = run(binary, ["demo", "--data", data])
        if r.returncode != 0:
            raise EnvironmentProblem(f"`crisiscell demo` failed ({r.returncode}): {r.stderr.decode(errors='replace').strip()}")
    shutil.copytree(data, seed_copy, symlinks=True)
    seed = Tree.read(seed_copy)
    seed_events = seed_event_list(binary, seed_copy)

    trace_path = os.path.join(work, "trace")
    command = [strace, "-f", "-tt", "-yy", "-xx", "-s", str(STRSIZE), "-o", trace_path,
               "-e", "trace=" + ",".join(TRACED_CALLS),
               binary, "_append", "--data", data, "--count", str(args.count), "--label", LABEL,
               "--compact-every", str(args.compact_every)]
    t0 = time.monotonic()
    traced = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=600)
    trace_seconds = time.monotonic() - t0
    if traced.returncode != 0 or not os.path.exists(trace_path):
        err = traced.stderr.decode(errors="replace").strip()
        if "ptrace" in err.lower():
            raise EnvironmentProblem(f"strace cannot trace here (ptrace refused): {err}")
        raise EnvironmentProblem(f"the traced run failed ({traced.returncode}): {err[-500:]}")
    printed = traced.stdout.decode(errors="replace").split()
    expected_acks = args.count

    reader = TraceReader(data, seed)
    reader.read(trace_path)
    ops, acks = reader.ops, reader.acks
    if [i for _, i in acks] != list(range(expected_acks)):
        raise EnvironmentProblem(f"expected acknowledgements {LABEL} 0..{expected_acks - 1} on fd 1 in the trace, "
                                 f"found {len(acks)} ({printed[:6]}…)")
    on_disk = Tree.read(data)
    diff = reader.live.differences(on_disk)
    if diff:
        raise EnvironmentProblem("replaying the trace does not give the directory the run left, so the trace was "
                                 "misread:\n  " + "\n  ".join(diff[:10]))
    compactions = sum(1 for op in ops if op.kind == "rename" and op.dest == "snapshot.json")
    if compactions < 2 and args.count >= 2 * args.compact_every:
        raise EnvironmentProblem(f"expected at least two compactions, saw {compactions}")

    say(f"powercut: {'long form, seed ' + str(args.seed) if args.long else 'short form'}; "
        f"traced `_append --count {args.count} --compact-every {args.compact_every}`: "
        f"{len(ops)} micro-operations, {len(acks)} acknowledgements, {compactions} compactions ({trace_seconds:.1f} s)")

    if args.sabotage:
        ops = sabotaged(ops, args.sabotage)
        say(f"powercut: SABOTAGE {args.sabotage}: {len(reader.ops) - len(ops)} barriers removed; states should now fail")
        ack_shift = {old.index: new for new, old in enumerate(ops)}
        acks = [(next((ack_shift[i] for i in range(pos, len(reader.ops)) if i in ack_shift), len(ops)), k) for pos, k in acks]
        for new, op in enumerate(ops):
            op.index = new
    explorer = Explorer(ops)
    t1 = time.monotonic()
    explorer.checkpoints(seed)
    points = []            # (c, [(spec, pending, key)])
    trees: dict[str, Tree] = {}
    for c in range(len(ops) + 1):
        rng = random.Random(f"{args.seed}:{c}") if args.long else None
        specs = explorer.specs(c, args.long, rng, args.states)
        per_point = []
        seen_keys = set()
        for spec, pending in specs:
            tree = explorer.build(c, spec)
            key = tree.key()
            if key in seen_keys:
                continue          # the same directory by another road: one state
            seen_keys.add(key)
            if key not in trees:
                trees[key] = tree
            per_point.append((spec, pending, key))
        points.append((c, per_point))
    build_seconds = time.monotonic() - t1
    explored = sum(len(p) for _, p in points)
    say(f"powercut: {len(points)} crash points, {explored} states ({len(trees)} distinct directories); opening each with the binary…")

    t2 = time.monotonic()
    outcomes: dict[str, Outcome] = {}
    states_root = os.path.join(work, "states")
    os.mkdir(states_root, 0o700)

    def evaluate(key: str) -> tuple[str, Outcome]:
        where = os.path.join(states_root, key[:16])
        trees[key].write_to(where)
        try:
            return key, open_state(binary, where, seed_events)
        finally:
            shutil.rmtree(where, ignore_errors=True)

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for n, (key, outcome) in enumerate(pool.map(evaluate, list(trees)), 1):
            outcomes[key] = outcome
            if n % 1000 == 0:
                say(f"powercut: {n}/{len(trees)} opened ({time.monotonic() - t2:.0f} s)")
    open_seconds = time.monotonic() - t2

    ack_at = [pos for pos, _ in acks]   # ack k happens after ack_at[k] micro-operations
    tally = {"recovers": 0, "refuses": 0, "loses": 0, "crashes": 0, "check fails": 0}
    failures = []
    warned = 0
    for c, per_point in points:
        acked = [k for k in range(len(acks)) if ack_at[k] <= c]
        in_flight = {len(acked)}        # the operation being written when the power went
        for spec, pending, key in per_point:
            outcome = outcomes[key]
            kind, detail = verdict(outcome, acked, in_flight)
            tally[kind] += 1
            if kind == "recovers" and "warning" in outcome.check_output:
                warned += 1
            if kind != "recovers":
                failures.append((kind, detail, c, spec, pending, key, len(acked)))

    total_seconds = time.monotonic() - started
    kept_dir = None
    if failures and args.keep:
        kept_dir = tempfile.mkdtemp(prefix="powercut-failed-")
        for n, (kind, detail, c, spec, pending, key, nacked) in enumerate(failures[:200]):
            where = os.path.join(kept_dir, f"point{c:04d}-{n:03d}")
            os.mkdir(where, 0o700)
            trees[key].write_to(os.path.join(where, "data"))
            with open(os.path.join(where, "WHAT.txt"), "w") as f:
                f.write(describe_failure(ops, kind, detail, c, spec, pending, nacked) + "\n")

    by_model: dict[str, int] = {}
    for _, per_point in points:
        for spec, _, _ in per_point:
            by_model[spec.model] = by_model.get(spec.model, 0) + 1
    print(summary_table(args, len(points), explored, by_model, len(trees), tally, warned, failures, ops,
                        trace_seconds, build_seconds, open_seconds, total_seconds, kept_dir))
    return 0 if not failures else 1


def sabotaged(ops: list[Op], what: str) -> list[Op]:
    def removed(op: Op) -> bool:
        if what == "journal-fsync":
            return op.kind == "fsync" and op.path == "journal.jsonl"
        if what == "snapshot-fsync":
            return op.kind == "fsync" and (op.path or "").startswith("snapshot.json.")
        return op.kind == "fsyncdir"
    return [op for op in ops if not removed(op)]


def seed_event_list(binary: str, path: str) -> list[tuple]:
    r = run(binary, ["export", "all", "--format", "json", "--data", path])
    if r.returncode != 0:
        raise EnvironmentProblem(f"the seeded directory does not load: {r.stderr.decode(errors='replace').strip()}")
    return [(e.get("seq"), e.get("text")) for e in json.loads(r.stdout)["world"]["events"]]


def describe_failure(ops, kind, detail, c, spec, pending, nacked) -> str:
    part = dict(spec.part)
    lines = [f"{kind}: {detail}",
             f"crash point {c} (after {c} of {len(ops)} micro-operations; {nacked} acknowledged), model {spec.model}",
             "operations not yet made durable by an fsync, and what this state kept of them:"]
    for i in pending:
        mark = "kept" if i in spec.full else f"cut to {part[i]}" if i in part and part[i] != "zero" else \
            "size only (zeros)" if i in part else "lost"
        lines.append(f"  #{i:<4} {mark:<18} {ops[i].describe()}")
    if not pending:
        lines.append("  (none)")
    lo = max(0, c - 3)
    lines.append("last micro-operations before the crash:")
    for op in ops[lo:c]:
        lines.append(f"  #{op.index:<4} {op.time} {op.describe()}")
    return "\n".join(lines)


def summary_table(args, points, explored, by_model, distinct, tally, warned, failures, ops,
                  trace_s, build_s, open_s, total_s, kept_dir) -> str:
    rows = [
        ("form", f"{'long (seed ' + str(args.seed) if args.long else 'short (no random choices'}; --count {args.count}, --compact-every {args.compact_every}, "
                 f"at most {args.states} states per point)"),
        ("micro-operations traced", str(len(ops))),
        ("crash points", str(points)),
        ("states explored", f"{explored} (" + ", ".join(f"{m} {n}" for m, n in by_model.items()) +
                            f"; {distinct} distinct directories opened)"),
        ("recover", f"{tally['recovers']} ({warned} with a warning, e.g. an unfinished last journal line dropped)"),
        ("refuse to load", str(tally["refuses"])),
        ("lose or double acknowledged operations", str(tally["loses"])),
        ("load, but `check` reports problems", str(tally["check fails"])),
        ("crash (killed by a signal) or hang", str(tally["crashes"])),
        ("time", f"{total_s:.1f} s (trace {trace_s:.1f} s, states built {build_s:.1f} s, opened {open_s:.1f} s, {args.jobs} at once)"),
    ]
    width = max(len(k) for k, _ in rows)
    out = ["", "POWER-CUT SUMMARY", "-" * (width + 40)]
    out += [f"{k.ljust(width)}  {v}" for k, v in rows]
    out.append("-" * (width + 40))
    if failures:
        groups: dict[tuple, list] = {}
        for f in failures:
            kind, detail = f[0], f[1]
            sig = detail if kind == "loses" else re.sub(r"\d+", "N", re.sub(r"/[^\s:]*/states/[0-9a-f]+", "STATE", detail))
            groups.setdefault((kind, sig), []).append(f)
        out.append(f"{len(failures)} states do not recover, in {len(groups)} kinds (the first state of each shown):")
        ordered = sorted(groups.items(), key=lambda g: (-len(g[1]), g[1][0][2]))
        for n, ((kind, _), members) in enumerate(ordered):
            kind_, detail, c, spec, pending, key, nacked = members[0]
            points_hit = sorted({m[2] for m in members})
            models = sorted({m[3].model for m in members})
            if n < 8:
                out.append(f"\n[{kind}] x{len(members)} at crash points {compact_ranges(points_hit)} (models: {', '.join(models)})")
                out.append(describe_failure(ops, kind_, detail, c, spec, pending, nacked))
            else:
                if n == 8:
                    out.append("\nand more kinds:")
                out.append(f"  [{kind}] x{len(members)} at crash points {compact_ranges(points_hit)}: {detail}")
        if kept_dir:
            out.append(f"\nstates kept for inspection in {kept_dir} (each with WHAT.txt)")
    else:
        out.append("every explored state recovers")
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
