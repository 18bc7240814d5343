"""Reading strace's output, as written by `strace -f -tt -yy -xx -o FILE`: one call a line, each line
`PID HH:MM:SS.micros name(args) = result`, a call interrupted by another thread split into an
`<unfinished ...>` head and a `<... name resumed>` tail."""

from __future__ import annotations

import re
from typing import Iterable, Iterator, NamedTuple

LINE = re.compile(r"^(\d+)\s+(\d\d:\d\d:\d\d\.\d+)\s+(.*)$")
TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"(?:\.\.\.)?|[<>()\[\]{},]|[^"<>()\[\]{},]+')
FD_ARG = re.compile(r"^(-?\d+|AT_FDCWD)(?:<(.*)>)?$", re.S)
RESULT = re.compile(r"^(-?\d+|\?)(?:<(.*)>)?", re.S)
RESUMED = re.compile(r"^<\.\.\. (\w+) resumed>\s?(.*)$", re.S)
CALL = re.compile(r"^(\w+)\((.*)$", re.S)
HEX_ONLY = re.compile(r"(?:\\x[0-9a-f]{2})*")
OCTAL = re.compile(r"[0-7]{1,3}")
UNFINISHED = "<unfinished ...>"
SIMPLE_ESCAPES = {"n": 10, "t": 9, "r": 13, "v": 11, "f": 12, "\\": 92, '"': 34, "'": 39}


class Call(NamedTuple):
    """One finished system call."""
    time: str
    name: str
    args: list[str]                 # top-level arguments, as strace printed them
    result: int
    annotation: str | None          # the path -yy gives the returned descriptor, if any


def unescape(s: str) -> bytes:
    """strace's quoted text (with -xx every byte is \\xNN) to bytes."""
    if "\\" not in s:
        return s.encode("latin-1")
    if HEX_ONLY.fullmatch(s):
        # The common case under -xx, and megabytes long for a snapshot: one conversion, not a loop.
        return bytes.fromhex(s.replace("\\x", ""))
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n == "x":
                out.append(int(s[i + 2:i + 4], 16))
                i += 4
            elif n.isdigit():
                m = OCTAL.match(s, i + 1)
                out.append(int(m.group(0), 8))
                i += 1 + len(m.group(0))
            else:
                out.append(SIMPLE_ESCAPES.get(n, ord(n)))
                i += 2
            continue
        out.extend(c.encode("utf-8"))
        i += 1
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


def parse_call(when: str, rest: str) -> Call | None:
    """One whole `name(args) = result` text, or None for a call that did not return (exit, execve's `?`)."""
    c = CALL.match(rest)
    if not c:
        return None
    name, tail = c.groups()
    # The last ") = ": a string argument may itself hold one.
    cut = tail.rfind(") = ")
    if cut < 0:
        return None
    rm = RESULT.match(tail[cut + 4:])
    if not rm or rm.group(1) == "?":
        return None
    return Call(when, name, split_args(tail[:cut]), int(rm.group(1)), annotated_path(rm.group(2)))


def calls_from_lines(lines: Iterable[str]) -> Iterator[Call]:
    """Every finished call, an unfinished head joined to its resumed tail (strace interleaves threads)."""
    pending: dict[str, str] = {}
    for raw in lines:
        m = LINE.match(raw.rstrip("\n"))
        if not m:
            continue
        pid, when, rest = m.groups()
        if rest.startswith("---") or rest.startswith("+++"):
            continue                # signals and exits
        if rest.endswith(UNFINISHED):
            pending[pid] = rest[: -len(UNFINISHED)].rstrip()
            continue
        r = RESUMED.match(rest)
        if r:
            head = pending.pop(pid, None)
            if head is None:
                continue            # its head came before tracing began
            rest = head + r.group(2) if r.group(2).startswith((")", ",")) else head + " " + r.group(2)
        call = parse_call(when, rest)
        if call is not None:
            yield call


def calls(trace_path: str) -> Iterator[Call]:
    # latin-1 reads any byte; under -xx the text is ASCII anyway.
    with open(trace_path, "r", encoding="latin-1") as f:
        yield from calls_from_lines(f)
