"""The file-system model: micro-operations on the data directory, and the directory (names to inode
numbers, inodes to contents) that a sequence of them leaves."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from typing import NamedTuple

from .common import EnvironmentProblem

META_KINDS = ("creat", "mkdir", "link", "unlink", "rename", "rmdir")
DATA_KINDS = ("write", "trunc")
BARRIER_KINDS = ("fsync", "fsyncdir", "sync")


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
    # A journal line is easier to recognise by its log entry's text than by its first 40 bytes.
    m = re.search(rb'"text":"([^"]*)"', data[:400])
    if m:
        return f"[{m.group(1).decode('utf-8', 'replace')}]"
    return repr(text + ("…" if len(data) > 40 else ""))


def parent(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def spliced(old: bytes, data: bytes, offset: int) -> bytes:
    """A file's contents after `data` is written at `offset` (a hole before it reads as zeros)."""
    if offset == 0 and len(data) >= len(old):
        return data
    if offset == len(old):
        return old + data
    if offset > len(old):
        return old + bytes(offset - len(old)) + data
    return old[:offset] + data + old[offset + len(data):]


class Inode(NamedTuple):
    kind: str                       # "file" | "dir"
    data: bytes


class Tree:
    """A directory's names and contents as a power cut would find them. Contents are immutable bytes shared
    between trees, so a copy costs a dictionary, not the data."""

    _digests: dict[int, tuple[bytes, bytes]] = {}

    def __init__(self, names: dict[str, int], inodes: dict[int, Inode]):
        self.names = names
        self.inodes = inodes

    @staticmethod
    def read(root: str) -> "Tree":
        names: dict[str, int] = {"": 0}
        inodes: dict[int, Inode] = {0: Inode("dir", b"")}
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
                    inodes[ino] = Inode("dir", b"")
                else:
                    with open(full, "rb") as f:
                        inodes[ino] = Inode("file", f.read())
                names[rel] = ino
        return Tree(names, inodes)

    def copy(self) -> "Tree":
        return Tree(dict(self.names), dict(self.inodes))

    def apply(self, op: Op, keep: int | str | None = None) -> None:
        """Applies one micro-operation; `keep` cuts a write to its first `keep` bytes, or "zero" persists
        its size but not its bytes."""
        k = op.kind
        if k in ("creat", "mkdir", "link"):
            self.inodes.setdefault(op.ino, Inode("dir" if k == "mkdir" else "file", b""))
            self.names[op.dest if k == "link" else op.path] = op.ino
        elif k in ("unlink", "rmdir"):
            # Only if the name still holds this inode: a reordered state may have lost the name already.
            if self.names.get(op.path) == op.ino:
                del self.names[op.path]
        elif k == "rename":
            self._rename(op)
        elif k == "write":
            data = op.data
            if keep == "zero":
                data = bytes(len(data))
            elif keep is not None:
                data = data[:keep]
            old = self.inodes.get(op.ino, Inode("file", b"")).data
            self.inodes[op.ino] = Inode("file", spliced(old, data, op.offset))
        elif k == "trunc":
            old = self.inodes.get(op.ino, Inode("file", b"")).data
            new = old[:op.size] if len(old) >= op.size else old + bytes(op.size - len(old))
            self.inodes[op.ino] = Inode("file", new)

    def _rename(self, op: Op) -> None:
        self.inodes.setdefault(op.ino, Inode("file", b""))
        if self.names.get(op.path) == op.ino:
            del self.names[op.path]
            # A renamed directory takes its entries with it.
            prefix = op.path + "/"
            for name in [n for n in self.names if n.startswith(prefix)]:
                self.names[op.dest + name[len(op.path):]] = self.names.pop(name)
        self.names[op.dest] = op.ino

    @classmethod
    def digest(cls, data: bytes) -> bytes:
        # Keyed by identity (with the object kept alive, so the id is not reused): a snapshot's megabytes
        # are shared by thousands of trees and hashed once.
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
                write_file(full, data)
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
                out.append(f"{name}: replayed {len(self.inodes[a].data)} bytes, on disk {len(other.inodes[b].data)} bytes")
        return out


def write_file(full: str, data: bytes) -> None:
    fd = os.open(full, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        # The umask may have narrowed the mode; the program checks it.
        os.fchmod(fd, 0o600)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
