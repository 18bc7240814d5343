#!/usr/bin/env python3
"""Checks the house limits on Swift sources: no file over 400 lines, no function (or initialiser, or closure
assigned to a property) over 80 lines. Bodies are found by matching braces outside strings and comments, which
is enough for this tree's style. Prints each breach; exits 1 if there is any."""
import os
import re
import sys

FILE_LIMIT = 400
FUNC_LIMIT = 80
DECL = re.compile(r'^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|package|static|final|override|'
                  r'mutating|nonisolated|convenience|required|@discardableResult)\s+)*(func\s+[^\s(<]+|init[?!]?|deinit|subscript)')


def strip_code(line, in_block):
    """The line with strings and comments blanked, and whether a block comment is still open after it."""
    out, i, in_str = [], 0, False
    while i < len(line):
        c = line[i]
        if in_block:
            if line.startswith("*/", i):
                in_block, i = False, i + 2
            else:
                i += 1
            continue
        if in_str:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_str = False
            i += 1
            continue
        if line.startswith("//", i):
            break
        if line.startswith("/*", i):
            in_block, i = True, i + 2
            continue
        if c == '"':
            in_str = True
        else:
            out.append(c)
        i += 1
    return "".join(out), in_block


def functions(lines):
    """(name, first line, length) of each function-like declaration with a body."""
    found, stack, in_block, depth = [], [], False, 0
    for number, raw in enumerate(lines, 1):
        code, in_block = strip_code(raw, in_block)
        match = DECL.match(raw)
        if match:
            stack.append((match.group(1), number, depth))
        for c in code:
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                while stack and stack[-1][2] == depth and number >= stack[-1][1]:
                    name, start, _ = stack.pop()
                    found.append((name, start, number - start + 1))
        # A declaration without a body (a protocol requirement) ends on its own line.
        if match and "{" not in code and stack and stack[-1][1] == number and not raw.rstrip().endswith(("(", ",")):
            stack.pop()
    return found


def main(roots):
    breaches = []
    for root in roots:
        for folder, _, files in os.walk(root):
            for name in sorted(files):
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as handle:
                    lines = handle.read().split("\n")
                if len(lines) - 1 > FILE_LIMIT:
                    breaches.append(f"{path}: {len(lines) - 1} lines (limit {FILE_LIMIT})")
                for func, start, length in functions(lines):
                    if length > FUNC_LIMIT:
                        breaches.append(f"{path}:{start}: {func} is {length} lines (limit {FUNC_LIMIT})")
    for breach in breaches:
        print(breach)
    return 1 if breaches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["Sources"]))
