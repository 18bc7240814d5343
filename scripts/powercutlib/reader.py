"""From the trace to micro-operations: the reader follows descriptors and names inside the data
directory; each traced system call is handled by its entry in syscalls.HANDLERS."""

from __future__ import annotations

import os
from dataclasses import dataclass

from .common import EnvironmentProblem
from .fsmodel import Op, Tree, parent
from .syscalls import HANDLERS, Ack
from .trace import FD_ARG, Call, annotated_path, calls, string_arg


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
        # The directory as the calls so far left it: names resolve against it, as the kernel's did.
        self.live = seed.copy()
        self.next_ino = max(seed.inodes) + 1
        self.fds: dict[int, OpenFile] = {}
        self.ops: list[Op] = []
        self.acks: list[Ack] = []

    def read(self, trace_path: str) -> None:
        for call in calls(trace_path):
            self.call(call)

    def call(self, call: Call) -> None:
        if call.result < 0:
            return                  # a failed call changed nothing
        count = len(self.ops)
        handler = HANDLERS.get(call.name)
        if handler is not None:
            handler(self, call)
        for op in self.ops[count:]:
            op.time = call.time

    # ----------------------------------------------------------------------------------------------
    # Names and descriptors.

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
                f = OpenFile(rel, ino, is_dir=self.live.inodes[ino].kind == "dir", pos=-1)
                self.fds[fd] = f
        return fd, f

    def emit(self, op: Op) -> None:
        op.index = len(self.ops)
        self.live.apply(op)
        self.ops.append(op)

    def new_ino(self) -> int:
        self.next_ino += 1
        return self.next_ino - 1

    # ----------------------------------------------------------------------------------------------
    # Opening and writing, for the handlers.

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
                                is_dir=self.live.inodes[ino].kind == "dir")

    def write(self, f: OpenFile, data: bytes, offset: int | None) -> None:
        if f.is_dir or not data:
            return
        if offset is None:
            if f.append:
                offset = len(self.live.inodes[f.ino].data)
            elif f.pos < 0:
                raise EnvironmentProblem(f"a write to {f.path} at an unknown position (fd opened before tracing)")
            else:
                offset = f.pos
            f.pos = offset + len(data)
        self.emit(Op(0, "write", ino=f.ino, path=f.path, offset=offset, data=data))
