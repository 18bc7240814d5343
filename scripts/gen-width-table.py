#!/usr/bin/env python3
"""Regenerates Sources/CrisisUI/Text/WidthTable.swift from this machine's glibc wcwidth()."""
import ctypes, locale, os

locale.setlocale(locale.LC_ALL, 'C.UTF-8')
libc = ctypes.CDLL('libc.so.6')
libc.wcwidth.argtypes = [ctypes.c_wchar]

def ranges(w):
    out, start, prev = [], None, None
    for cp in range(0x20, 0x110000):
        v = None if 0xD800 <= cp <= 0xDFFF else libc.wcwidth(chr(cp))
        if v == w:
            if start is None:
                start = cp
            prev = cp
        elif start is not None:
            out.append((start, prev)); start = None
    if start is not None:
        out.append((start, prev))
    return out

def fmt(rs):
    lines, line = [], "        "
    for a, b in rs:
        it = f"(0x{a:X}, 0x{b:X}), "
        if len(line) + len(it) > 120:
            lines.append(line.rstrip()); line = "        "
        line += it
    lines.append(line.rstrip())
    return "\n".join(lines)

src = f'''// Generated from glibc's wcwidth() in the C.UTF-8 locale (Debian 12, glibc 2.36), the same table
// ncurses and the terminal use to advance the cursor, so columns computed here match the screen.
// Regenerate with scripts/gen-width-table.py when the platform's Unicode version moves.

enum WidthTable {{
    /// Code points that take no column (combining marks, format characters).
    static let zero: [(UInt32, UInt32)] = [
{fmt(ranges(0))}
    ]
    /// Code points that take two columns (East Asian wide and fullwidth, most emoji).
    static let wide: [(UInt32, UInt32)] = [
{fmt(ranges(2))}
    ]
    /// Code points glibc calls non-printable (beyond C0/C1 controls): unassigned and private-use gaps.
    static let nonPrintable: [(UInt32, UInt32)] = [
{fmt(ranges(-1))}
    ]
}}
'''
path = os.path.join(os.path.dirname(__file__), '..', 'Sources', 'CrisisUI', 'Text', 'WidthTable.swift')
open(path, 'w').write(src)
