"""What each traced system call does to the data directory: HANDLERS maps a call's name to a function of
the reader (its descriptors and the live directory) and the call, which emits the micro-operations."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, NamedTuple

from .common import LABEL, EnvironmentProblem
from .fsmodel import Op, parent
from .trace import FD_ARG, Call, string_arg

if TYPE_CHECKING:
    from .reader import OpenFile, TraceReader

# Everything that can open, name, write, size or sync a file; each has a handler below.
TRACED_CALLS = [
    "open", "openat", "creat", "close", "dup", "dup2", "dup3", "fcntl", "lseek",
    "write", "pwrite64", "writev", "pwritev", "pwritev2",
    "ftruncate", "truncate", "fallocate",
    "fsync", "fdatasync", "sync", "syncfs", "sync_file_range",
    "rename", "renameat", "renameat2", "unlink", "unlinkat", "rmdir", "mkdir", "mkdirat", "link", "linkat",
    "copy_file_range", "sendfile", "splice",
]
IOV_BASE = re.compile(r'iov_base=("(?:[^"\\]|\\.)*"(?:\.\.\.)?)')
ACK = re.compile(rb"ok " + LABEL.encode() + rb" (\d+)\n")


class Ack(NamedTuple):
    position: int                   # micro-operations before it
    number: int                     # I of `ok pc I`


# --------------------------------------------------------------------------------------------------
# Descriptors.

def _opened(r: TraceReader, call: Call, rel: str | None, flags: str) -> None:
    if rel is None and call.annotation is not None:
        rel = r.rel(call.annotation)
    r.opened(call.result, rel, flags)


def on_open(r: TraceReader, call: Call) -> None:
    _opened(r, call, r.at("AT_FDCWD", call.args[0]), call.args[1])


def on_openat(r: TraceReader, call: Call) -> None:
    _opened(r, call, r.at(call.args[0], call.args[1]), call.args[2])


def on_creat(r: TraceReader, call: Call) -> None:
    _opened(r, call, r.at("AT_FDCWD", call.args[0]), "O_WRONLY|O_CREAT|O_TRUNC")


def on_close(r: TraceReader, call: Call) -> None:
    m = FD_ARG.match(call.args[0])
    if m and m.group(1) != "AT_FDCWD":
        r.fds.pop(int(m.group(1)), None)


def on_dup(r: TraceReader, call: Call) -> None:
    _, f = r.fd_of(call.args[0])
    if f is None:
        r.fds.pop(call.result, None)
    else:
        r.fds[call.result] = f      # shares the position, as a duplicated descriptor does


def on_fcntl(r: TraceReader, call: Call) -> None:
    if call.args[1].startswith("F_DUPFD"):
        on_dup(r, call)


def on_lseek(r: TraceReader, call: Call) -> None:
    _, f = r.fd_of(call.args[0])
    if f is not None:
        f.pos = call.result


# --------------------------------------------------------------------------------------------------
# Contents.

def on_write(r: TraceReader, call: Call) -> None:
    fd, f = r.fd_of(call.args[0])
    data, _ = string_arg(call.args[1])
    _wrote(r, call, fd, f, data)


def on_writev(r: TraceReader, call: Call) -> None:
    fd, f = r.fd_of(call.args[0])
    pieces = [string_arg(p) for p in IOV_BASE.findall(call.args[1])]
    _wrote(r, call, fd, f, b"".join(p[0] for p in pieces))


def _wrote(r: TraceReader, call: Call, fd: int | None, f: OpenFile | None, data: bytes) -> None:
    if fd == 1:
        for m in ACK.finditer(data[:call.result]):
            r.acks.append(Ack(len(r.ops), int(m.group(1))))
    if f is None:
        return
    if len(data) < call.result:
        raise EnvironmentProblem(f"strace showed only {len(data)} of {call.result} bytes written to {f.path}: raise STRSIZE")
    offset = None
    if call.name.startswith("pwrite"):
        # pwritev2 ends with its flags, after the offset.
        offset = int(call.args[-2 if call.name == "pwritev2" else -1], 0)
    r.write(f, data[:call.result], offset)


def on_truncate(r: TraceReader, call: Call) -> None:
    rel = r.at("AT_FDCWD", call.args[0])
    if rel is not None:
        r.emit(Op(0, "trunc", ino=r.live.names[rel], path=rel, size=int(call.args[1], 0)))


def on_ftruncate(r: TraceReader, call: Call) -> None:
    _, f = r.fd_of(call.args[0])
    if f is not None:
        r.emit(Op(0, "trunc", ino=f.ino, path=f.path, size=int(call.args[1], 0)))


def on_fallocate(r: TraceReader, call: Call) -> None:
    _, f = r.fd_of(call.args[0])
    if f is None:
        return
    mode, off, length = call.args[1], int(call.args[2], 0), int(call.args[3], 0)
    if mode not in ("0",):
        raise EnvironmentProblem(f"fallocate with mode {mode} on {f.path} is not modelled")
    # Mode 0 only ever grows the file; the new bytes read as zeros, as a truncate upwards leaves them.
    if off + length > len(r.live.inodes[f.ino].data):
        r.emit(Op(0, "trunc", ino=f.ino, path=f.path, size=off + length))


# --------------------------------------------------------------------------------------------------
# Barriers.

def on_fsync(r: TraceReader, call: Call) -> None:
    _, f = r.fd_of(call.args[0])
    if f is None:
        return
    r.emit(Op(0, "fsyncdir" if f.is_dir else "fsync", ino=f.ino, path=f.path))


def on_sync_file_range(r: TraceReader, call: Call) -> None:
    # It promises nothing about metadata or the disk cache: not a barrier. The descriptor is still
    # looked at, so one opened before tracing is known from here on.
    r.fd_of(call.args[0])


def on_syncfs(r: TraceReader, call: Call) -> None:
    _, f = r.fd_of(call.args[0])
    if f is not None:
        r.emit(Op(0, "sync"))


def on_sync(r: TraceReader, call: Call) -> None:
    r.emit(Op(0, "sync"))


# --------------------------------------------------------------------------------------------------
# Names.

def on_rename(r: TraceReader, call: Call) -> None:
    _renamed(r, r.at("AT_FDCWD", call.args[0]), r.at("AT_FDCWD", call.args[1]))


def on_renameat(r: TraceReader, call: Call) -> None:
    src, dst = r.at(call.args[0], call.args[1]), r.at(call.args[2], call.args[3])
    if call.name == "renameat2" and "RENAME_EXCHANGE" in call.args[4]:
        raise EnvironmentProblem("rename with RENAME_EXCHANGE is not modelled")
    _renamed(r, src, dst)


def _renamed(r: TraceReader, src: str | None, dst: str | None) -> None:
    if src is None and dst is None:
        return
    if src is None or dst is None:
        raise EnvironmentProblem(f"a rename across the data directory's edge: {src} -> {dst}")
    ino = r.live.names[src]
    replaced = r.live.names.get(dst)
    if replaced == ino:
        return                      # renaming a name onto a link of the same file does nothing
    r.emit(Op(0, "rename", ino=ino, path=src, dest=dst, replaced=replaced,
              dirs=tuple(sorted({parent(src), parent(dst)}))))


def on_link(r: TraceReader, call: Call) -> None:
    _linked(r, r.at("AT_FDCWD", call.args[0]), r.at("AT_FDCWD", call.args[1]))


def on_linkat(r: TraceReader, call: Call) -> None:
    _linked(r, r.at(call.args[0], call.args[1]), r.at(call.args[2], call.args[3]))


def _linked(r: TraceReader, src: str | None, dst: str | None) -> None:
    if dst is None:
        return
    if src is None:
        raise EnvironmentProblem(f"a hard link into the data directory from outside it: {dst}")
    r.emit(Op(0, "link", ino=r.live.names[src], path=src, dest=dst, dirs=(parent(dst),)))


def on_unlink(r: TraceReader, call: Call) -> None:
    _removed(r, r.at("AT_FDCWD", call.args[0]), "rmdir" if call.name == "rmdir" else "unlink")


def on_unlinkat(r: TraceReader, call: Call) -> None:
    _removed(r, r.at(call.args[0], call.args[1]), "rmdir" if "AT_REMOVEDIR" in call.args[2] else "unlink")


def _removed(r: TraceReader, rel: str | None, kind: str) -> None:
    if rel is not None:
        r.emit(Op(0, kind, ino=r.live.names[rel], path=rel, dirs=(parent(rel),)))


def on_mkdir(r: TraceReader, call: Call) -> None:
    _made_dir(r, r.at("AT_FDCWD", call.args[0]))


def on_mkdirat(r: TraceReader, call: Call) -> None:
    _made_dir(r, r.at(call.args[0], call.args[1]))


def _made_dir(r: TraceReader, rel: str | None) -> None:
    if rel is not None:
        r.emit(Op(0, "mkdir", ino=r.new_ino(), path=rel, dirs=(parent(rel),)))


def on_copy(r: TraceReader, call: Call) -> None:
    # Kernel-side copies show no bytes, so they cannot be replayed: refuse rather than guess.
    for a in call.args[:3]:
        _, f = r.fd_of(a)
        if f is not None:
            raise EnvironmentProblem(f"{call.name} on {f.path} is not modelled")


HANDLERS: dict[str, Callable[[TraceReader, Call], None]] = {
    "open": on_open, "openat": on_openat, "creat": on_creat, "close": on_close,
    "dup": on_dup, "dup2": on_dup, "dup3": on_dup, "fcntl": on_fcntl, "lseek": on_lseek,
    "write": on_write, "pwrite64": on_write, "writev": on_writev, "pwritev": on_writev, "pwritev2": on_writev,
    "ftruncate": on_ftruncate, "truncate": on_truncate, "fallocate": on_fallocate,
    "fsync": on_fsync, "fdatasync": on_fsync, "sync": on_sync, "syncfs": on_syncfs,
    "sync_file_range": on_sync_file_range,
    "rename": on_rename, "renameat": on_renameat, "renameat2": on_renameat,
    "unlink": on_unlink, "unlinkat": on_unlinkat, "rmdir": on_unlink,
    "mkdir": on_mkdir, "mkdirat": on_mkdirat, "link": on_link, "linkat": on_linkat,
    "copy_file_range": on_copy, "sendfile": on_copy, "splice": on_copy,
}
