#!/usr/bin/env python3
"""check-guide.py GUIDE.md SOURCE.c... - every ```c block of the guide must
be an excerpt of one of the sources: its lines, in order and contiguous,
trailing spaces aside. The sources are compiled and run by the host suite,
so the guide shows only code that builds and works. Prints
"guide_snippets: N passed, N failed"; exits 1 on any failure."""
import re
import sys


def blocks(text):
    """(line number, lines) of each ```c block."""
    out, cur, start = [], None, 0
    for n, line in enumerate(text.split("\n"), 1):
        if cur is None and re.fullmatch(r"```c\s*", line):
            cur, start = [], n
        elif cur is not None and line.startswith("```"):
            out.append((start, cur))
            cur = None
        elif cur is not None:
            cur.append(line.rstrip())
    return out


def found_in(block, lines):
    k = len(block)
    return any(lines[i:i + k] == block for i in range(len(lines) - k + 1))


def main():
    guide, sources = sys.argv[1], sys.argv[2:]
    texts = {p: [l.rstrip() for l in open(p, encoding="utf-8").read().split("\n")] for p in sources}
    passed = failed = 0
    for start, block in blocks(open(guide, encoding="utf-8").read()):
        where = [p for p, lines in texts.items() if block and found_in(block, lines)]
        if where:
            passed += 1
        else:
            failed += 1
            print("%s:%d: this C block is not an excerpt of %s" % (guide, start, " ".join(sources)))
    print("guide_snippets: %d passed, %d failed" % (passed, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
